using HospitalOps.Kernel.Demo;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HospitalOps.Monitoring.Demo;

/// <summary>Runs the demo hospital's live feed when the demo is loaded (checked at start and then every minute until it is).</summary>
internal sealed class DemoFeeder(IEnumerable<IDemoData> demos, MonitoringOptions options, ILogger<DemoFeeder> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.DemoFeedEnabled || demos.OfType<MonitoringDemo>().FirstOrDefault() is not { } demo)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await demo.FeedAsync(stoppingToken))
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "The demo hospital's live feed stopped; retrying in a minute");
            }

            try
            {
                await Task.Delay(TimeSpan.FromMinutes(1), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
