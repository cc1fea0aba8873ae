namespace HospitalOps.Alerting.Baselines;

/// <summary>
/// The thresholds of the five detectors. Durations are in minutes of data, so the rules read the same on a 1-minute
/// and a 5-minute series; distances are in spreads of the profile (the band is centre ± K spreads).
/// </summary>
internal sealed record DetectorSettings
{
    public static readonly DetectorSettings Default = new();

    /// <summary>How much recent history one evaluation reads: enough for today's tide and a long trend.</summary>
    public int WindowMinutes { get; init; } = 24 * 60;

    /// <summary>The day's rhythm may come this much early or late before a value counts as outside the band.</summary>
    public int TimeToleranceMinutes { get; init; } = 15;

    /// <summary>A fast move must hold this long (and at least two points): one wild sample is not an anomaly.</summary>
    public int SustainMinutes { get; init; } = 10;

    /// <summary>The level reached within this long after leaving the band is what a fast move is judged by.</summary>
    public int FastWindowMinutes { get; init; } = 15;

    /// <summary>… compared with the level over this long before it left the band.</summary>
    public int ReferenceMinutes { get; init; } = 15;

    /// <summary>A fast move changes the residual by at least this many spreads …</summary>
    public double FastJumpSpreads { get; init; } = 4;

    /// <summary>… and ends at least this many spreads beyond the band.</summary>
    public double FastMarginSpreads { get; init; } = 1;

    /// <summary>Slow patterns are judged on medians of blocks this long, so single samples do not break a run.</summary>
    public int BlockMinutes { get; init; } = 30;

    /// <summary>Rising without falling: above the band for at least this long …</summary>
    public int NoFallMinutes { get; init; } = 240;

    /// <summary>… with a rising trend of the residual over this long …</summary>
    public int TrendMinutes { get; init; } = 12 * 60;

    /// <summary>… at this Mann–Kendall score (2.33: one-sided 1 %).</summary>
    public double TrendZ { get; init; } = 2.33;

    /// <summary>Falling without recovery: below the band for at least this long.</summary>
    public int NoRecoveryMinutes { get; init; } = 180;

    /// <summary>A day kind has a tide when its daily swing is at least this many typical spreads.</summary>
    public double TideMinSwingSpreads { get; init; } = 6;

    /// <summary>The tide is up where the profile expects at least this fraction of the day's swing above its trough …</summary>
    public double TideHighFraction { get; init; } = 0.5;

    /// <summary>Before a stretch begins, the tide is due once the profile climbs above this fraction of the swing.</summary>
    public double TideLowFraction { get; init; } = 0.15;

    /// <summary>A stretch of high tide continues across a dip shorter than this (the lunch hour; not the night before a batch job).</summary>
    public int TideMaxDipMinutes { get; init; } = 240;

    /// <summary>… and a missing tide is told only after a night as usual: its median no more than this many spreads below the centre (and inside the band above it).</summary>
    public double TideNightSpreads { get; init; } = 1.5;

    /// <summary>The tide is broken when, after this long of expected high tide, …</summary>
    public int TideSustainMinutes { get; init; } = 60;

    /// <summary>… no block of it rose above this fraction of the expected rise.</summary>
    public double TideRiseRatio { get; init; } = 0.3;
}
