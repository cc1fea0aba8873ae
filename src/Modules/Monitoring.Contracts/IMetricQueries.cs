using HospitalOps.PromQL.Model;

namespace HospitalOps.Monitoring.Contracts;

/// <summary>
/// PromQL over the metric history, for other modules (alert rules and their previews, reports), with the same limits
/// on samples and time as the query API. Parse and evaluation errors are <see cref="PromQLException"/>.
/// </summary>
public interface IMetricQueries
{
    /// <summary>The value of <paramref name="promql"/> at <paramref name="timeMs"/> (Unix milliseconds).</summary>
    Task<QueryResult> InstantAsync(string promql, long timeMs, CancellationToken ct);

    /// <summary>The value at every step from <paramref name="startMs"/> to <paramref name="endMs"/>.</summary>
    Task<QueryResult> RangeAsync(string promql, long startMs, long endMs, long stepMs, CancellationToken ct);
}
