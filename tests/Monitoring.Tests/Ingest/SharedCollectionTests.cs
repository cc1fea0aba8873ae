using System.Diagnostics;
using Dapper;
using HospitalOps.Tests.Support;

namespace HospitalOps.Monitoring.Tests.Ingest;

/// <summary>Two nodes on the same databases share the targets; when one stops, the other collects them all.</summary>
public sealed class SharedCollectionTests
{
    private static Dictionary<string, string?> NodeSettings(string name) => new()
    {
        ["NodeName"] = name,
        ["Monitoring:NodeLeaseSeconds"] = "3",
        ["Monitoring:History:FlushSeconds"] = "1",
    };

    [Fact]
    public async Task TwoNodes_ShareTheTargets_AndTheSurvivorTakesOverWhenOneStops()
    {
        await using var exporter = await FakeExporter.StartAsync();
        exporter.Serve("hospital_queue_length 3\n");
        await using var a = await TestHost.StartAsync(NodeSettings("node-a"), clock: ManualClock.Running());
        var shared = NodeSettings("node-b");
        shared["ConnectionStrings:Config"] = a.ConfigConnectionString;
        shared["ConnectionStrings:History"] = a.HistoryConnectionString;
        var b = await TestHost.StartAsync(shared, clock: ManualClock.Running());
        try
        {
            var admin = await a.AdminAsync();
            var ci = await admin.CiAsync("os-instance", "shared-host", "共享采集主机");
            var ids = new List<long>();
            for (var i = 0; i < 16; i++)
            {
                ids.Add((await admin.TargetAsync(new { ciId = ci, kind = "prometheus", name = $"queue {i}", address = exporter.Url, intervalSeconds = 1, timeoutSeconds = 1 })).GetProperty("id").GetInt64());
            }

            var nodes = await WaitForAsync(a, ids, n => n.Count == ids.Count && n.Values.Distinct().Count() == 2);
            nodes.Values.Distinct().Order(StringComparer.Ordinal).ToList().ShouldBe(new List<string> { "node-a", "node-b" });
        }
        finally
        {
            await b.DisposeAsync();
        }

        // Done when every target has recently been collected, and only by the survivor.
        var after = await WaitForAsync(a, null, n => n.Count == 16 && n.Values.All(node => node == "node-a"));
        after.Values.ShouldAllBe(node => node == "node-a");
    }

    /// <summary>Which node last recorded each target's health, once <paramref name="done"/> holds (polled with a deadline).</summary>
    private static async Task<Dictionary<long, string>> WaitForAsync(TestHost host, IReadOnlyCollection<long>? ids, Func<Dictionary<long, string>, bool> done)
    {
        var deadline = Stopwatch.GetTimestamp() + (60 * Stopwatch.Frequency);
        while (true)
        {
            await using var connection = await host.Databases.Config.OpenAsync();
            var since = host.Clock.GetUtcNow().AddSeconds(-3).ToUnixTimeMilliseconds();
            var nodes = (await connection.QueryAsync<(long Id, string Node)>("SELECT target_id, node FROM monitoring_target_health WHERE updated_at > @since", new { since }))
                .ToDictionary(r => r.Id, r => r.Node);
            if (done(nodes))
            {
                return nodes;
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException("nodes: " + string.Join(", ", nodes.Select(n => $"{n.Key}={n.Value}")));
            }

            await Task.Delay(200);
        }
    }
}
