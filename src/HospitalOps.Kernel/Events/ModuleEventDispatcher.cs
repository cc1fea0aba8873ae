using Dapper;
using HospitalOps.Kernel.Cluster;
using HospitalOps.Kernel.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HospitalOps.Kernel.Events;

/// <summary>
/// Hands the deliveries of <see cref="ModuleEvents"/> to their subscribers. One node at a time serves a subscriber (a
/// lease per subscriber), oldest delivery first; a failed delivery is retried with back-off and holds back the later
/// ones of the same subscriber, so a subscriber never sees a resolution before the opening it belongs to.
/// </summary>
public sealed class ModuleEventDispatcher(
    IEnumerable<IModuleEventSubscriber> subscribers, Databases databases, NodeIdentity node, TimeProvider clock, ILogger<ModuleEventDispatcher> log) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan KeepHandled = TimeSpan.FromDays(7);
    private const int Batch = 100;

    private readonly IReadOnlyList<IModuleEventSubscriber> _subscribers = subscribers.ToList();
    private long _lastCleanup;

    /// <summary>The retry delay after the n-th failed attempt: 1 s doubling up to 5 minutes.</summary>
    public static TimeSpan RetryDelay(int attempts) => TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, Math.Clamp(attempts - 1, 0, 16))));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_subscribers.Count == 0)
        {
            return;
        }

        var registered = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Normally done by the start-up task already (before requests are served); again here for hosts that skip it,
                // and retried while the database is not ready (not migrated yet, unreachable) instead of stopping the host.
                if (!registered)
                {
                    await RegisterAsync(stoppingToken);
                    registered = true;
                }

                await DispatchOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                log.LogWarning(ex, "Module event dispatch failed; trying again");
            }

            try
            {
                await ModuleEvents.Published.WaitAsync(Poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Records which topics each subscriber of this node takes, so publications from now on are delivered to it.</summary>
    public Task RegisterAsync(CancellationToken ct) => RegisterAsync(_subscribers, databases, ct);

    internal static async Task RegisterAsync(IReadOnlyList<IModuleEventSubscriber> subscribers, Databases databases, CancellationToken ct)
    {
        if (subscribers.Count == 0)
        {
            return;
        }

        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        foreach (var subscriber in subscribers)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM module_event_subscriptions WHERE subscriber = @Name", new { subscriber.Name }, tx, cancellationToken: ct));
            foreach (var topic in subscriber.Topics.Distinct(StringComparer.Ordinal))
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO module_event_subscriptions (subscriber, topic) VALUES (@Name, @topic)", new { subscriber.Name, topic }, tx, cancellationToken: ct));
            }
        }

        await tx.CommitAsync(ct);
    }

    /// <summary>Serves every subscriber whose lease this node holds until its deliveries are done or one must wait.</summary>
    public async Task DispatchOnceAsync(CancellationToken ct)
    {
        foreach (var subscriber in _subscribers)
        {
            if (await HoldLeaseAsync(subscriber.Name, ct))
            {
                await DrainAsync(subscriber, ct);
            }
        }

        var now = UnixMs.Now(clock);
        if (now - _lastCleanup > 3_600_000)
        {
            _lastCleanup = now;
            await using var connection = await databases.Config.OpenAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM module_events WHERE published_at < @cutoff AND NOT EXISTS (SELECT 1 FROM module_event_deliveries d WHERE d.event_id = module_events.id)",
                new { cutoff = now - (long)KeepHandled.TotalMilliseconds }, cancellationToken: ct));
        }
    }

    private Task<bool> HoldLeaseAsync(string subscriber, CancellationToken ct) =>
        Lease.TryHoldAsync(databases, "module-events:" + subscriber, node.Name, clock, LeaseTime, ct);

    private async Task DrainAsync(IModuleEventSubscriber subscriber, CancellationToken ct)
    {
        while (true)
        {
            await using var connection = await databases.Config.OpenAsync(ct);
            var due = (await connection.QueryAsync<(long Id, int Attempts, long NextAt, long EventId, string Topic, string Payload, long PublishedAt)>(new CommandDefinition(
                """
                SELECT d.id, d.attempts, d.next_at, e.id, e.topic, e.payload, e.published_at
                FROM module_event_deliveries d JOIN module_events e ON e.id = d.event_id
                WHERE d.subscriber = @Name ORDER BY d.id LIMIT @Batch
                """,
                new { subscriber.Name, Batch }, cancellationToken: ct))).ToList();
            var handled = 0;
            while (handled < due.Count)
            {
                var take = subscriber is IModuleEventBatchSubscriber batched ? Math.Max(1, batched.MaxBatch) : 1;
                var now = UnixMs.Now(clock);
                var part = due.Skip(handled).Take(take).TakeWhile(d => d.NextAt <= now).ToList();
                if (part.Count == 0)
                {
                    return;
                }

                try
                {
                    var events = part.Select(d => new ModuleEvent(d.EventId, d.Topic, d.Payload, d.PublishedAt)).ToList();
                    if (subscriber is IModuleEventBatchSubscriber batch)
                    {
                        await batch.HandleBatchAsync(events, ct);
                    }
                    else
                    {
                        await subscriber.HandleAsync(events[0], ct);
                    }
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception ex)
                {
                    var first = part[0];
                    var attempts = first.Attempts + 1;
                    log.LogWarning(ex, "Subscriber {Subscriber} failed on {Topic} event {EventId} (attempt {Attempts}); it is retried", subscriber.Name, first.Topic, first.EventId, attempts);
                    var error = ex.Message.Length > 1000 ? ex.Message[..1000] : ex.Message;
                    await connection.ExecuteAsync(new CommandDefinition(
                        "UPDATE module_event_deliveries SET attempts = @attempts, next_at = @next, last_error = @error WHERE id = @Id",
                        new { attempts, next = UnixMs.Now(clock) + (long)RetryDelay(attempts).TotalMilliseconds, error, first.Id }, cancellationToken: ct));
                    return;
                }

                var handledIds = new DynamicParameters();
                await connection.ExecuteAsync(new CommandDefinition(
                    "DELETE FROM module_event_deliveries WHERE id IN " + SqlIn.List("id", part.Select(d => d.Id).ToList(), handledIds), handledIds, cancellationToken: ct));
                handled += part.Count;
            }

            if (due.Count < Batch)
            {
                return;
            }

            if (!await HoldLeaseAsync(subscriber.Name, ct))
            {
                return;
            }
        }
    }
}

/// <summary>
/// Registers this node's subscribers at start, after the migrations and before any request is served, so a change made by the
/// first request already reaches them.
/// </summary>
public sealed class ModuleEventSubscriptions(IEnumerable<IModuleEventSubscriber> subscribers, Databases databases) : IStartupTask
{
    public int Order => 0;

    public Task RunAsync(CancellationToken ct) => ModuleEventDispatcher.RegisterAsync(subscribers.ToList(), databases, ct);
}
