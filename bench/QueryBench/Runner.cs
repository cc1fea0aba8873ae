using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace HospitalOps.Bench.QueryBench;

/// <summary>One query of the run: asked of both systems, or of HospitalOps only.</summary>
internal sealed record BenchQuery(string Id, bool Both, bool Range, long Start, long End, int Step, string PromQL)
{
    /// <summary>Lines of TSV: id, both|hops, instant|range, start (s), end (s, the instant's time), step (s), query.</summary>
    public static List<BenchQuery> Read(string path) => File.ReadAllLines(path)
        .Where(l => l.Length > 0 && !l.StartsWith('#'))
        .Select(l => l.Split('\t'))
        .Select(f => new BenchQuery(f[0], f[1] == "both", f[2] == "range", long.Parse(f[3], CultureInfo.InvariantCulture), long.Parse(f[4], CultureInfo.InvariantCulture), int.Parse(f[5], CultureInfo.InvariantCulture), f[6]))
        .ToList();

    public string PathAndQuery(string prefix) => Range
        ? $"{prefix}/api/v1/query_range?query={Uri.EscapeDataString(PromQL)}&start={Start}&end={End}&step={Step}"
        : $"{prefix}/api/v1/query?query={Uri.EscapeDataString(PromQL)}&time={End}";
}

/// <summary>A system under test: its HTTP client, path prefix, and process (for its CPU time).</summary>
internal sealed class Target(string name, string baseUrl, string prefix, string? token, int pid) : IDisposable
{
    private readonly HttpClient _http = Create(baseUrl, token);

    public string Name => name;

    public string Prefix => prefix;

    public int Pid => pid;

    private static HttpClient Create(string baseUrl, string? token)
    {
        // No Accept-Encoding: both answer plain JSON. One connection, kept open; requests one after the other.
        var handler = new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, MaxConnectionsPerServer = 1 };
        var http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(5) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }

        return http;
    }

    /// <summary>Milliseconds from sending the request to the last byte of the body read; the status and the body.</summary>
    public async Task<(double Ms, HttpStatusCode Status, byte[] Body)> AskAsync(string pathAndQuery)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await _http.GetAsync(pathAndQuery, HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsByteArrayAsync();
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return (ms, response.StatusCode, body);
    }

    /// <summary>utime + stime of the process in seconds (0 when no pid was given).</summary>
    public double CpuSeconds()
    {
        if (pid <= 0)
        {
            return 0;
        }

        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>
/// Warms both systems up with each query (at least <c>warmup</c> asks and <c>warmupSeconds</c> of asking), checks that both give the same answer (series, points, values), then
/// asks it N times, interleaved (Prometheus then HospitalOps, then the other way round, …), and records the
/// client-side latency of every request.
/// </summary>
internal static class Runner
{
    public static async Task<int> RunAsync(List<BenchQuery> queries, Target prometheus, Target hops, int runs, int warmup, double warmupSeconds, double maxSeconds, string output)
    {
        await using var tsv = new StreamWriter(output, append: true);
        foreach (var q in queries)
        {
            var targets = q.Both ? new[] { prometheus, hops } : [hops];
            Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {q.Id}: {q.PromQL} ({(q.Range ? $"range {q.End - q.Start} s, step {q.Step} s" : "instant")})");
            var answers = new Dictionary<string, Answer>();
            foreach (var t in targets)
            {
                // Asked for a few seconds, not just a few times: the server's just-in-time compiler reaches its optimised
                // code only after a method has run a while, and it is the steady state that is measured (Prometheus,
                // compiled ahead of time, has no such phase).
                var warming = Stopwatch.StartNew();
                for (var i = 0; i < warmup || warming.Elapsed.TotalSeconds < warmupSeconds; i++)
                {
                    var (ms, status, body) = await t.AskAsync(q.PathAndQuery(t.Prefix));
                    if (i == 0)
                    {
                        answers[t.Name] = Answer.Of(status, body);
                        Console.Error.WriteLine($"    {t.Name}: first answer {ms:F1} ms, {answers[t.Name]}");
                    }
                }
            }

            var check = q.Both ? Answer.Compare(answers[prometheus.Name], answers[hops.Name]) : (answers[hops.Name].Ok ? "hops only" : "ERROR " + answers[hops.Name].Error);
            Console.Error.WriteLine($"    check: {check}");

            var latencies = targets.ToDictionary(t => t.Name, _ => new List<double>());
            var errors = targets.ToDictionary(t => t.Name, _ => 0);
            var cpu = targets.ToDictionary(t => t.Name, t => -t.CpuSeconds());
            var wall = Stopwatch.StartNew();
            for (var i = 0; i < runs && wall.Elapsed.TotalSeconds < maxSeconds; i++)
            {
                // Interleaved, the order swapped every run, so that noise on the machine reaches both.
                var order = i % 2 == 0 ? targets : targets.Reverse().ToArray();
                foreach (var t in order)
                {
                    var (ms, status, _) = await t.AskAsync(q.PathAndQuery(t.Prefix));
                    latencies[t.Name].Add(ms);
                    if (status != HttpStatusCode.OK)
                    {
                        errors[t.Name]++;
                    }
                }
            }

            foreach (var t in targets)
            {
                cpu[t.Name] += t.CpuSeconds();
                var l = latencies[t.Name];
                l.Sort();
                var a = answers[t.Name];
                var line = Tsv(q.Id, t.Name, l.Count, P(l, 0.50), P(l, 0.95), P(l, 0.99), l[0], l[^1], l.Average(), cpu[t.Name] / l.Count * 1000,
                    errors[t.Name], a.Bytes, a.Series, a.Points, check);
                await tsv.WriteLineAsync(line);
                Console.Error.WriteLine(FormattableString.Invariant($"    {t.Name,-11} n={l.Count} p50 {P(l, 0.50):F2} ms  p95 {P(l, 0.95):F2} ms  p99 {P(l, 0.99):F2} ms  max {l[^1]:F2} ms  server CPU {cpu[t.Name] / l.Count * 1000:F1} ms/query  errors {errors[t.Name]}"));
            }

            await tsv.FlushAsync();
        }

        return 0;
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double P(List<double> sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string Tsv(params object[] fields) => string.Join('\t', fields.Select(f => Convert.ToString(f, CultureInfo.InvariantCulture)));

    /// <summary>What an answer holds, enough to tell whether two answers are the same.</summary>
    private sealed record Answer(bool Ok, string? Error, int Bytes, int Series, int Points, Dictionary<string, List<(double T, double V)>> Data)
    {
        public static Answer Of(HttpStatusCode status, byte[] body)
        {
            try
            {
                using var doc = JsonDocument.Parse(body);
                var root = doc.RootElement;
                if (status != HttpStatusCode.OK || root.GetProperty("status").GetString() != "success")
                {
                    return new Answer(false, $"{(int)status} {Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(300, body.Length)))}", body.Length, 0, 0, []);
                }

                var data = root.GetProperty("data");
                var result = data.GetProperty("result");
                var series = new Dictionary<string, List<(double, double)>>();
                var points = 0;
                if (data.GetProperty("resultType").GetString() == "scalar")
                {
                    series[""] = [(result[0].GetDouble(), Parse(result[1]))];
                    return new Answer(true, null, body.Length, 1, 1, series);
                }

                foreach (var s in result.EnumerateArray())
                {
                    var key = string.Join(',', s.GetProperty("metric").EnumerateObject().Select(p => $"{p.Name}={p.Value.GetString()}").Order(StringComparer.Ordinal));
                    var list = new List<(double, double)>();
                    if (s.TryGetProperty("values", out var values))
                    {
                        foreach (var p in values.EnumerateArray())
                        {
                            list.Add((p[0].GetDouble(), Parse(p[1])));
                        }
                    }
                    else
                    {
                        var p = s.GetProperty("value");
                        list.Add((p[0].GetDouble(), Parse(p[1])));
                    }

                    points += list.Count;
                    series[key] = list;
                }

                return new Answer(true, null, body.Length, series.Count, points, series);
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                return new Answer(false, $"{(int)status} unreadable: {ex.Message}", body.Length, 0, 0, []);
            }
        }

        private static double Parse(JsonElement e) => double.Parse(e.GetString()!, CultureInfo.InvariantCulture);

        /// <summary>"same" when both hold the same series with the same timestamps and values (relative 1e-9), else what differs first.</summary>
        public static string Compare(Answer prometheus, Answer hops)
        {
            if (!prometheus.Ok || !hops.Ok)
            {
                return $"ERROR prometheus: {prometheus.Error ?? "ok"}; hospitalops: {hops.Error ?? "ok"}";
            }

            if (prometheus.Series != hops.Series || prometheus.Points != hops.Points)
            {
                return $"DIFFERENT: Prometheus {prometheus.Series} series / {prometheus.Points} points, HospitalOps {hops.Series} / {hops.Points}";
            }

            var worst = 0.0;
            foreach (var (key, expected) in prometheus.Data)
            {
                if (!hops.Data.TryGetValue(key, out var actual) || actual.Count != expected.Count)
                {
                    return $"DIFFERENT: series {key} missing or of another length";
                }

                for (var i = 0; i < expected.Count; i++)
                {
                    if (expected[i].T != actual[i].T)
                    {
                        return $"DIFFERENT: {key} point {i} at {actual[i].T} instead of {expected[i].T}";
                    }

                    var scale = Math.Max(Math.Abs(expected[i].V), 1e-300);
                    worst = Math.Max(worst, Math.Abs(expected[i].V - actual[i].V) / scale);
                }
            }

            return worst <= 1e-9 ? "same" : FormattableString.Invariant($"DIFFERENT: largest relative difference {worst:E2}");
        }

        public override string ToString() => Ok ? $"{Series} series, {Points} points, {Bytes:N0} bytes" : "ERROR " + Error;
    }
}
