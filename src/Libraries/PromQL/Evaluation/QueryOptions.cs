namespace HospitalOps.PromQL.Evaluation;

public sealed record QueryOptions
{
    /// <summary>How far back an instant selector looks for the latest sample (Prometheus's 5 minutes).</summary>
    public TimeSpan LookbackDelta { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>More samples than this in memory fails the query, as Prometheus's <c>--query.max-samples</c>.</summary>
    public long MaxSamples { get; init; } = 50_000_000;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The step of a subquery written without one (<c>[30m:]</c>): Prometheus's default evaluation interval.</summary>
    public TimeSpan DefaultSubqueryStep { get; init; } = TimeSpan.FromMinutes(1);
}
