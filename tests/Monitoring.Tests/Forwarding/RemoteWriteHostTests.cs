using System.Globalization;
using HospitalOps.Kernel.Observability;
using HospitalOps.Monitoring.Forwarding;
using HospitalOps.Monitoring.History;
using HospitalOps.Monitoring.History.Chunks;
using HospitalOps.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HospitalOps.Monitoring.Tests.Forwarding;

/// <summary>The forwarder inside the real server: scrape → history head → tap → receiver.</summary>
public sealed class RemoteWriteHostTests
{
    private const string Exposition = """
        # TYPE node_load1 gauge
        node_load1 0.42
        # TYPE node_filesystem_avail_bytes gauge
        node_filesystem_avail_bytes{device="/dev/sda1",mountpoint="/"} 1.2e+10
        node_filesystem_avail_bytes{device="/dev/sdb1",mountpoint="/data"} 5.5e+11
        """;

    internal static async Task<(TestHost Host, ApiClient Admin, long Target, long Ci)> StartAsync(FakeExporter exporter, string url, string ciCode, params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?>(MonitoringApi.Manual)
        {
            ["Monitoring:RemoteWrite:Url"] = url,
            ["Monitoring:RemoteWrite:BatchDeadline"] = "00:00:00.050",
            ["Monitoring:RemoteWrite:MinBackoff"] = "00:00:00.010",
            ["Monitoring:RemoteWrite:MaxBackoff"] = "00:00:00.200",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var host = await TestHost.StartAsync(all);
        var admin = await host.AdminAsync();
        var ci = await admin.CiAsync("os-instance", ciCode, "HIS 数据库服务器", new { os = "linux" });
        var target = await admin.TargetAsync(new { ciId = ci, kind = "prometheus", name = $"{ciCode} node", address = exporter.Url, settings = new { } });
        return (host, admin, target.GetProperty("id").GetInt64(), ci);
    }

    internal static RemoteWriteForwarder ForwarderOf(TestHost host) =>
        host.Services.GetServices<ISampleTap>().OfType<RemoteWriteForwarder>().Single();

    [Fact]
    public async Task AddMonitoringModule_NoRemoteWriteUrl_RegistersNoForwarder()
    {
        await using var host = await TestHost.StartAsync(MonitoringApi.Manual);

        host.Services.GetServices<ISampleTap>().OfType<RemoteWriteForwarder>().ShouldBeEmpty();
        host.Services.GetServices<IHostedService>().OfType<RemoteWriteForwarder>().ShouldBeEmpty();
    }

    [Fact]
    public async Task Collect_WithRemoteWrite_ForwardsSamplesWithTheCiLabels_AndStaleMarkersBitExact()
    {
        await using var receiver = await FakeReceiver.StartAsync();
        await using var exporter = await FakeExporter.StartAsync();
        exporter.Serve(Exposition);
        var (host, admin, target, ci) = await StartAsync(exporter, receiver.Url, "his-db-01");
        await using var _ = host;
        host.Services.GetServices<IHostedService>().OfType<RemoteWriteForwarder>().ShouldHaveSingleItem().ShouldBeSameAs(ForwarderOf(host));

        var first = host.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        await admin.CollectAsync(target);
        host.Clock.Advance(TimeSpan.FromSeconds(30));
        exporter.Serve("node_load1 0.5\n");
        await admin.CollectAsync(target);

        var data = await Eventually.ValueAsync(
            () => Task.FromResult(receiver.Accepted().Where(a => a.Series.Label("mountpoint") == "/data").ToList()),
            list => list.Count == 2, "both samples of the /data filesystem series");
        data[0].Timestamp.ShouldBe(first);
        data[0].Bits.ShouldBe(BitConverter.DoubleToUInt64Bits(5.5e11));
        data[1].Timestamp.ShouldBe(first + 30_000);
        data[1].Bits.ShouldBe(StaleMarker.Bits);
        var labels = data[0].Series.Labels;
        labels.Select(l => l.Name).ShouldBe(labels.Select(l => l.Name).Order(StringComparer.Ordinal), "labels sorted by name");
        data[0].Series.Label("__name__").ShouldBe("node_filesystem_avail_bytes");
        data[0].Series.Label("ci").ShouldBe("his-db-01");
        data[0].Series.Label("ci_id").ShouldBe(ci.ToString(CultureInfo.InvariantCulture));
        data[0].Series.Label("ci_type").ShouldBe("os-instance");
        data[0].Series.Label("job").ShouldBe("prometheus");
        data[0].Series.Label("instance").ShouldNotBeNullOrEmpty();
        var load = await Eventually.ValueAsync(
            () => Task.FromResult(receiver.Accepted().Where(a => a.Series.Label("__name__") == "node_load1").ToList()),
            list => list.Count == 2, "both node_load1 samples");
        load.Select(l => l.Bits).ShouldBe([BitConverter.DoubleToUInt64Bits(0.42), BitConverter.DoubleToUInt64Bits(0.5)]);
        receiver.Accepted().ShouldContain(a => a.Series.Label("__name__") == "up" && a.Bits == BitConverter.DoubleToUInt64Bits(1));
    }

    [Fact]
    public async Task Collect_ReceiverHangsAndQueueIsFull_CollectionsStillFinish_AndDropsAreCounted()
    {
        await using var receiver = await FakeReceiver.StartAsync();
        receiver.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var exporter = await FakeExporter.StartAsync();
        exporter.Serve(Exposition);
        var (host, admin, target, _) = await StartAsync(exporter, receiver.Url, "his-db-02",
            ("Monitoring:RemoteWrite:QueueCapacity", "5"), ("Monitoring:RemoteWrite:MaxSamplesPerSend", "2"));
        await using var _ = host;
        var forwarder = ForwarderOf(host);

        var stored = 0;
        for (var i = 0; i < 4; i++)
        {
            var outcome = await admin.CollectAsync(target);
            outcome.GetProperty("success").GetBoolean().ShouldBeTrue();
            stored += outcome.GetProperty("samples").GetInt32();
            host.Clock.Advance(TimeSpan.FromSeconds(30));
        }

        forwarder.QueueLength.ShouldBe(5);
        forwarder.SamplesDropped.ShouldBeGreaterThanOrEqualTo(stored - 5 - 2);
        var metrics = host.Services.GetRequiredService<MetricsRegistry>().Render();
        metrics.ShouldContain($"hospitalops_remote_write_samples_dropped_total {forwarder.SamplesDropped}\n");
        metrics.ShouldContain("hospitalops_remote_write_queue_samples 5\n");
        metrics.ShouldContain("hospitalops_remote_write_queue_capacity_samples 5\n");
        receiver.Gate.SetResult();
        await Eventually.TrueAsync(() => forwarder.QueueLength == 0 && forwarder.SamplesSent >= 5, "the queue drained once the receiver answers");
    }
}
