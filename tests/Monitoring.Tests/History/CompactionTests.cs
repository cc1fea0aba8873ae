using Dapper;
using HospitalOps.Monitoring.History;
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
    public async Task Compaction_StoresAWindowInChunksOfAtMostSamplesPerChunk_SoAShortRangeDecodesLittle()
    {
        await using var exporter = await FakeExporter.StartAsync();
        var settings = new Dictionary<string, string?>(Settings) { ["Monitoring:History:SamplesPerChunk"] = "8" };
        await using var host = await TestHost.StartAsync(settings);
        var admin = await host.AdminAsync();
        var ci = await admin.CiAsync("os-instance", "lis-db-01", "LIS DB");
        var target = (await admin.TargetAsync(new { ciId = ci, kind = "prometheus", name = "lis node", address = exporter.Url })).GetProperty("id").GetInt64();
        var now = host.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        host.Clock.Advance(TimeSpan.FromMilliseconds(600_000 - (now % 600_000)));
        var start = host.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        for (var i = 0; i < 20; i++)
        {
            // Collections at uneven times, so a re-split that lost or moved a sample would show in the values read back.
            exporter.Serve($"node_load1 {i}\n");
            await admin.CollectAsync(target);
            host.Clock.Advance(TimeSpan.FromSeconds(i % 2 == 0 ? 20 : 40));
        }

        host.Clock.Advance(TimeSpan.FromMinutes(15));
        await admin.CollectAsync(target);
        await host.Services.GetRequiredService<HistoryStore>().FlushAllAsync(default);
        await host.Services.GetRequiredService<HistoryCompactor>().CompactAsync(default);

        await using (var connection = await host.Databases.History.OpenAsync())
        {
            var seriesId = await connection.ExecuteScalarAsync<long>("SELECT id FROM history_series WHERE labels LIKE 'node_load1%'");
            var chunks = (await connection.QueryAsync<(long MinT, long MaxT, int Count, bool Compacted)>(
                "SELECT min_t, max_t, count, compacted FROM history_chunks WHERE series_id = @seriesId AND window_start = @start ORDER BY min_t", new { seriesId, start })).ToList();
            chunks.Select(c => c.Count).ShouldBe([8, 8, 4]);
            chunks.ShouldAllBe(c => c.Compacted);
            chunks.Zip(chunks.Skip(1)).ShouldAllBe(p => p.First.MaxT < p.Second.MinT);
        }

        var all = await (await admin.GetAsync($"/api/v1/monitoring/range?match=node_load1&from={start}&to={start + 599_999}")).JsonAsync();
        all[0].GetProperty("points").EnumerateArray().Select(p => p[1].GetDouble()).ShouldBe(Enumerable.Range(0, 20).Select(i => (double)i));

        // The 8th to the 10th collection (at 200, 240 and 260 s): across the boundary of the first two chunks.
        var from = start + 200_000;
        var some = await (await admin.GetAsync($"/api/v1/monitoring/range?match=node_load1&from={from}&to={from + 60_000}")).JsonAsync();
        some[0].GetProperty("points").EnumerateArray().Select(p => p[1].GetDouble()).ShouldBe([7.0, 8.0, 9.0]);
    }

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
