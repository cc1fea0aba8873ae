using HospitalOps.Cmdb.Contracts;
using HospitalOps.Monitoring.History;
using HospitalOps.Monitoring.Targets;

namespace HospitalOps.Monitoring.Collection;

/// <summary>
/// A target as this node collects it: its definition, the labels every series of it carries
/// (user labels plus job, instance and the CI's id, code, type, business systems and zone),
/// its head in the history store and the caches that map what it reports to series.
/// </summary>
internal sealed class TargetRuntime(TargetRow target, IReadOnlyList<Label> labels, TargetHead head)
{
    public TargetRow Target { get; } = target;

    public IReadOnlyList<Label> Labels { get; } = labels;

    public TargetHead Head { get; } = head;

    /// <summary>Series of generic collectors by their canonical text.</summary>
    public Dictionary<string, HeadSeries> SeriesByText { get; } = new(StringComparer.Ordinal);

    /// <summary>Series of the scrape path by the raw series bytes of the exposition.</summary>
    public Scrape.ScrapeCache ScrapeCache { get; } = new();

    /// <summary>The scrape path's working lists, reused from scrape to scrape.</summary>
    public Scrape.ScrapeIngest.Prepared? ScrapeScratch { get; set; }

    /// <summary>Scrapes left before the next one reads the metric metadata (0: the next one does).</summary>
    public int ScrapesUntilMetadata { get; set; }

    /// <summary>The metric relabelling rules, compiled on first use.</summary>
    public Scrape.MetricRelabeler? Relabeler { get; set; }

    /// <summary>When host facts were last recorded in the CMDB.</summary>
    public DateTimeOffset? LastDiscovery { get; set; }

    /// <summary>Serialises collections of this target (the scheduler and "test now" never overlap).</summary>
    public SemaphoreSlim Running { get; } = new(1, 1);

    public static IReadOnlyList<Label> LabelsFor(TargetRow target, CiFacts? ci)
    {
        var labels = new List<Label>
        {
            new("job", target.Kind),
            new("instance", target.Address),
        };
        foreach (var (name, value) in target.LabelMap)
        {
            labels.RemoveAll(l => l.Name == name);
            labels.Add(new Label(name, value));
        }

        if (ci is not null)
        {
            labels.Add(new Label("ci_id", ci.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            labels.Add(new Label("ci", ci.Code));
            labels.Add(new Label("ci_type", ci.Type));
            if (ci.BusinessSystems.Count > 0)
            {
                labels.Add(new Label("business", string.Join(",", ci.BusinessSystems.Select(b => b.Code))));
            }

            if (ci.Zone is not null)
            {
                labels.Add(new Label("zone", ci.Zone));
            }
        }

        return labels;
    }
}
