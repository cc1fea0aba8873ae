using HospitalOps.Cmdb.Contracts;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Files;
using HospitalOps.Monitoring.Capacity.Forecasting;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Monitoring.Capacity;

/// <summary>One line of the capacity report: a resource that fills (or may fill) within the horizon, with advice.</summary>
public sealed record CapacityReportLineDto(CapacityResourceDto Resource, int? FillsWithinDays, int? MayFillWithinDays, double? AdviseAddAtLeast);

/// <summary>
/// What fills within 30, 90 or 180 days across every monitored CI (the storage capacity pre-analysis), as JSON or as
/// an xlsx report with expansion advice: how much to add so the peak expected in 180 days still fits with 20 % spare.
/// </summary>
internal static class CapacityForecastList
{
    private static readonly int[] Horizons = [30, 90, 180];

    internal static async Task<IResult> Endpoint(int? within, int? days, HttpContext context, ICmdbDirectory cmdb, CapacityAnalysis analysis, TimeProvider clock, CancellationToken ct) =>
        Results.Ok(await LinesAsync(within, days, context, cmdb, analysis, clock, ct));

    internal static async Task<IResult> XlsxEndpoint(int? within, int? days, HttpContext context, ICmdbDirectory cmdb, CapacityAnalysis analysis, TimeProvider clock, CancellationToken ct)
    {
        var lines = await LinesAsync(within, days, context, cmdb, analysis, clock, ct);
        var zh = RequestLanguage.Of(context) == RequestLanguage.Chinese;
        var rows = new List<IReadOnlyList<string>>
        {
            zh
                ? ["业务系统", "配置项", "名称", "层", "资源", "对象", "单位", "当前使用", "容量", "使用率", "日增长", "预计写满", "最早可能写满", "剩余天数", "模型", "建议至少扩容", "说明"]
                : ["Business", "CI", "Name", "Layer", "Resource", "Instance", "Unit", "Used", "Capacity", "Used %", "Growth per day", "Expected full", "Earliest full", "Days left", "Model", "Add at least", "Reason"],
        };
        foreach (var line in lines)
        {
            var r = line.Resource;
            var f = r.Forecast;
            rows.Add(
            [
                string.Join(",", r.Business), r.CiCode, r.CiName, r.Layer, r.Name, r.Instance, r.Unit, Number(r.Current), Number(r.Capacity),
                r.Capacity is > 0 && r.Current is { } c ? Number(100 * c / r.Capacity.Value, "0.0") : string.Empty,
                Number(f.GrowthPerDay), Date(f.FullAt), Date(f.FullAtEarliest), Number(f.DaysUntilFull, "0.0"), f.Model, Number(line.AdviseAddAtLeast), f.Reason,
            ]);
        }

        var file = XlsxTable.Write(zh ? "容量预测" : "Capacity", rows);
        return Results.File(file, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"capacity-report-{clock.GetUtcNow():yyyyMMdd}.xlsx");
    }

    private static async Task<List<CapacityReportLineDto>> LinesAsync(int? within, int? days, HttpContext context, ICmdbDirectory cmdb, CapacityAnalysis analysis, TimeProvider clock, CancellationToken ct)
    {
        var horizon = within ?? 180;
        if (!Horizons.Contains(horizon))
        {
            throw AppProblem.Invalid("within", "invalid_value");
        }

        var cis = await cmdb.SelectAsync(new CiSelector(null, null, null, null), ct);
        var resources = await analysis.AnalyzeAsync(cis, Math.Clamp(days ?? 30, 7, 400), RequestLanguage.Of(context), ct);
        var report = CapacityReport.Build(resources.Select(r => r.Ranked), clock.GetUtcNow().ToUnixTimeMilliseconds(), Horizons);
        var byForecast = resources.ToDictionary(r => (object)r.Forecast, r => r.Dto, ReferenceEqualityComparer.Instance);
        return report.Lines
            .Where(l => (l.FillsWithinDays ?? l.MayFillWithinDays) is { } d && d <= horizon)
            .Select(l => new CapacityReportLineDto(byForecast[l.Resource.Forecast], l.FillsWithinDays, l.MayFillWithinDays, Advice(l.Resource.Forecast)))
            .ToList();
    }

    /// <summary>Enough to hold the high end of the 180-day projection with a fifth to spare; null when it already fits.</summary>
    private static double? Advice(CapacityForecast f)
    {
        var far = f.Projections.LastOrDefault();
        if (far is null || !double.IsFinite(f.Capacity) || f.Capacity <= 0)
        {
            return null;
        }

        var needed = (Math.Max(far.High, far.Peak) * 1.2) - f.Capacity;
        return needed > 0 ? needed : null;
    }

    private static string Number(double? v, string format = "0.##") => v is { } x && double.IsFinite(x) ? x.ToString(format, System.Globalization.CultureInfo.InvariantCulture) : string.Empty;

    private static string Date(long? ms) => ms is { } t ? DateTimeOffset.FromUnixTimeMilliseconds(t).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : string.Empty;
}
