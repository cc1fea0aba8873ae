using HospitalOps.Monitoring.History;
using HospitalOps.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Monitoring.Tests.History;

/// <summary>A node reads the samples another node holds in its head (flushed, not yet cut into chunks).</summary>
public sealed class RemoteHeadsTests
{
    private static Dictionary<string, string?> NodeSettings(string name) => new()
    {
        ["NodeName"] = name,
        ["Monitoring:SchedulerEnabled"] = "false",
    };

    [Fact]
    public async Task SamplesInAnotherNodesHead_AreRead_AndEachFlushOfThatHeadIsSeen()
    {
        await using var exporter = await FakeExporter.StartAsync();
        await using var a = await TestHost.StartAsync(NodeSettings("node-a"));
        var shared = NodeSettings("node-b");
        shared["ConnectionStrings:Config"] = a.ConfigConnectionString;
        shared["ConnectionStrings:History"] = a.HistoryConnectionString;
        await using var b = await TestHost.StartAsync(shared);
        var adminA = await a.AdminAsync();

        // Node A would pick up the series B creates within a second; this test is about the samples, not the index.
        a.Services.GetRequiredService<SeriesIndex>().RefreshInterval = TimeSpan.Zero;
        var adminB = b.Client();
        (await adminB.LoginAsync("admin", TestHost.AdminPassword)).EnsureSuccessStatusCode();

        var ci = await adminA.CiAsync("os-instance", "ris-app-01", "RIS 应用");
        var target = (await adminA.TargetAsync(new { ciId = ci, kind = "prometheus", name = "ris node", address = exporter.Url })).GetProperty("id").GetInt64();
        var from = b.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var storeB = b.Services.GetRequiredService<HistoryStore>();
        async Task<List<double>> ReadOnA()
        {
            var body = await (await adminA.GetAsync($"/api/v1/monitoring/range?match=ris_queue_length&from={from}&to={from + 3_600_000}")).JsonAsync();
            return body.GetArrayLength() == 0 ? [] : body[0].GetProperty("points").EnumerateArray().Select(p => p[1].GetDouble()).ToList();
        }

        for (var i = 1; i <= 3; i++)
        {
            exporter.Serve($"ris_queue_length {i}\n");
            await adminB.CollectAsync(target);
            b.Clock.Advance(TimeSpan.FromSeconds(15));
        }

        await storeB.FlushAllAsync(default);
        (await ReadOnA()).ShouldBe([1.0, 2.0, 3.0]);

        exporter.Serve("ris_queue_length 4\n");
        await adminB.CollectAsync(target);
        (await ReadOnA()).ShouldBe([1.0, 2.0, 3.0]);
        await storeB.FlushAllAsync(default);
        (await ReadOnA()).ShouldBe([1.0, 2.0, 3.0, 4.0]);
    }
}
