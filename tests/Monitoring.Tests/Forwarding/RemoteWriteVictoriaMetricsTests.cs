using System.Globalization;
using System.Text.Json;
using HospitalOps.Tests.Support;

namespace HospitalOps.Monitoring.Tests.Forwarding;

/// <summary>Against a real VictoriaMetrics (scripts/victoriametrics.sh): what it stores is what we collected.</summary>
public sealed class RemoteWriteVictoriaMetricsTests
{
    private static readonly string Victoria = Environment.GetEnvironmentVariable("HOSPITALOPS_TEST_VICTORIA")?.TrimEnd('/') ?? string.Empty;

    [RequiresEnvironmentFact("HOSPITALOPS_TEST_VICTORIA")]
    public async Task Collect_WithRemoteWriteToVictoriaMetrics_StoresEverySampleWithItsLabels()
    {
        // The suite runs twice (SQLite, PostgreSQL) against one VictoriaMetrics: a CI code of its own keeps the runs apart.
        var code = "rw-" + Guid.NewGuid().ToString("N")[..10];
        await using var exporter = await FakeExporter.StartAsync();
        var (host, admin, target, ci) = await RemoteWriteHostTests.StartAsync(exporter, Victoria + "/api/v1/write", code);
        await using var _ = host;
        var times = new List<long>();
        double[] loads = [0.42, 0.5, 1.25];
        foreach (var load in loads)
        {
            exporter.Serve($"""
                # TYPE node_load1 gauge
                node_load1 {load.ToString(CultureInfo.InvariantCulture)}
                # TYPE node_filesystem_avail_bytes gauge
                node_filesystem_avail_bytes{"{"}mountpoint="/data"{"}"} 5.5e+11
                """);
            times.Add(host.Clock.GetUtcNow().ToUnixTimeMilliseconds());
            (await admin.CollectAsync(target)).GetProperty("success").GetBoolean().ShouldBeTrue();
            host.Clock.Advance(TimeSpan.FromSeconds(15));
        }

        var instance = (await admin.LatestAsync(target)).Find("node_load1")!.Value.GetProperty("labels").GetProperty("instance").GetString();
        using var http = new HttpClient();
        var series = await Eventually.ValueAsync(
            () => ExportAsync(http, $"{{ci=\"{code}\"}}", times[0], times[^1]),
            s => s.TryGetValue("node_load1", out var l) && l.Values.Count == 3 && s.TryGetValue("up", out var up) && up.Values.Count == 3 && s.ContainsKey("node_filesystem_avail_bytes"),
            "node_load1, up and node_filesystem_avail_bytes in VictoriaMetrics");

        var load1 = series["node_load1"];
        load1.Values.ShouldBe(loads);
        load1.Timestamps.ShouldBe(times);
        load1.Labels["ci"].ShouldBe(code);
        load1.Labels["ci_id"].ShouldBe(ci.ToString(CultureInfo.InvariantCulture));
        load1.Labels["ci_type"].ShouldBe("os-instance");
        load1.Labels["job"].ShouldBe("prometheus");
        load1.Labels["instance"].ShouldBe(instance);
        series["node_filesystem_avail_bytes"].Labels["mountpoint"].ShouldBe("/data");
        series["node_filesystem_avail_bytes"].Values.ShouldAllBe(v => v == 5.5e11);
        series["up"].Values.ShouldBe([1.0, 1.0, 1.0]);
        RemoteWriteHostTests.ForwarderOf(host).SamplesFailed.ShouldBe(0);
    }

    private sealed record Exported(Dictionary<string, string> Labels, List<double> Values, List<long> Timestamps);

    /// <summary>VictoriaMetrics' /api/v1/export: one JSON object per series and line.</summary>
    private static async Task<Dictionary<string, Exported>> ExportAsync(HttpClient http, string selector, long from, long to)
    {
        // The test clock runs ahead of real time, and the export ends at "now" unless told otherwise.
        var url = $"{Victoria}/api/v1/export?match[]={Uri.EscapeDataString(selector)}&start={(from / 1000) - 60}&end={(to / 1000) + 60}";
        var body = await http.GetStringAsync(url);
        var result = new Dictionary<string, Exported>();
        foreach (var line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(line);
            var labels = doc.RootElement.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
            var values = doc.RootElement.GetProperty("values").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN).ToList();
            var timestamps = doc.RootElement.GetProperty("timestamps").EnumerateArray().Select(v => v.GetInt64()).ToList();
            result[labels["__name__"]] = new Exported(labels, values, timestamps);
        }

        return result;
    }
}
