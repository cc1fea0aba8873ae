namespace HospitalOps.Monitoring.Capacity.Forecasting;

/// <summary>
/// One resource in a <see cref="CapacityReport"/>: the smallest report horizon (in days) its
/// forecast fill date falls within, and the smallest its earliest band end falls within — the second
/// flags what may fill even though the forecast says later.
/// </summary>
public sealed record CapacityReportLine(ResourceForecast Resource, int? FillsWithinDays, int? MayFillWithinDays);

/// <summary>What fills within 30, 90 and 180 days (or other horizons), most urgent first.</summary>
internal sealed record CapacityReport(long Now, IReadOnlyList<int> Days, IReadOnlyList<CapacityReportLine> Lines)
{
    /// <summary>Every resource, in <see cref="Saturation.Rank"/> order, with the horizon it fills within.</summary>
    public static CapacityReport Build(IEnumerable<ResourceForecast> resources, long now, IReadOnlyList<int>? days = null)
    {
        var horizons = (days ?? ForecastOptions.Default.ReportDays).Order().ToList();
        var lines = Saturation.Rank(resources)
            .Select(r => new CapacityReportLine(r, Within(r.Forecast.FullAt, now, horizons), Within(r.Forecast.FullAtEarliest, now, horizons)))
            .ToList();
        return new CapacityReport(now, horizons, lines);
    }

    /// <summary>The resources forecast to fill within <paramref name="days"/> days (those already full included).</summary>
    public IReadOnlyList<CapacityReportLine> FillingWithin(int days) =>
        Lines.Where(l => l.Resource.Forecast.FullAt is { } at && at <= Now + days * CapacityForecaster.DayMs).ToList();

    private static int? Within(long? at, long now, List<int> horizons)
    {
        if (at is not { } time)
        {
            return null;
        }

        foreach (var d in horizons)
        {
            if (time <= now + d * CapacityForecaster.DayMs)
            {
                return d;
            }
        }

        return null;
    }
}
