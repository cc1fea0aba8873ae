using System.Globalization;
using System.Net;
using HospitalOps.Kernel.Files;
using HospitalOps.Monitoring.Import;
using HospitalOps.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Monitoring.Tests.Capacity;

/// <summary>
/// A business system whose server's /data grows 2 GB a day towards 500 GB (400 GB now: full in about 50 days) beside
/// resources that do not grow; the capacity page names that file system the bottleneck, the report lists it.
/// </summary>
public sealed class CapacityApiTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;
    private long _business;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(MonitoringApi.Manual, clock: ManualClock.Running());
        _admin = await _host.AdminAsync();
        _business = await _admin.CiAsync("business", "pacs", "影像归档与通信系统", new { level = "1" });
        var app = await _admin.CiAsync("application", "pacs-app", "PACS 应用");
        var server = await _admin.CiAsync("os-instance", "pacs-srv-01", "PACS 服务器");
        var middleware = await _admin.CiAsync("middleware", "pacs-tomcat", "PACS Tomcat");
        foreach (var (source, target) in new[] { (_business, app), (app, middleware), (middleware, server) })
        {
            (await _admin.PostAsync("/api/v1/cmdb/relations", new { type = "depends-on", sourceId = source, targetId = target })).EnsureSuccessStatusCode();
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 3600 * 3600;
        var lines = new List<string>();
        for (var t = now - (14 * 86_400); t <= now; t += 300)
        {
            var daysAgo = (now - t) / 86_400.0;
            lines.Add(Line("node_filesystem_size_bytes{ci=\"pacs-srv-01\",mountpoint=\"/data\",fstype=\"xfs\"}", 500e9, t));
            lines.Add(Line("node_filesystem_avail_bytes{ci=\"pacs-srv-01\",mountpoint=\"/data\",fstype=\"xfs\"}", 100e9 + (2e9 * daysAgo), t));
            lines.Add(Line("node_filesystem_size_bytes{ci=\"pacs-srv-01\",mountpoint=\"/\",fstype=\"xfs\"}", 100e9, t));
            lines.Add(Line("node_filesystem_avail_bytes{ci=\"pacs-srv-01\",mountpoint=\"/\",fstype=\"xfs\"}", 60e9 + (1e8 * Math.Sin(t / 3600.0)), t));
            lines.Add(Line("tomcat_jvm_memory_max_bytes{ci=\"pacs-tomcat\"}", 8e9, t));
            lines.Add(Line("tomcat_jvm_memory_total_bytes{ci=\"pacs-tomcat\"}", 6e9, t));
            lines.Add(Line("tomcat_jvm_memory_free_bytes{ci=\"pacs-tomcat\"}", 3e9 + (5e8 * Math.Sin(t / 7200.0)), t));
        }

        lines.Sort(StringComparer.Ordinal);
        lines.Add("# EOF");
        var file = Path.Combine(_host.DataDir, "capacity.om");
        await File.WriteAllLinesAsync(file, lines);
        (await _host.Services.GetRequiredService<OpenMetricsImport>().RunAsync(file, _ => { }, CancellationToken.None)).Imported.ShouldBeTrue();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task TheBusinessSystemsPage_ShowsItsLayers_AndNamesTheFillingFileSystemTheBottleneck()
    {
        var page = await (await _admin.GetAsync($"/api/v1/capacity/business/{_business}?days=14")).JsonAsync();

        page.GetProperty("businessCode").GetString().ShouldBe("pacs");
        var layers = page.GetProperty("layers").EnumerateArray().ToDictionary(l => l.GetProperty("layer").GetString()!);
        layers.Keys.ShouldBe(["middleware", "database", "server", "storage", "network"]);
        var heap = layers["middleware"].GetProperty("resources")[0];
        heap.GetProperty("ciCode").GetString().ShouldBe("pacs-tomcat");
        heap.GetProperty("capacity").GetDouble().ShouldBe(8e9);
        heap.GetProperty("forecast").GetProperty("outcome").GetString().ShouldBe("NotGrowing");
        var data = layers["server"].GetProperty("resources").EnumerateArray().Single(r => r.GetProperty("instance").GetString() == "/data");
        data.GetProperty("points").GetArrayLength().ShouldBeGreaterThanOrEqualTo(14 * 24);
        data.GetProperty("headroom").GetDouble().ShouldBe(0.2, 0.01);

        var bottleneck = page.GetProperty("bottleneck");
        bottleneck.GetProperty("layer").GetString().ShouldBe("server");
        bottleneck.GetProperty("ciCode").GetString().ShouldBe("pacs-srv-01");
        bottleneck.GetProperty("instance").GetString().ShouldBe("/data");
        bottleneck.GetProperty("daysUntilFull").GetDouble().ShouldBe(50, 1.5);
    }

    [Fact]
    public async Task TheReport_ListsWhatFillsWithinTheHorizon_AsJsonAndXlsx()
    {
        var within90 = (await (await _admin.GetAsync("/api/v1/capacity/forecasts?within=90&days=14")).JsonAsync()).EnumerateArray().ToList();
        within90.Count.ShouldBe(1);
        within90[0].GetProperty("resource").GetProperty("instance").GetString().ShouldBe("/data");
        within90[0].GetProperty("fillsWithinDays").GetInt32().ShouldBe(90);
        within90[0].GetProperty("adviseAddAtLeast").GetDouble().ShouldBeGreaterThan(0);
        (await (await _admin.GetAsync("/api/v1/capacity/forecasts?within=30&days=14")).JsonAsync()).GetArrayLength().ShouldBe(0);
        (await _admin.GetAsync("/api/v1/capacity/forecasts?within=45")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var xlsx = await _admin.GetAsync("/api/v1/capacity/report.xlsx?within=180&days=14");
        xlsx.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var rows = XlsxTable.Read(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()));
        rows[0].Values.ShouldContain("预计写满");
        rows.Count.ShouldBe(2);
        rows[1].Values.ShouldContain("pacs-srv-01");
        rows[1].Values.ShouldContain("/data");
        rows[1].Values.ShouldContain("pacs");
    }

    private static string Line(string series, double value, long t) =>
        string.Create(CultureInfo.InvariantCulture, $"{series} {value:R} {t}");
}
