using Dapper;
using HospitalOps.Monitoring.History;
using HospitalOps.Monitoring.Tests.Support;
using HospitalOps.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Monitoring.Tests.History;

public sealed class CompactionTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Monitoring:SchedulerEnabled"] = "false",
        ["Monitoring:History:WindowMinutes"] = "10",
        ["Monitoring:History:CompactionDelayMinutes"] = "1",
    };

    [Fact]
    public async Task Compaction_MergesEachWindowIntoOneChunkPerSeries_KeepsEverySample_AndStoresRollups()
    {
        await using var exporter = await FakeExporter.StartAsync();
        await using var host = await TestHost.StartAsync(Settings);
        var admin = await host.AdminAsync();
        var ci = await admin.CiAsync("os-instance", "pacs-db-01", "PACS DB");
        var target = (await admin.TargetAsync(new { ciId = ci, kind = "prometheus", name = "pacs node", address = exporter.Url })).GetProperty("id").GetInt64();
        // Start on a window boundary so the 40 collections fill two 10-minute windows exactly.
        var now = host.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        host.Clock.Advance(TimeSpan.FromMilliseconds(600_000 - (now % 600_000)));
        var start = host.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        for (var i = 0; i < 40; i++)
        {
            exporter.Serve($"node_load1 {i % 7}\n");
            await admin.CollectAsync(target);
            host.Clock.Advance(TimeSpan.FromSeconds(30));
        }

        host.Clock.Advance(TimeSpan.FromMinutes(15));
        await admin.CollectAsync(target);
        var store = host.Services.GetRequiredService<HistoryStore>();
        await store.FlushAllAsync(default);
        var compactor = host.Services.GetRequiredService<HistoryCompactor>();

        (await compactor.CompactAsync(default)).ShouldBe(2);

        await using (var connection = await host.Databases.History.OpenAsync())
        {
            var rows = (await connection.QueryAsync<(long SeriesId, long Window, int Count)>(
                "SELECT series_id, window_start, count FROM history_chunks WHERE window_start < @end ORDER BY series_id, window_start", new { end = start + 1_200_000 })).ToList();
            rows.GroupBy(r => (r.SeriesId, r.Window)).ShouldAllBe(g => g.Count() == 1);
            rows.Where(r => r.Window >= start).Sum(r => r.Count).ShouldBeGreaterThanOrEqualTo(40 * 4);
        }

        var end = start + 1_200_000 - 1;
        var raw = await (await admin.GetAsync($"/api/v1/monitoring/range?match=node_load1&from={start}&to={end}")).JsonAsync();
        raw[0].GetProperty("points").EnumerateArray().Select(p => p[1].GetDouble()).ShouldBe(Enumerable.Range(0, 40).Select(i => (double)(i % 7)).ToList());
        (await compactor.CompactAsync(default)).ShouldBe(0);

        // Past raw retention only the rollups remain, and they still answer.
        host.Clock.Advance(TimeSpan.FromDays(16));
        (await compactor.ApplyRetentionAsync(default)).ShouldBeGreaterThan(0);
        admin = await host.AdminAsync();
        var rawLater = await (await admin.GetAsync($"/api/v1/monitoring/range?match=node_load1&from={start}&to={end}")).JsonAsync();
        rawLater[0].GetProperty("points").GetArrayLength().ShouldBe(0);
        var hourly = await (await admin.GetAsync($"/api/v1/monitoring/range?match=node_load1&from={start}&to={end}&resolution=1h")).JsonAsync();
        var buckets = hourly[0].GetProperty("points").EnumerateArray().ToList();
        buckets.Sum(b => b[4].GetDouble()).ShouldBe(40);
        buckets.Max(b => b[2].GetDouble()).ShouldBe(6);
        var fine = await (await admin.GetAsync($"/api/v1/monitoring/range?match=node_load1&from={start}&to={end}&resolution=5m")).JsonAsync();
        fine[0].GetProperty("points").GetArrayLength().ShouldBe(4);
    }
}
