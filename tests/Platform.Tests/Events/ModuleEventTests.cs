using System.Collections.Concurrent;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Events;
using HospitalOps.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Platform.Tests.Events;

/// <summary>The outbox between modules: what is published with a committed change arrives, in order, at least once.</summary>
public sealed class ModuleEventTests
{
    [Fact]
    public async Task Publish_InACommittedTransaction_ReachesTheSubscriberInOrder()
    {
        var recorder = new Recorder("test.recorder", "test.topic");
        await using var host = await TestHost.StartAsync(services: s => s.AddSingleton<IModuleEventSubscriber>(recorder));

        await PublishAsync(host, commit: true, ("test.topic", "{\"n\":1}"), ("test.topic", "{\"n\":2}"));
        await PublishAsync(host, commit: true, ("test.topic", "{\"n\":3}"));

        await Eventually.TrueAsync(() => recorder.Handled.Count == 3, what: "three deliveries");
        recorder.Handled.Select(e => e.Payload).ShouldBe(["{\"n\":1}", "{\"n\":2}", "{\"n\":3}"]);
        recorder.Handled.Select(e => e.Id).ShouldBeInOrder();
        // A delivery is removed right after its handler returns.
        await Eventually.TrueAsync(async () => await PendingAsync(host) == 0, what: "no delivery left");
    }

    [Fact]
    public async Task Publish_InARolledBackTransaction_IsNeverDelivered()
    {
        var recorder = new Recorder("test.recorder", "test.topic");
        await using var host = await TestHost.StartAsync(services: s => s.AddSingleton<IModuleEventSubscriber>(recorder));

        await PublishAsync(host, commit: false, ("test.topic", "{\"lost\":true}"));
        await PublishAsync(host, commit: true, ("test.topic", "{\"kept\":true}"));

        await Eventually.TrueAsync(() => recorder.Handled.Count >= 1, what: "the committed delivery");
        await Task.Delay(300);
        recorder.Handled.Select(e => e.Payload).ShouldBe(["{\"kept\":true}"]);
    }

    [Fact]
    public async Task Publish_OfAnotherTopic_CreatesNoDelivery()
    {
        var recorder = new Recorder("test.recorder", "test.topic");
        await using var host = await TestHost.StartAsync(services: s => s.AddSingleton<IModuleEventSubscriber>(recorder));
        await Eventually.TrueAsync(() => SubscribedAsync(host), what: "the subscription");

        await PublishAsync(host, commit: true, ("other.topic", "{}"));

        (await PendingAsync(host)).ShouldBe(0);
        recorder.Handled.ShouldBeEmpty();
    }

    [Fact]
    public async Task AFailedDelivery_IsRetriedAfterBackOff_AndHoldsBackTheLaterOnes()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var recorder = new Recorder("test.recorder", "test.topic") { FailuresLeft = 1 };
        await using var host = await TestHost.StartAsync(clock: clock, services: s => s.AddSingleton<IModuleEventSubscriber>(recorder));
        await Eventually.TrueAsync(() => SubscribedAsync(host), what: "the subscription");

        await PublishAsync(host, commit: true, ("test.topic", "{\"n\":1}"), ("test.topic", "{\"n\":2}"));
        await Eventually.TrueAsync(async () => await AttemptsAsync(host) == 1, what: "the first failed attempt");
        await Task.Delay(300);
        recorder.Handled.ShouldBeEmpty();
        (await PendingAsync(host)).ShouldBe(2);
        (await LastErrorAsync(host)).ShouldBe("subscriber not ready");

        clock.Advance(ModuleEventDispatcher.RetryDelay(1));

        await Eventually.TrueAsync(() => recorder.Handled.Count == 2, what: "both deliveries after the retry");
        recorder.Handled.Select(e => e.Payload).ShouldBe(["{\"n\":1}", "{\"n\":2}"]);
    }

    [Fact]
    public async Task ABatchSubscriber_GetsDeliveriesInOrderInBatches_AndAFailedBatchComesAgainWhole()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var recorder = new BatchRecorder("test.batches", 3) { FailuresLeft = 1 };
        await using var host = await TestHost.StartAsync(clock: clock, services: s => s.AddSingleton<IModuleEventSubscriber>(recorder));
        await Eventually.TrueAsync(async () =>
        {
            await using var connection = await host.Databases.Config.OpenAsync();
            return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM module_event_subscriptions WHERE subscriber = 'test.batches'") > 0;
        }, what: "the subscription");

        await PublishAsync(host, commit: true, Enumerable.Range(1, 7).Select(n => ("test.topic", $"{{\"n\":{n}}}")).ToArray());
        await Eventually.TrueAsync(async () => await AttemptsAsync(host) == 1, what: "the first batch failing");
        recorder.Batches.ShouldBeEmpty();
        (await PendingAsync(host)).ShouldBe(7);

        clock.Advance(ModuleEventDispatcher.RetryDelay(1));

        await Eventually.TrueAsync(() => recorder.Batches.Sum(b => b.Count) == 7, what: "all seven after the retry");
        recorder.Batches.Select(b => b.Count).ShouldBe([3, 3, 1]);
        recorder.Batches.SelectMany(b => b).Select(e => e.Payload).ShouldBe(Enumerable.Range(1, 7).Select(n => $"{{\"n\":{n}}}"));
        await Eventually.TrueAsync(async () => await PendingAsync(host) == 0, what: "no delivery left");
    }

    [Fact]
    public async Task PendingDeliveries_AreHandedOverByAnotherNode()
    {
        // The first node has no such subscriber (as if the one that had it died before its deliveries were done).
        await using var first = await TestHost.StartAsync(new Dictionary<string, string?> { ["NodeName"] = "node-a" });
        await using (var connection = await first.Databases.Config.OpenAsync())
        {
            await connection.ExecuteAsync("INSERT INTO module_event_subscriptions (subscriber, topic) VALUES ('test.recorder', 'test.topic')");
        }

        await PublishAsync(first, commit: true, ("test.topic", "{\"waiting\":true}"));
        (await PendingAsync(first)).ShouldBe(1);

        var recorder = new Recorder("test.recorder", "test.topic");
        await using var second = await TestHost.StartAsync(
            new Dictionary<string, string?> { ["NodeName"] = "node-b", ["ConnectionStrings:Config"] = first.ConfigConnectionString, ["ConnectionStrings:History"] = first.HistoryConnectionString },
            services: s => s.AddSingleton<IModuleEventSubscriber>(recorder));
        await Eventually.TrueAsync(() => recorder.Handled.Count == 1, what: "the waiting delivery");
        recorder.Handled[0].Payload.ShouldBe("{\"waiting\":true}");
        await Eventually.TrueAsync(async () => await PendingAsync(first) == 0, what: "no delivery left");
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(5, 16)]
    [InlineData(9, 256)]
    [InlineData(10, 300)]
    [InlineData(40, 300)]
    public void RetryDelay_DoublesUpToFiveMinutes(int attempts, int seconds) =>
        ModuleEventDispatcher.RetryDelay(attempts).ShouldBe(TimeSpan.FromSeconds(seconds));

    private static async Task PublishAsync(TestHost host, bool commit, params (string Topic, string Payload)[] events)
    {
        await using var connection = await host.Databases.Config.OpenAsync();
        await using var tx = await Database.BeginWriteAsync(connection);
        foreach (var (topic, payload) in events)
        {
            await ModuleEvents.PublishAsync(connection, tx, topic, payload, UnixMs.Now(host.Clock), default);
        }

        if (commit)
        {
            await tx.CommitAsync();
        }
        else
        {
            await tx.RollbackAsync();
        }
    }

    private static async Task<bool> SubscribedAsync(TestHost host)
    {
        await using var connection = await host.Databases.Config.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM module_event_subscriptions WHERE subscriber = 'test.recorder'") > 0;
    }

    private static async Task<long> PendingAsync(TestHost host)
    {
        await using var connection = await host.Databases.Config.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM module_event_deliveries");
    }

    private static async Task<long> AttemptsAsync(TestHost host)
    {
        await using var connection = await host.Databases.Config.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(attempts), 0) FROM module_event_deliveries");
    }

    private static async Task<string?> LastErrorAsync(TestHost host)
    {
        await using var connection = await host.Databases.Config.OpenAsync();
        return await connection.ExecuteScalarAsync<string?>("SELECT last_error FROM module_event_deliveries ORDER BY id LIMIT 1");
    }

    private sealed class Recorder(string name, params string[] topics) : IModuleEventSubscriber
    {
        private readonly ConcurrentQueue<ModuleEvent> _handled = new();

        public int FailuresLeft { get; set; }

        public string Name => name;

        public IReadOnlyCollection<string> Topics => topics;

        public IReadOnlyList<ModuleEvent> Handled => _handled.ToList();

        public Task HandleAsync(ModuleEvent moduleEvent, CancellationToken ct)
        {
            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new InvalidOperationException("subscriber not ready");
            }

            _handled.Enqueue(moduleEvent);
            return Task.CompletedTask;
        }
    }

    private sealed class BatchRecorder(string name, int maxBatch) : IModuleEventBatchSubscriber
    {
        private readonly ConcurrentQueue<IReadOnlyList<ModuleEvent>> _batches = new();

        public int FailuresLeft { get; set; }

        public string Name => name;

        public IReadOnlyCollection<string> Topics => ["test.topic"];

        public int MaxBatch => maxBatch;

        public IReadOnlyList<IReadOnlyList<ModuleEvent>> Batches => _batches.ToList();

        public Task HandleAsync(ModuleEvent moduleEvent, CancellationToken ct) => HandleBatchAsync([moduleEvent], ct);

        public Task HandleBatchAsync(IReadOnlyList<ModuleEvent> moduleEvents, CancellationToken ct)
        {
            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new InvalidOperationException("subscriber not ready");
            }

            _batches.Enqueue(moduleEvents);
            return Task.CompletedTask;
        }
    }
}
