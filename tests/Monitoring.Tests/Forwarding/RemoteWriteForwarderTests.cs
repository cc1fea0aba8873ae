using HospitalOps.Kernel.Observability;
using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.Forwarding;
using HospitalOps.Monitoring.History;
using HospitalOps.Monitoring.History.Chunks;
using Microsoft.Extensions.Logging.Abstractions;

namespace HospitalOps.Monitoring.Tests.Forwarding;

public sealed class RemoteWriteForwarderTests
{
    private const long T0 = 1_767_225_600_000;

    private static readonly IReadOnlyDictionary<long, SeriesLabels> Known = new Dictionary<long, SeriesLabels>
    {
        [1] = SeriesLabels.Of("node_load1", [new Label("ci", "his-db-01"), new Label("job", "prometheus")]),
        [2] = SeriesLabels.Of("up", [new Label("ci", "his-db-01"), new Label("job", "prometheus")]),
        [3] = SeriesLabels.Of("node_filesystem_avail_bytes", [new Label("ci", "pacs-01"), new Label("mountpoint", "/data")]),
    };

    private static RemoteWriteForwarder Forwarder(string url, MetricsRegistry metrics, Action<RemoteWriteOptions>? configure = null)
    {
        var options = new RemoteWriteOptions
        {
            Url = url,
            BatchDeadline = TimeSpan.FromMilliseconds(20),
            MinBackoff = TimeSpan.FromMilliseconds(10),
            MaxBackoff = TimeSpan.FromMilliseconds(100),
            Timeout = TimeSpan.FromSeconds(10),
            MaxSamplesPerSend = 1000,
        };
        configure?.Invoke(options);
        return new RemoteWriteForwarder(options, Lookup, new PlainHttpClients(), metrics, NullLogger<RemoteWriteForwarder>.Instance);
    }

    private static Task<IReadOnlyDictionary<long, SeriesLabels>> Lookup(IReadOnlyCollection<long> ids, CancellationToken ct) =>
        Task.FromResult<IReadOnlyDictionary<long, SeriesLabels>>(ids.Where(Known.ContainsKey).ToDictionary(id => id, id => Known[id]));

    [Fact]
    public async Task Send_ReceiverAnswers500Then204_RetriesAndDeliversEverySampleOnce()
    {
        await using var receiver = await FakeReceiver.StartAsync();
        receiver.Answer(500);
        var metrics = new MetricsRegistry();
        using var forwarder = Forwarder(receiver.Url, metrics, o => o.BearerToken = "s3cret");
        for (var i = 0; i < 30; i++)
        {
            forwarder.OnSample(1 + (i % 3), T0 + (i / 3 * 15_000), i + 0.5);
        }

        await forwarder.StartAsync(default);
        await Eventually.TrueAsync(() => forwarder.SamplesSent == 30, "30 samples sent");
        await forwarder.StopAsync(default);

        receiver.Writes.Select(w => w.AnsweredStatus).ShouldBe([500, 204]);
        receiver.Writes[0].Series.Select(s => s.ToString()).ShouldBe(receiver.Writes[1].Series.Select(s => s.ToString()), "the retry sends the same batch");
        var accepted = receiver.Accepted();
        accepted.Count.ShouldBe(30);
        accepted.Select(a => (a.Series.Label("__name__"), a.Timestamp)).Distinct().Count().ShouldBe(30);
        var load = receiver.Writes[1].Series.Single(s => s.Label("__name__") == "node_load1");
        load.Labels.ShouldBe([("__name__", "node_load1"), ("ci", "his-db-01"), ("job", "prometheus")]);
        load.Samples[1].ShouldBe((T0 + 15_000, BitConverter.DoubleToUInt64Bits(3.5)));
        var write = receiver.Writes[1];
        write.ContentType.ShouldBe("application/x-protobuf");
        write.ContentEncoding.ShouldBe("snappy");
        write.Version.ShouldBe("0.1.0");
        write.Authorization.ShouldBe("Bearer s3cret");
        forwarder.SamplesFailed.ShouldBe(0);
        metrics.Render().ShouldContain("hospitalops_remote_write_samples_sent_total 30\n");
        Retries(metrics).ShouldBe(1);
    }

    [Fact]
    public async Task OnSample_QueueFull_DropsTheOldestCountsThemAndNeverBlocks()
    {
        await using var receiver = await FakeReceiver.StartAsync();
        var metrics = new MetricsRegistry();
        using var forwarder = Forwarder(receiver.Url, metrics, o => o.QueueCapacity = 10);

        for (var i = 0; i < 1000; i++)
        {
            forwarder.OnSample(1, T0 + i, i);
        }

        forwarder.SamplesDropped.ShouldBe(990);
        forwarder.QueueLength.ShouldBe(10);
        metrics.Render().ShouldContain("hospitalops_remote_write_samples_dropped_total 990\n");
        metrics.Render().ShouldContain("hospitalops_remote_write_queue_samples 10\n");

        await forwarder.StartAsync(default);
        await Eventually.TrueAsync(() => forwarder.SamplesSent == 10, "the 10 queued samples sent");
        await forwarder.StopAsync(default);
        receiver.Accepted().Select(a => a.Timestamp).ShouldBe(Enumerable.Range(990, 10).Select(i => T0 + i));
        forwarder.QueueLength.ShouldBe(0);
    }

    [Fact]
    public async Task OnSample_ReceiverHangs_TapStaysNonBlockingAndDropsAreCounted()
    {
        await using var receiver = await FakeReceiver.StartAsync();
        receiver.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var metrics = new MetricsRegistry();
        using var forwarder = Forwarder(receiver.Url, metrics, o => { o.QueueCapacity = 100; o.MaxSamplesPerSend = 10; });
        await forwarder.StartAsync(default);
        forwarder.OnSample(1, T0, 1);
        await Eventually.TrueAsync(() => receiver.AtGate == 1, "the first batch sent and stuck in the hanging receiver");

        for (var i = 1; i <= 10_000; i++)
        {
            forwarder.OnSample(2, T0 + i, i);
        }

        forwarder.QueueLength.ShouldBe(100);
        forwarder.SamplesDropped.ShouldBe(9_900);
        receiver.Gate.SetResult();
        await Eventually.TrueAsync(() => forwarder.SamplesSent == 101, "the stuck batch and the 100 queued samples sent");
        await forwarder.StopAsync(default);
        receiver.Accepted().Max(a => a.Timestamp).ShouldBe(T0 + 10_000);
    }

    [Fact]
    public async Task Send_ReceiverRefuses400_DropsThatBatchCountsItAndGoesOn()
    {
        await using var receiver = await FakeReceiver.StartAsync();
        receiver.Answer(400);
        var metrics = new MetricsRegistry();
        using var forwarder = Forwarder(receiver.Url, metrics);
        for (var i = 0; i < 5; i++)
        {
            forwarder.OnSample(2, T0 + i, 1);
        }

        await forwarder.StartAsync(default);
        await Eventually.TrueAsync(() => forwarder.SamplesFailed == 5, "the refused batch counted");
        forwarder.OnSample(2, T0 + 100, 0);
        await Eventually.TrueAsync(() => forwarder.SamplesSent == 1, "the next batch sent");
        await forwarder.StopAsync(default);

        receiver.Writes.Select(w => w.AnsweredStatus).ShouldBe([400, 204]);
        metrics.Render().ShouldContain("hospitalops_remote_write_samples_failed_total{reason=\"rejected\"} 5\n");
        Retries(metrics).ShouldBe(0);
    }

    [Fact]
    public async Task Send_SeriesUnknownToTheIndex_IsCountedAsFailed_TheRestIsSent()
    {
        await using var receiver = await FakeReceiver.StartAsync();
        var metrics = new MetricsRegistry();
        using var forwarder = Forwarder(receiver.Url, metrics);
        forwarder.OnSample(3, T0, 7e11);
        forwarder.OnSample(99, T0, 1);
        forwarder.OnSample(3, T0 + 15_000, StaleMarker.Value);

        await forwarder.StartAsync(default);
        await Eventually.TrueAsync(() => forwarder.SamplesSent == 2 && forwarder.SamplesFailed == 1, "2 sent, 1 failed");
        await forwarder.StopAsync(default);

        var series = receiver.Writes.Single().Series.Single();
        series.Labels.ShouldBe([("__name__", "node_filesystem_avail_bytes"), ("ci", "pacs-01"), ("mountpoint", "/data")]);
        series.Samples.ShouldBe([(T0, BitConverter.DoubleToUInt64Bits(7e11)), (T0 + 15_000, StaleMarker.Bits)]);
        metrics.Render().ShouldContain("hospitalops_remote_write_samples_failed_total{reason=\"unknown_series\"} 1\n");
    }

    [Fact]
    public async Task Send_ReceiverDown_KeepsRetryingAndSendsNothing()
    {
        var metrics = new MetricsRegistry();
        var port = FreePort();
        using var forwarder = Forwarder($"http://127.0.0.1:{port}/api/v1/write", metrics);
        forwarder.OnSample(1, T0, 42);
        await forwarder.StartAsync(default);
        await Eventually.TrueAsync(() => Retries(metrics) >= 3, "3 retries on connection refused");
        await forwarder.StopAsync(default);

        forwarder.SamplesSent.ShouldBe(0);
    }

    /// <summary>The counter's value; a counter never incremented has no sample yet.</summary>
    private static double Retries(MetricsRegistry metrics) =>
        System.Text.RegularExpressions.Regex.Match(metrics.Render(), "^hospitalops_remote_write_retries_total (\\S+)$", System.Text.RegularExpressions.RegexOptions.Multiline) is { Success: true } m
            ? double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            : 0;

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class PlainHttpClients : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new();
    }
}
