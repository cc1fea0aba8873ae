using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HospitalOps.Alerting.Notifications.Delivery;

/// <summary>
/// The background loop of notifications on every node: escalate what nobody acknowledged, plan pending notices into the
/// outbox, deliver what is due, and
/// sleep until signalled or for a second. Every node runs it; claims and idempotency keys keep the nodes from doubling up.
/// </summary>
internal sealed class NotificationWorker(
    NotificationPlanner planner,
    Escalation.EscalationSweeper escalations,
    OutboxDispatcher dispatcher,
    NotificationSignal signal,
    AlertingOptions options,
    ILogger<NotificationWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.DeliveryEnabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var busy = false;
            try
            {
                await escalations.SweepAsync(stoppingToken);
                busy = await planner.PlanPendingAsync(stoppingToken) > 0;
                busy |= await dispatcher.DispatchDueAsync(stoppingToken) > 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                log.LogError(ex, "Notification delivery failed; retrying in a second");
            }

            if (busy)
            {
                continue;
            }

            try
            {
                await signal.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
