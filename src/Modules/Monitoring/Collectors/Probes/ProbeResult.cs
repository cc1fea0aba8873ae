using HospitalOps.Monitoring.Collection;

namespace HospitalOps.Monitoring.Collectors.Probes;

/// <summary>
/// What one probe run found. A failed probe still carries samples (at least
/// <c>probe_success 0</c>, plus whatever was measured before it failed) and the reason in
/// <see cref="Failure"/>.
/// </summary>
internal sealed class ProbeResult
{
    public ProbeResult(SampleBatch samples, CollectionFailure? failure)
    {
        Samples = samples;
        Failure = failure;
    }

    public SampleBatch Samples { get; }

    public CollectionFailure? Failure { get; }

    public bool Succeeded => Failure is null;

    /// <summary>The value of the first sample of that metric whose labels contain all the given ones.</summary>
    public double? Value(string metric, params Label[] labels) =>
        Samples.Samples
            .Where(s => s.Metric == metric && labels.All(l => s.Labels.Contains(l)))
            .Select(s => (double?)s.Value)
            .FirstOrDefault();

    internal static ProbeResult Success(SampleBatch samples)
    {
        samples.Add("probe_success", 1);
        return new ProbeResult(samples, null);
    }

    internal static ProbeResult Failed(SampleBatch samples, CollectionFailure failure)
    {
        samples.Add("probe_success", 0);
        return new ProbeResult(samples, failure);
    }
}
