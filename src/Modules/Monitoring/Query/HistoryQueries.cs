using HospitalOps.Monitoring.History;
using HospitalOps.PromQL.Evaluation;
using HospitalOps.PromQL.Model;
using HospitalOps.PromQL.Storage;
using Microsoft.Extensions.Options;

namespace HospitalOps.Monitoring.Query;

/// <summary>PromQL over the metric history: what the Prometheus API, dashboards, capacity and alert rules evaluate through.</summary>
internal sealed class HistoryQueries(SeriesIndex index, HistoryStore store, IOptions<QuerySettings> settings, TimeProvider clock) : Contracts.IMetricQueries
{
    private readonly QueryEngine _engine = new(new QueryOptions
    {
        MaxSamples = settings.Value.MaxSamples,
        Timeout = TimeSpan.FromSeconds(Math.Clamp(settings.Value.TimeoutSeconds, 1, 3600)),
        LookbackDelta = TimeSpan.FromSeconds(Math.Clamp(settings.Value.LookbackDeltaSeconds, 1, 86_400)),
    });

    public QuerySettings Settings => settings.Value;

    public ISeriesSource Source() => new HistorySeriesSource(index, store, store.Options, clock, settings.Value.MaxSeriesPerSelector);

    public Task<QueryResult> InstantAsync(string query, long timeMs, CancellationToken ct) => _engine.InstantAsync(Source(), query, timeMs, ct);

    public Task<QueryResult> RangeAsync(string query, long startMs, long endMs, long stepMs, CancellationToken ct) => _engine.RangeAsync(Source(), query, startMs, endMs, stepMs, ct);
}
