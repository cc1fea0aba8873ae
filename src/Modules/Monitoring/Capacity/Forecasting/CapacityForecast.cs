namespace HospitalOps.Monitoring.Capacity.Forecasting;

/// <summary>What a forecast could say.</summary>
public enum ForecastOutcome
{
    /// <summary>Capacity is reached within the horizon; <see cref="CapacityForecast.FullAt"/> is set.</summary>
    FillsWithinHorizon,

    /// <summary>The latest value is already at or above the capacity.</summary>
    AlreadyFull,

    /// <summary>Usage grows, but reaches the capacity only after the horizon.</summary>
    BeyondHorizon,

    /// <summary>Usage is flat or shrinking: the growth is not distinguishable from zero, or negative.</summary>
    NotGrowing,

    /// <summary>Too few usable points (counted from the last cleanup, if there was one).</summary>
    TooFewPoints,

    /// <summary>The usable points span too short a time (counted from the last cleanup, if there was one).</summary>
    HistoryTooShort,

    /// <summary>The capacity is not a positive finite number; the trend is still reported.</summary>
    CapacityUnknown,
}

/// <summary>The model that produced a forecast.</summary>
public enum ForecastModel
{
    None,

    /// <summary>A robust straight line through the usage.</summary>
    Linear,

    /// <summary>A robust line plus a daily or weekly profile; the peaks are what is forecast to fill.</summary>
    Seasonal,
}

/// <summary>The cycle a seasonal model removed.</summary>
public enum SeasonalCycle
{
    None,

    /// <summary>24 hour-of-day buckets.</summary>
    Daily,

    /// <summary>168 hour-of-week buckets.</summary>
    Weekly,
}

/// <summary>
/// The usage expected <see cref="Days"/> days after the forecast's now: <see cref="Expected"/> on the
/// trend, <see cref="Peak"/> at the high point of the cycle (equal to the trend for a linear model), and
/// the prediction interval of the peak, <see cref="Low"/> to <see cref="High"/>, at the forecast's confidence.
/// </summary>
public sealed record CapacityProjection(int Days, long At, double Expected, double Peak, double Low, double High);

/// <summary>
/// The result of <see cref="CapacityForecaster.Forecast"/>. Values are in the unit of the input;
/// times in Unix milliseconds. Fields that need a fit are null when <see cref="Outcome"/> says there
/// was too little data.
/// </summary>
public sealed record CapacityForecast
{
    public required ForecastOutcome Outcome { get; init; }

    /// <summary>A sentence for people: why there is no date, or when it fills.</summary>
    public required string Reason { get; init; }

    public required long Now { get; init; }

    public required double Capacity { get; init; }

    /// <summary>Coverage of the band (e.g. 0.8 for an 80 % prediction interval).</summary>
    public required double Confidence { get; init; }

    public ForecastModel Model { get; init; }

    public SeasonalCycle Cycle { get; init; }

    /// <summary>The latest observed value at or before now.</summary>
    public double? CurrentValue { get; init; }

    /// <summary>Capacity minus current value, as a fraction of the capacity (negative when over).</summary>
    public double? Headroom { get; init; }

    /// <summary>Slope of the trend per day.</summary>
    public double? GrowthPerDay { get; init; }

    /// <summary>Standard error of <see cref="GrowthPerDay"/>, widened for autocorrelated residuals.</summary>
    public double? GrowthPerDayStdError { get; init; }

    /// <summary>Share of the usage's variance (over the fitted points) the model explains.</summary>
    public double? RSquared { get; init; }

    /// <summary>Robust standard deviation of what the model leaves over.</summary>
    public double? ResidualStdDev { get; init; }

    /// <summary>How far the cycle's high point lies above the trend (0 for a linear model).</summary>
    public double? SeasonalPeak { get; init; }

    /// <summary>The trend's value at now.</summary>
    public double? TrendNow { get; init; }

    /// <summary>Time of the first point the fit used.</summary>
    public long? FitFrom { get; init; }

    public int PointsUsed { get; init; }

    /// <summary>The last cleanup (a large, lasting fall) found; the fit starts after it.</summary>
    public long? CleanupAt { get; init; }

    public IReadOnlyList<CapacityProjection> Projections { get; init; } = [];

    /// <summary>When the forecast value (the peaks for a seasonal model) reaches the capacity.</summary>
    public long? FullAt { get; init; }

    /// <summary>When the upper end of the prediction interval reaches the capacity.</summary>
    public long? FullAtEarliest { get; init; }

    /// <summary>When the lower end of the prediction interval reaches the capacity; null when that is beyond the horizon.</summary>
    public long? FullAtLatest { get; init; }

    /// <summary>When the trend alone (without the cycle's peaks) reaches the capacity.</summary>
    public long? TrendFullAt { get; init; }

    public double? DaysUntilFull => FullAt is { } at ? (at - Now) / (double)CapacityForecaster.DayMs : null;

    public double? DaysUntilFullEarliest => FullAtEarliest is { } at ? (at - Now) / (double)CapacityForecaster.DayMs : null;

    public double? DaysUntilFullLatest => FullAtLatest is { } at ? (at - Now) / (double)CapacityForecaster.DayMs : null;
}
