namespace HospitalOps.Monitoring.Collection;

/// <summary>One label of a series: a name and its value.</summary>
internal readonly record struct Label(string Name, string Value);

/// <summary>One value a collector found, before the platform adds the target's labels.</summary>
internal readonly record struct CollectedSample(string Metric, Label[] Labels, double Value, long? TimestampMs = null);

/// <summary>
/// What one collection found, in the order found. Collectors other than the Prometheus scrape
/// (probes, database and middleware collectors) report through this.
/// </summary>
internal sealed class SampleBatch
{
    private readonly List<CollectedSample> _samples = [];

    public IReadOnlyList<CollectedSample> Samples => _samples;

    public void Add(string metric, double value, params Label[] labels) =>
        _samples.Add(new CollectedSample(metric, labels, value));

    public void Add(string metric, bool value, params Label[] labels) => Add(metric, value ? 1 : 0, labels);
}
