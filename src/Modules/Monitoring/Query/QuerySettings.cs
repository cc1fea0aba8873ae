namespace HospitalOps.Monitoring.Query;

/// <summary>Limits of the query engine (section <c>Monitoring:Query</c>).</summary>
public sealed class QuerySettings
{
    /// <summary>Samples one query may load; more fails the query with a clear error instead of exhausting memory.</summary>
    public long MaxSamples { get; set; } = 50_000_000;

    /// <summary>Series one selector may match.</summary>
    public int MaxSeriesPerSelector { get; set; } = 500_000;

    public int TimeoutSeconds { get; set; } = 120;

    /// <summary>How far back an instant selector looks for the latest sample (Prometheus's 5 minutes).</summary>
    public int LookbackDeltaSeconds { get; set; } = 300;

    /// <summary>Points per series a range query may return (Prometheus's 11,000).</summary>
    public int MaxPointsPerSeries { get; set; } = 11_000;
}
