namespace HospitalOps.Monitoring.Capacity.Forecasting;

/// <summary>How <see cref="CapacityForecaster"/> fits and how far it looks ahead.</summary>
public sealed record ForecastOptions
{
    public static ForecastOptions Default { get; } = new();

    /// <summary>Fewer usable points than this (after a cleanup, counted from it) give no forecast.</summary>
    public int MinPoints { get; init; } = 12;

    /// <summary>A shorter span between the first and last usable point gives no forecast.</summary>
    public TimeSpan MinHistory { get; init; } = TimeSpan.FromDays(3);

    /// <summary>Capacity reached later than this is reported as beyond the horizon, not as a date.</summary>
    public TimeSpan Horizon { get; init; } = TimeSpan.FromDays(5 * 365);

    /// <summary>
    /// Coverage of the prediction interval behind <see cref="CapacityForecast.FullAtEarliest"/> and
    /// <see cref="CapacityForecast.FullAtLatest"/>. 80 % is the default because the earliest end is what
    /// alerts and procurement act on: a 95 % band on autocorrelated operational data pulls that end
    /// so far forward that it is mostly noise, while 80 % still leaves only a 1-in-10 chance of filling
    /// before it.
    /// </summary>
    public double Confidence { get; init; } = 0.80;

    /// <summary>
    /// One-sided confidence that the growth is above zero before a fill date is given at all;
    /// otherwise the usage counts as flat. Kept apart from <see cref="Confidence"/> so that a flat,
    /// noisy series is called flat 19 times in 20, not only 9 in 10.
    /// </summary>
    public double GrowthSignificance { get; init; } = 0.95;

    /// <summary>Whether daily and weekly cycles may be fitted (otherwise the model is always linear).</summary>
    public bool Seasonal { get; init; } = true;

    /// <summary>History needed before a daily (hour-of-day) cycle is looked for: two days, so every hour is seen twice.</summary>
    public TimeSpan MinHistoryForDaily { get; init; } = TimeSpan.FromDays(2);

    /// <summary>History needed before a weekly (hour-of-week) cycle is looked for: three weeks.</summary>
    public TimeSpan MinHistoryForWeekly { get; init; } = TimeSpan.FromDays(21);

    /// <summary>
    /// Share of the trend residuals' robust variance a cycle must explain, judged leave-one-out (each
    /// point predicted from the rest of its hour's bucket), to be kept; below it the cycle is treated as
    /// noise and the model stays linear.
    /// </summary>
    public double MinSeasonalShare { get; init; } = 0.25;

    /// <summary>
    /// Smallest fall, as a fraction of the capacity (or of the largest value when the capacity is
    /// unknown), that counts as a cleanup and restarts the trend; +∞ never restarts it.
    /// </summary>
    public double CleanupMinDropFraction { get; init; } = 0.05;

    /// <summary>Window within which a fall is measured, so a purge spread over a few hours is one drop.</summary>
    public TimeSpan CleanupWindow { get; init; } = TimeSpan.FromHours(6);

    /// <summary>Report horizons, in days, for <see cref="CapacityForecast.Projections"/> and <see cref="CapacityReport"/>.</summary>
    public IReadOnlyList<int> ReportDays { get; init; } = [30, 90, 180];
}
