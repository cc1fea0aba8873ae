using HospitalOps.Kernel.Observability;
using HospitalOps.Monitoring.Health;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HospitalOps.Monitoring.History;

/// <summary>
/// Flushes the heads and the health records every flush interval, and once more on shutdown so
/// a clean stop loses nothing; compacts closed windows every five minutes and applies retention hourly.
/// At start it loads the series index into memory, so the first query after a restart does not wait for it.
/// </summary>
internal sealed class HistoryMaintenance(HistoryStore store, HistoryCompactor compactor, SeriesIndex index, TargetHealthBook health, MetricMetadataBook metadata, IOptions<HistoryOptions> options, MetricsRegistry metrics, ILogger<HistoryMaintenance> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        metrics.Gauge("hospitalops_history_head_series", "Series held in this node's heads.", () => store.HeadSeriesCount);
        var interval = TimeSpan.FromSeconds(Math.Clamp(options.Value.FlushSeconds, 1, 300));
        var nextCompaction = Environment.TickCount64 + 60_000;
        var nextRetention = Environment.TickCount64 + 120_000;
        try
        {
            await RunAsync(async () => (await index.WarmUpAsync(stoppingToken)), "Loading the series index of");
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(interval, stoppingToken);
                await FlushAsync(stoppingToken);
                if (Environment.TickCount64 >= nextCompaction)
                {
                    nextCompaction = Environment.TickCount64 + 300_000;
                    await RunAsync(() => compactor.CompactAsync(stoppingToken), "Compacting");
                }

                if (Environment.TickCount64 >= nextRetention)
                {
                    nextRetention = Environment.TickCount64 + 3_600_000;
                    await RunAsync(() => compactor.ApplyRetentionAsync(stoppingToken), "Applying retention to");
                }
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

    private async Task RunAsync(Func<Task<int>> work, string what)
    {
        try
        {
            await work();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogWarning(ex, "{What} the metric history failed; retrying later", what);
        }
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        try
        {
            await store.FlushAllAsync(ct);
            await health.PersistAsync(ct);
            await metadata.PersistAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogWarning(ex, "Flushing the metric history failed; retrying at the next interval");
        }
    }
}
