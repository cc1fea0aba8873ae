using System.Text.RegularExpressions;
using HospitalOps.Cmdb.Contracts;
using HospitalOps.Monitoring.Capacity.Forecasting;
using HospitalOps.Monitoring.Query;
using HospitalOps.PromQL.Model;

namespace HospitalOps.Monitoring.Capacity;

/// <summary>One resource of one CI: its usage over the period (hourly), its capacity and the forecast.</summary>
public sealed record CapacityResourceDto(
    long CiId, string CiCode, string CiName, string CiType, IReadOnlyList<string> Business, string Layer, string Kind, string Name, string Instance, string Unit,
    double? Capacity, double? Current, double? Headroom, IReadOnlyList<double[]> Points, CapacityForecastDto Forecast);

/// <summary>The forecast as the page and the report show it (times in Unix ms).</summary>
public sealed record CapacityForecastDto(
    string Outcome, string Reason, string Model, string? Cycle, double? GrowthPerDay, double? DaysUntilFull, double? DaysUntilFullEarliest, double? DaysUntilFullLatest,
    long? FullAt, long? FullAtEarliest, long? FullAtLatest, long? CleanupAt, IReadOnlyList<CapacityProjection> Projections);

/// <summary>A resource with its forecast, as the ranking of what saturates first needs it.</summary>
internal sealed record AnalyzedResource(CapacityResourceDto Dto, CapacityForecast Forecast)
{
    public ResourceForecast Ranked => new($"{Dto.CiCode} {Dto.Name} {Dto.Instance}".Trim(), Forecast, Dto.Layer);
}

/// <summary>
/// Usage and forecasts of the resources of a set of CIs: each resource kind's PromQL evaluated hourly over the
/// period (the history answers from rollups), its latest capacity, and a forecast per resource.
/// </summary>
internal sealed class CapacityAnalysis(HistoryQueries queries, TimeProvider clock)
{
    public const long HourMs = 3_600_000;

    public async Task<List<AnalyzedResource>> AnalyzeAsync(IReadOnlyList<CiFacts> cis, int days, string language, CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds() / HourMs * HourMs;
        var start = now - (days * 24 * HourMs);
        var byLayer = cis.Where(c => CapacityLayers.Of(c.Type) is not null).GroupBy(c => CapacityLayers.Of(c.Type)!).ToDictionary(g => g.Key, g => g.ToList());
        var result = new List<AnalyzedResource>();
        var chinese = language == Kernel.Errors.RequestLanguage.Chinese;
        foreach (var kind in CapacityLayers.Kinds)
        {
            if (!byLayer.TryGetValue(kind.Layer, out var layerCis) || layerCis.Count == 0)
            {
                continue;
            }

            var byCode = layerCis.ToDictionary(c => c.Code, StringComparer.Ordinal);
            var selector = string.Join("|", layerCis.Select(c => Regex.Escape(c.Code).Replace("\\", "\\\\", StringComparison.Ordinal)));
            var used = await queries.RangeAsync(kind.Used.Replace("$ci", selector, StringComparison.Ordinal), start, now, HourMs, ct);
            var capacities = new Dictionary<string, double>(StringComparer.Ordinal);
            if (kind.Capacity is not null && (await queries.InstantAsync(kind.Capacity.Replace("$ci", selector, StringComparison.Ordinal), now, ct)).Value is VectorValue capacity)
            {
                foreach (var s in capacity.Samples)
                {
                    capacities[Key(s.Labels, kind)] = s.V;
                }
            }

            if (used.Value is not MatrixValue matrix)
            {
                continue;
            }

            foreach (var series in matrix.Series)
            {
                if (series.Labels.Get("ci") is not { } code || !byCode.TryGetValue(code, out var ci) || series.Points.Count == 0)
                {
                    continue;
                }

                var key = Key(series.Labels, kind);
                var limit = kind.FixedCapacity ?? (capacities.TryGetValue(key, out var c) ? c : double.NaN);
                var history = series.Points.Select(p => new UsagePoint(p.T, p.V)).ToList();
                var forecast = CapacityForecaster.Forecast(history, limit, now);
                var current = series.Points[^1].V;
                result.Add(new AnalyzedResource(new CapacityResourceDto(
                    ci.Id, ci.Code, ci.Name, ci.Type, ci.BusinessSystems.Select(b => b.Code).ToList(), kind.Layer, kind.Kind, chinese ? kind.NameZh : kind.NameEn,
                    string.Join(" ", kind.KeyLabels.Select(l => series.Labels.Get(l)).Where(v => v is not null)), kind.Unit,
                    double.IsFinite(limit) && limit > 0 ? limit : null, current, Headroom.Fraction(current, limit),
                    series.Points.Select(p => new[] { p.T, p.V }).ToList(), ToDto(forecast)), forecast));
            }
        }

        return result;
    }

    private static string Key(Labels labels, CapacityResourceKind kind) =>
        labels.Get("ci") + "\u0001" + string.Join("\u0001", kind.KeyLabels.Select(l => labels.Get(l) ?? string.Empty));

    internal static CapacityForecastDto ToDto(CapacityForecast f) => new(
        f.Outcome.ToString(), f.Reason, f.Model.ToString(), f.Outcome is ForecastOutcome.TooFewPoints or ForecastOutcome.HistoryTooShort ? null : f.Cycle.ToString(),
        f.GrowthPerDay, f.DaysUntilFull, f.DaysUntilFullEarliest, f.DaysUntilFullLatest, f.FullAt, f.FullAtEarliest, f.FullAtLatest, f.CleanupAt, f.Projections);
}
