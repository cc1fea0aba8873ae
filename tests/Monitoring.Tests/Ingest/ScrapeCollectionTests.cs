using System.Net;
using System.Text;
using HospitalOps.Tests.Support;

namespace HospitalOps.Monitoring.Tests.Ingest;

public sealed class ScrapeCollectionTests
{
    private const string Exposition = """
        # HELP node_load1 1m load average.
        # TYPE node_load1 gauge
        node_load1 0.42
        # TYPE node_filesystem_avail_bytes gauge
        node_filesystem_avail_bytes{device="/dev/sda1",mountpoint="/"} 1.2e+10
        node_filesystem_avail_bytes{device="/dev/sdb1",mountpoint="/data"} 5.5e+11
        """;

    private static async Task<(TestHost Host, ApiClient Admin, long Target, long Ci)> StartAsync(FakeExporter exporter, object? settings = null)
    {
        var host = await TestHost.StartAsync(MonitoringApi.Manual);
        var admin = await host.AdminAsync();
        var ci = await admin.CiAsync("os-instance", "his-db-01", "HIS 数据库服务器", new { os = "linux" });
        var target = await admin.TargetAsync(new { ciId = ci, kind = "prometheus", name = "his-db-01 node", address = exporter.Url, settings = settings ?? new { } });
        return (host, admin, target.GetProperty("id").GetInt64(), ci);
    }

    [Fact]
    public async Task Collect_StoresEverySampleWithTheCiLabels_AndUp()
    {
        await using var exporter = await FakeExporter.StartAsync();
        exporter.Serve(Exposition);
        var (host, admin, target, ci) = await StartAsync(exporter);
        await using var _ = host;

        var outcome = await admin.CollectAsync(target);

        outcome.GetProperty("success").GetBoolean().ShouldBeTrue();
        outcome.GetProperty("samples").GetInt32().ShouldBe(3);
        var latest = await admin.LatestAsync(target);
        latest.Find("node_load1", ("ci_id", ci.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("ci", "his-db-01"), ("ci_type", "os-instance"), ("job", "prometheus"))!
            .Value.GetProperty("value").GetDouble().ShouldBe(0.42);
        latest.Find("node_filesystem_avail_bytes", ("mountpoint", "/data"))!.Value.GetProperty("value").GetDouble().ShouldBe(5.5e11);
        latest.Find("up")!.Value.GetProperty("value").GetDouble().ShouldBe(1);
        latest.Find("scrape_samples_scraped")!.Value.GetProperty("value").GetDouble().ShouldBe(3);
        var health = (await (await admin.GetAsync($"/api/v1/monitoring/targets/{target}")).JsonAsync()).GetProperty("health");
        health.GetProperty("state").GetString().ShouldBe("up");
        health.GetProperty("lastSamples").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task Collect_SeriesThatDisappears_GetsAStaleMarker_AndComesBack()
    {
        await using var exporter = await FakeExporter.StartAsync();
        exporter.Serve(Exposition);
        var (host, admin, target, _) = await StartAsync(exporter);
        await using var _ = host;
        await admin.CollectAsync(target);

        host.Clock.Advance(TimeSpan.FromSeconds(30));
        exporter.Serve("node_load1 0.5\n");
        await admin.CollectAsync(target);
        var latest = await admin.LatestAsync(target);
        latest.Find("node_filesystem_avail_bytes", ("mountpoint", "/data"))!.Value.GetProperty("stale").GetBoolean().ShouldBeTrue();
        latest.Find("node_load1")!.Value.GetProperty("value").GetDouble().ShouldBe(0.5);

        host.Clock.Advance(TimeSpan.FromSeconds(30));
        exporter.Serve(Exposition);
        await admin.CollectAsync(target);
        latest = await admin.LatestAsync(target);
        latest.Find("node_filesystem_avail_bytes", ("mountpoint", "/data"))!.Value.GetProperty("value").GetDouble().ShouldBe(5.5e11);
    }

    [Fact]
    public async Task Collect_ErrorStatus_SetsUpToZero_MarksSeriesStale_AndExplainsInChinese()
    {
        await using var exporter = await FakeExporter.StartAsync();
        exporter.Serve(Exposition);
        var (host, admin, target, _) = await StartAsync(exporter);
        await using var _ = host;
        await admin.CollectAsync(target);
        host.Clock.Advance(TimeSpan.FromSeconds(30));
        exporter.Serve("oops", status: HttpStatusCode.ServiceUnavailable);

        var outcome = await admin.CollectAsync(target);

        outcome.GetProperty("success").GetBoolean().ShouldBeFalse();
        outcome.GetProperty("errorCode").GetString().ShouldBe("monitoring.scrape.http_status");
        outcome.GetProperty("error").GetString().ShouldBe("指标端点返回 HTTP 503。");
        var latest = await admin.LatestAsync(target);
        latest.Find("up")!.Value.GetProperty("value").GetDouble().ShouldBe(0);
        latest.Find("node_load1")!.Value.GetProperty("stale").GetBoolean().ShouldBeTrue();
        var health = (await (await admin.GetAsync($"/api/v1/monitoring/targets/{target}")).JsonAsync()).GetProperty("health");
        health.GetProperty("state").GetString().ShouldBe("down");
        health.GetProperty("consecutiveFailures").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Collect_SeriesExplosion_IsCappedWithAnError_AndStoresNothingOfIt()
    {
        await using var exporter = await FakeExporter.StartAsync();
        var body = new StringBuilder();
        for (var i = 0; i < 100_000; i++)
        {
            body.Append("http_requests_total{path=\"/p").Append(i).Append("\"} 1\n");
        }

        exporter.Serve(body.ToString());
        var (host, admin, target, _) = await StartAsync(exporter);
        await using var _ = host;

        var outcome = await admin.CollectAsync(target);

        outcome.GetProperty("errorCode").GetString().ShouldBe("monitoring.scrape.sample_limit");
        var latest = await admin.LatestAsync(target);
        latest.Find("http_requests_total").ShouldBeNull();
        latest.Find("up")!.Value.GetProperty("value").GetDouble().ShouldBe(0);
    }

    [Fact]
    public async Task Collect_OversizedOrEndlessBody_StopsAtTheCap()
    {
        await using var exporter = await FakeExporter.StartAsync();
        exporter.Handler = async context =>
        {
            var line = Encoding.UTF8.GetBytes("node_load1 1\n");
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync(line, context.RequestAborted);
            }
        };
        var (host, admin, target, _) = await StartAsync(exporter, new { maxBodyBytes = 1_000_000 });
        await using var _ = host;

        var outcome = await admin.CollectAsync(target);

        outcome.GetProperty("errorCode").GetString().ShouldBe("monitoring.scrape.body_too_large");
    }

    [Fact]
    public async Task Collect_GarbageLines_AreCountedAndTheRestIsStored()
    {
        await using var exporter = await FakeExporter.StartAsync();
        exporter.Serve("node_load1 0.7\nthis is { not a metric\nnode_load5 abc\n\u0000\u0001\u0002\nnode_load15 0.1\n");
        var (host, admin, target, _) = await StartAsync(exporter);
        await using var _ = host;

        var outcome = await admin.CollectAsync(target);

        outcome.GetProperty("success").GetBoolean().ShouldBeTrue();
        outcome.GetProperty("malformed").GetInt32().ShouldBe(3);
        var latest = await admin.LatestAsync(target);
        latest.Find("node_load15")!.Value.GetProperty("value").GetDouble().ShouldBe(0.1);
    }

    [Fact]
    public async Task TestNow_OnADraft_ShowsTheSamplesWithRelabellingApplied_AndStoresNothing()
    {
        await using var exporter = await FakeExporter.StartAsync();
        exporter.Serve(Exposition);
        await using var host = await TestHost.StartAsync(MonitoringApi.Manual);
        var admin = await host.AdminAsync();

        var response = await admin.PostAsync("/api/v1/monitoring/targets/test", new
        {
            kind = "prometheus", address = exporter.Url,
            settings = new { relabel = new object[] { new { action = "drop", sourceLabels = new[] { "mountpoint" }, regex = "/data" } } },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var result = await response.JsonAsync();
        result.GetProperty("success").GetBoolean().ShouldBeTrue();
        var series = result.GetProperty("samples").EnumerateArray().Select(s => s.GetProperty("series").GetString()!).ToList();
        series.Count.ShouldBe(2);
        series.ShouldContain(s => s.StartsWith("node_filesystem_avail_bytes{", StringComparison.Ordinal) && s.Contains("mountpoint=\"/\""));
        series.ShouldNotContain(s => s.Contains("/data"));
        (await (await admin.GetAsync("/api/v1/monitoring/series?match=node_load1")).JsonAsync()).GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Range_ReturnsRawPointsAndFiveMinuteRollups()
    {
        await using var exporter = await FakeExporter.StartAsync();
        var (host, admin, target, _) = await StartAsync(exporter);
        await using var _ = host;
        var start = host.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        for (var i = 0; i < 20; i++)
        {
            exporter.Serve($"node_load1 {i}\n");
            await admin.CollectAsync(target);
            host.Clock.Advance(TimeSpan.FromSeconds(30));
        }

        var end = host.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var raw = await (await admin.GetAsync($"/api/v1/monitoring/range?match=node_load1&from={start}&to={end}")).JsonAsync();
        raw.GetArrayLength().ShouldBe(1);
        var points = raw[0].GetProperty("points").EnumerateArray().Select(p => p[1].GetDouble()).ToList();
        points.ShouldBe(Enumerable.Range(0, 20).Select(i => (double)i).ToList());

        var rolled = await (await admin.GetAsync($"/api/v1/monitoring/range?match=node_load1&from={start}&to={end}&resolution=5m")).JsonAsync();
        var buckets = rolled[0].GetProperty("points").EnumerateArray().ToList();
        buckets.Sum(b => b[4].GetDouble()).ShouldBe(20);
        buckets.Min(b => b[1].GetDouble()).ShouldBe(0);
        buckets.Max(b => b[2].GetDouble()).ShouldBe(19);
    }

    [Fact]
    public async Task Series_BySelector_FindsTheCollectedSeries()
    {
        await using var exporter = await FakeExporter.StartAsync();
        exporter.Serve(Exposition);
        var (host, admin, target, _) = await StartAsync(exporter);
        await using var _ = host;
        await admin.CollectAsync(target);

        var found = await (await admin.GetAsync("/api/v1/monitoring/series?match=" + Uri.EscapeDataString("node_filesystem_avail_bytes{mountpoint=~\"/d.*\"}"))).JsonAsync();

        found.GetArrayLength().ShouldBe(1);
        found[0].GetProperty("labels").GetProperty("device").GetString().ShouldBe("/dev/sdb1");
        var bad = await admin.GetAsync("/api/v1/monitoring/series?match=" + Uri.EscapeDataString("{job=~\".*\"}"));
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
