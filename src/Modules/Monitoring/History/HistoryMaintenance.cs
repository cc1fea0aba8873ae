using HospitalOps.Monitoring.Health;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HospitalOps.Monitoring.History;

/// <summary>
/// Flushes the heads and the health records every flush interval, and once more on shutdown so
/// a clean stop loses nothing.
/// </summary>
internal sealed class HistoryMaintenance(HistoryStore store, TargetHealthBook health, IOptions<HistoryOptions> options, ILogger<HistoryMaintenance> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Clamp(options.Value.FlushSeconds, 1, 300));
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(interval, stoppingToken);
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await FlushAsync(grace.Token);
        }
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        try
        {
            await store.FlushAllAsync(ct);
            await health.PersistAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogWarning(ex, "Flushing the metric history failed; retrying at the next interval");
        }
    }
}
