using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using HospitalOps.Monitoring.Import;
using HospitalOps.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Monitoring.Tests.Prometheus;

/// <summary>
/// The differential check: one generated data set loaded into Debian's Prometheus 2.42 (promtool blocks) and into
/// HospitalOps (history import), the same few hundred queries asked of both through their HTTP APIs, as instant
/// queries at several times and as range queries; every answer must be the same.
/// </summary>
public sealed class DifferentialTests
{
    [RequiresEnvironmentFact(PrometheusPeer.BinaryVariable)]
    public async Task EveryQuery_GivesTheSameAnswerAsPrometheus242()
    {
        var end = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60) - 1800;
        var start = end - 7200;
        var file = Path.Combine(Path.GetTempPath(), "hospitalops-tests", $"differential-{Guid.NewGuid():N}.om");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, DifferentialData.Build(start, end, seed: 42), new UTF8Encoding(false));
        try
        {
            await using var prometheus = await PrometheusPeer.StartAsync(_ => "global:\n  scrape_interval: 1m\nscrape_configs: []\n", dataDir => CreateBlocksAsync(file, dataDir));
            await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Monitoring:SchedulerEnabled"] = "false" }, clock: ManualClock.Running());
            (await host.Services.GetRequiredService<OpenMetricsImport>().RunAsync(file, _ => { }, CancellationToken.None)).Imported.ShouldBeTrue();
            var admin = await host.AdminAsync();

            var queries = DifferentialQueries.All();
            queries.Count.ShouldBeGreaterThanOrEqualTo(300);
            long[] instants = [end, end - 1020, start + 2100, end + 240, end + 600];
            var mismatches = new List<string>();
            var compared = 0;
            var nonEmpty = 0;
            foreach (var query in queries)
            {
                foreach (var time in instants)
                {
                    var path = $"/api/v1/query?query={Uri.EscapeDataString(query)}&time={time}";
                    Compare(query + " @" + time, await GetAsync(prometheus.Http, path), await GetAsync(admin.Http, "/prometheus" + path), mismatches, ref nonEmpty);
                    compared++;
                }

                var range = $"/api/v1/query_range?query={Uri.EscapeDataString(query)}&start={start + 1800}&end={end + 300}&step=45";
                Compare(query + " range", await GetAsync(prometheus.Http, range), await GetAsync(admin.Http, "/prometheus" + range), mismatches, ref nonEmpty);
                compared++;
            }

            Console.WriteLine($"differential check: {queries.Count} queries, {compared} evaluations compared with Prometheus 2.42, {nonEmpty} with data, {mismatches.Count} different");
            mismatches.ShouldBeEmpty(string.Join("\n", mismatches.Take(15)));
            // Guards against comparing empty answers only; how many have data varies a little with the hour the data ends at.
            nonEmpty.ShouldBeGreaterThan(compared * 2 / 3);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task CreateBlocksAsync(string file, string dataDir)
    {
        var info = new ProcessStartInfo(Path.Combine(Path.GetDirectoryName(Environment.GetEnvironmentVariable(PrometheusPeer.BinaryVariable))!, "promtool"))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var a in new[] { "tsdb", "create-blocks-from", "openmetrics", file, dataDir })
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, output);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(path);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static void Compare(string what, (HttpStatusCode Status, JsonElement Body) theirs, (HttpStatusCode Status, JsonElement Body) ours, List<string> mismatches, ref int nonEmpty)
    {
        if (theirs.Status != ours.Status)
        {
            mismatches.Add($"{what}: status {theirs.Status} vs ours {ours.Status}: {theirs.Body} / {ours.Body}");
            return;
        }

        if (theirs.Status != HttpStatusCode.OK)
        {
            if (theirs.Body.GetProperty("errorType").GetString() != ours.Body.GetProperty("errorType").GetString())
            {
                mismatches.Add($"{what}: error {theirs.Body} vs ours {ours.Body}");
            }

            return;
        }

        var a = theirs.Body.GetProperty("data");
        var b = ours.Body.GetProperty("data");
        if (a.GetProperty("resultType").GetString() != b.GetProperty("resultType").GetString())
        {
            mismatches.Add($"{what}: result type {a.GetProperty("resultType")} vs ours {b.GetProperty("resultType")}");
            return;
        }

        var expected = Flatten(a);
        var actual = Flatten(b);
        if (expected.Count > 0)
        {
            nonEmpty++;
        }

        // Which of several equal values topk and bottomk keep is not part of PromQL's meaning (Prometheus's heap
        // decides); there the values kept at each time are compared, not which series carried them.
        if (what.StartsWith("topk", StringComparison.Ordinal) || what.StartsWith("bottomk", StringComparison.Ordinal))
        {
            expected = ValuesByTime(expected);
            actual = ValuesByTime(actual);
        }

        foreach (var (key, points) in expected)
        {
            if (!actual.TryGetValue(key, out var mine))
            {
                mismatches.Add($"{what}: series {key} missing (ours has {actual.Count} series, Prometheus {expected.Count})");
                return;
            }

            if (mine.Count != points.Count)
            {
                mismatches.Add($"{what}: {key} has {mine.Count} points, Prometheus {points.Count}");
                return;
            }

            for (var i = 0; i < points.Count; i++)
            {
                if (points[i].T != mine[i].T || !Same(points[i].V, mine[i].V))
                {
                    mismatches.Add($"{what}: {key} at {points[i].T}: Prometheus {points[i].V}, ours {mine[i].T} {mine[i].V}");
                    return;
                }
            }
        }

        foreach (var key in actual.Keys.Where(k => !expected.ContainsKey(k)).Take(1))
        {
            mismatches.Add($"{what}: extra series {key}");
        }
    }

    /// <summary>Series by their label text (order-free: topk and sort order are compared as sets), each with its points.</summary>
    private static Dictionary<string, List<(string T, string V)>> Flatten(JsonElement data)
    {
        var result = new Dictionary<string, List<(string, string)>>(StringComparer.Ordinal);
        var r = data.GetProperty("result");
        switch (data.GetProperty("resultType").GetString())
        {
            case "scalar":
            case "string":
                result["scalar"] = [(r[0].GetRawText(), r[1].GetString()!)];
                break;
            case "vector":
                foreach (var s in r.EnumerateArray())
                {
                    result[Key(s.GetProperty("metric"))] = [(s.GetProperty("value")[0].GetRawText(), s.GetProperty("value")[1].GetString()!)];
                }

                break;
            default:
                foreach (var s in r.EnumerateArray())
                {
                    result[Key(s.GetProperty("metric"))] = s.GetProperty("values").EnumerateArray().Select(p => (p[0].GetRawText(), p[1].GetString()!)).ToList();
                }

                break;
        }

        return result;
    }

    private static Dictionary<string, List<(string T, string V)>> ValuesByTime(Dictionary<string, List<(string T, string V)>> series) =>
        series.Values.SelectMany(p => p).GroupBy(p => p.T).ToDictionary(g => g.Key, g => g.OrderBy(p => p.V, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);

    private static string Key(JsonElement metric) => string.Join(",", metric.EnumerateObject().Select(p => p.Name + "=" + p.Value.GetString()).Order(StringComparer.Ordinal));

    private static bool Same(string a, string b)
    {
        if (a == b)
        {
            return true;
        }

        if (!double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || !double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y))
        {
            return false;
        }

        // Summation order may differ in the last bits; anything beyond that is a difference.
        return Math.Abs(x - y) <= 1e-9 * Math.Max(Math.Abs(x), Math.Abs(y)) || Math.Abs(x - y) < 1e-12;
    }
}
