using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HospitalOps.Alerting.Notifications.Delivery;

/// <summary>
/// The background work of notifications on every node, in two loops that never wait for each other: one escalates what
/// nobody acknowledged and plans pending notices into the outbox, the other delivers what is due. Planning is quick
/// (one transaction per batch of notices); delivery waits on the channels' peers and rate limits and writes once per
/// message, so in one loop a storm's planning queued behind a batch of deliveries and messages reached the outbox seconds
/// late. Each loop sleeps until signalled or for a second. Every node runs both; claims and idempotency keys keep the
/// nodes from doubling up.
/// </summary>
internal sealed class NotificationWorker(
    NotificationPlanner planner,
    Escalation.EscalationSweeper escalations,
    OutboxDispatcher dispatcher,
    NotificationSignal signal,
    AlertingOptions options,
    ILogger<NotificationWorker> log) : BackgroundService
{
    // Wakes the delivery loop when planning queued messages (the signal from writers wakes the planning loop).
    private readonly NotificationSignal _queued = new();

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.DeliveryEnabled)
        {
            return Task.CompletedTask;
        }

        return Task.WhenAll(
            LoopAsync(signal, async ct =>
            {
                await escalations.SweepAsync(ct);
                var queued = await planner.PlanPendingAsync(ct);
                if (queued > 0)
                {
                    _queued.Pulse();
                }

                return queued > 0;
            }, stoppingToken),
            LoopAsync(_queued, async ct => await dispatcher.DispatchDueAsync(ct) > 0, stoppingToken));
    }

    private async Task LoopAsync(NotificationSignal wake, Func<CancellationToken, Task<bool>> step, CancellationToken stoppingToken)
    {
        // Off the caller's thread: the two loops start side by side.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var busy = false;
            try
            {
                busy = await step(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                log.LogError(ex, "Notification work failed; retrying in a second");
            }

            if (busy)
            {
                continue;
            }

            try
            {
                await wake.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
