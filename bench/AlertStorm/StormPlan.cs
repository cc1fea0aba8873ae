using System.Globalization;
using System.Text.Json;

namespace HospitalOps.Bench.AlertStorm;

/// <summary>
/// The alerts of the storm, decided before it starts so that every system gets the same posts in the same order.
/// <para>
/// CIs × alert names distinct alerts (keys). Over <c>Seconds</c> seconds, <c>Rate</c> alerts a second in posts of
/// <c>PostSize</c>, one post every 1000 / (Rate / PostSize) ms. The CIs (shuffled with a fixed seed) come up in
/// equal slices: each second about 1/<c>Seconds</c> of them fire for the first time, all their alert names in the same
/// post (a CI in trouble raises its alerts together), and the rest of every post re-sends alerts already firing, round
/// robin over everything that fired so far (as Prometheus re-sends what is still firing). While fewer alerts fire than a
/// post holds (the first two seconds), a post repeats some of them.
/// </para>
/// </summary>
internal sealed class StormPlan
{
    public static readonly string[] Names = ["InstanceDown", "HighCpuLoad", "DiskSpaceLow", "NetworkErrors"];

    private static readonly string[] Severities = ["critical", "major", "warning", "info"];

    private static readonly string[] Jobs = ["his", "emr", "lis", "pacs", "ris", "hrp", "oa", "cis", "nis", "pis"];

    public StormPlan(int cis, int names, int seconds, int rate, int postSize)
    {
        if (names < 1 || names > Names.Length || rate % postSize != 0 || cis < seconds)
        {
            throw new ArgumentException("names 1–4, rate a multiple of the post size, at least one CI a second");
        }

        Cis = cis;
        NameCount = names;
        Seconds = seconds;
        Rate = rate;
        PostSize = postSize;
        PostsPerSecond = rate / postSize;
        Posts = new int[seconds * PostsPerSecond][];
        NewInPost = new int[Posts.Length];
        FirstPost = new int[Keys];
        Array.Fill(FirstPost, -1);

        var order = Enumerable.Range(0, cis).ToArray();
        new Random(20261122).Shuffle(order);
        var firing = new List<int>(Keys);
        var cursor = 0;
        for (var p = 0; p < Posts.Length; p++)
        {
            // The CIs whose alerts start in this post: an equal share of the whole, by post.
            var from = (int)((long)p * cis / Posts.Length);
            var to = (int)((long)(p + 1) * cis / Posts.Length);
            var keys = new List<int>(postSize);
            for (var i = from; i < to; i++)
            {
                for (var n = 0; n < names; n++)
                {
                    var key = order[i] * names + n;
                    keys.Add(key);
                    FirstPost[key] = p;
                }
            }

            NewInPost[p] = keys.Count;
            if (keys.Count > postSize)
            {
                throw new ArgumentException("more new alerts in a post than the post holds");
            }

            firing.AddRange(keys);
            while (keys.Count < postSize)
            {
                keys.Add(firing[cursor % firing.Count]);
                cursor = (cursor + 1) % firing.Count;
            }

            Posts[p] = [.. keys];
        }
    }

    public int Cis { get; }

    public int NameCount { get; }

    public int Seconds { get; }

    public int Rate { get; }

    public int PostSize { get; }

    public int PostsPerSecond { get; }

    public int Keys => Cis * NameCount;

    /// <summary>The keys (ci × names + name) of every post, in sending order.</summary>
    public int[][] Posts { get; }

    /// <summary>How many keys of a post are sent for the first time (they lead the post).</summary>
    public int[] NewInPost { get; }

    /// <summary>The post that sends a key first.</summary>
    public int[] FirstPost { get; }

    public double IntervalMs => 1000.0 / PostsPerSecond;

    public static string Ci(int ci) => $"ci-{ci:D4}";

    public static int? KeyOf(string? ci, string? alertname, int names)
    {
        if (ci is null || alertname is null || !ci.StartsWith("ci-", StringComparison.Ordinal)
            || !int.TryParse(ci.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var c))
        {
            return null;
        }

        var n = Array.IndexOf(Names, alertname);
        return n < 0 || n >= names ? null : c * names + n;
    }

    /// <summary>
    /// The body of post <paramref name="p"/> as Prometheus sends it: startsAt is when the alert first fired (its first
    /// post's scheduled time), endsAt the post's time plus 15 minutes (Prometheus: a few resend intervals ahead).
    /// </summary>
    public byte[] Body(int p, double t0Ms)
    {
        using var stream = new MemoryStream(PostSize * 330);
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartArray();
            var ends = Iso(t0Ms + p * IntervalMs + 15 * 60_000);
            foreach (var key in Posts[p])
            {
                var ci = key / NameCount;
                var n = key % NameCount;
                w.WriteStartObject();
                w.WriteStartObject("labels");
                w.WriteString("alertname", Names[n]);
                w.WriteString("ci", Ci(ci));
                w.WriteString("instance", $"host-{ci:D4}.hospital.local:9100");
                w.WriteString("job", Jobs[ci % Jobs.Length]);
                w.WriteString("severity", Severities[n]);
                w.WriteEndObject();
                w.WriteStartObject("annotations");
                w.WriteString("summary", $"{Names[n]} on {Ci(ci)}");
                w.WriteString("description", $"{Names[n]} has been firing on host-{ci:D4} ({Jobs[ci % Jobs.Length]}) since the storm began.");
                w.WriteEndObject();
                w.WriteString("startsAt", Iso(t0Ms + FirstPost[key] * IntervalMs));
                w.WriteString("endsAt", ends);
                w.WriteString("generatorURL", $"http://prometheus.hospital.local:9090/graph?g0.expr={Names[n]}");
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return stream.ToArray();
    }

    private static string Iso(double unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)unixMs).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
