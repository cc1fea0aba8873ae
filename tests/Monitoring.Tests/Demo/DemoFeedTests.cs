using System.Globalization;
using HospitalOps.Kernel.Demo;
using HospitalOps.Monitoring.Demo;
using HospitalOps.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Monitoring.Tests.Demo;

/// <summary>The demo hospital stays live: after it is loaded its series go on, step by step, as time passes.</summary>
public sealed class DemoFeedTests
{
    [Fact]
    public async Task AfterTheDemoIsLoaded_ItsSeriesGoOnAsTimePasses_AndStatsKeepAValue()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Monitoring:SchedulerEnabled"] = "false", ["Monitoring:DemoFeedEnabled"] = "false" });
        var demo = host.Services.GetServices<IDemoData>().OfType<MonitoringDemo>().Single();
        (await demo.FeedAsync(CancellationToken.None)).ShouldBeFalse();
        foreach (var part in host.Services.GetServices<IDemoData>().OrderBy(d => d.Order))
        {
            await part.LoadAsync(CancellationToken.None);
        }

        var admin = await host.AdminAsync();
        var loadedAt = host.Clock.GetUtcNow().ToUnixTimeSeconds();
        var last = await LatestTimestampAsync(admin, loadedAt);
        last.ShouldBeLessThanOrEqualTo(loadedAt);

        host.Clock.Advance(TimeSpan.FromMinutes(30));
        admin = await host.AdminAsync(); // the session idled out meanwhile
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await Should.ThrowAsync<OperationCanceledException>(() => demo.FeedAsync(stop.Token));

        var now = host.Clock.GetUtcNow().ToUnixTimeSeconds();
        var fed = await LatestTimestampAsync(admin, now);
        fed.ShouldBe(now - (now % 120));
        fed.ShouldBeGreaterThan(last + 1500);

        // The stat a dashboard shows (an instant query at now) has a value, 30 minutes after loading.
        var up = await (await admin.GetAsync($"/prometheus/api/v1/query?query={Uri.EscapeDataString("sum(up)")}&time={now}")).JsonAsync();
        double.Parse(up.GetProperty("data").GetProperty("result")[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture).ShouldBeGreaterThan(50);
    }

    private static async Task<long> LatestTimestampAsync(ApiClient admin, long at)
    {
        var query = Uri.EscapeDataString("max(timestamp(node_load1{ci=\"vm-his-outpatient\"}))");
        var json = await (await admin.GetAsync($"/prometheus/api/v1/query?query={query}&time={at}")).JsonAsync();
        json.TryGetProperty("data", out _).ShouldBeTrue(json.ToString());
        return (long)double.Parse(json.GetProperty("data").GetProperty("result")[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }
}
