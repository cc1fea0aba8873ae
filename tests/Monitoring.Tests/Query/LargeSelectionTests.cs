using System.Globalization;
using HospitalOps.Monitoring.Import;
using HospitalOps.Monitoring.Query;
using HospitalOps.PromQL.Model;
using HospitalOps.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Monitoring.Tests.Query;

/// <summary>A selection large enough to be read in parallel parts gives the same series, in label order, with every sample.</summary>
public sealed class LargeSelectionTests
{
    [Fact]
    public async Task ThousandsOfSeries_AreReadWhole_AndComeSortedByLabels()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Monitoring:SchedulerEnabled"] = "false" }, clock: ManualClock.Running());
        var end = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60;
        var lines = new List<string>();
        const int hosts = 2_600;
        for (var h = 0; h < hosts; h++)
        {
            // Instance names in an order unlike creation order, so sorting is visible.
            var instance = $"vm-{(h * 7919) % hosts:D4}";
            var job = h % 3 == 0 ? "his" : "emr";
            for (var t = end - 600; t <= end; t += 30)
            {
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"ward_bytes_total{{instance=\"{instance}\",job=\"{job}\"}} {h + ((t - end + 600) * 10)} {t}"));
            }
        }

        lines.Sort(StringComparer.Ordinal);
        lines.Add("# EOF");
        var file = Path.Combine(host.DataDir, "large.om");
        await File.WriteAllLinesAsync(file, lines);
        (await host.Services.GetRequiredService<OpenMetricsImport>().RunAsync(file, _ => { }, CancellationToken.None)).Imported.ShouldBeTrue();
        var queries = host.Services.GetRequiredService<HistoryQueries>();

        var all = (VectorValue)(await queries.InstantAsync("ward_bytes_total", end * 1000, CancellationToken.None)).Value;
        all.Samples.Count.ShouldBe(hosts);
        all.Samples.Select(s => s.Labels.Get("instance")).ShouldBe(Enumerable.Range(0, hosts).Select(h => $"vm-{h:D4}"));

        // Every series' every sample: a rate of 10 per second each, and the sum of the last values.
        var rates = (VectorValue)(await queries.InstantAsync("sum by (job) (rate(ward_bytes_total[5m]))", end * 1000, CancellationToken.None)).Value;
        rates.Samples.Single(s => s.Labels.Get("job") == "his").V.ShouldBe(10.0 * ((hosts + 2) / 3), 1e-9);
        rates.Samples.Single(s => s.Labels.Get("job") == "emr").V.ShouldBe(10.0 * (hosts - ((hosts + 2) / 3)), 1e-9);
        var total = (VectorValue)(await queries.InstantAsync("sum(ward_bytes_total)", end * 1000, CancellationToken.None)).Value;
        total.Samples.Single().V.ShouldBe((hosts * 6000.0) + ((hosts - 1) * hosts / 2.0));
    }
}
