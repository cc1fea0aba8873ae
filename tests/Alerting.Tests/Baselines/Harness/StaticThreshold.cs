using HospitalOps.Alerting.Baselines;

namespace HospitalOps.Alerting.Tests.Baselines.Harness;

/// <summary>
/// The comparison: what a fixed threshold rule does on the same data — alert above the history's 99th percentile
/// (high) or below its 1st (low), held for as long as the learned detectors hold a fast move, with thresholds
/// re-computed daily from the same weeks the profile is learned from. It cannot say which pattern it saw, so it is
/// scored by side: a high alert counts for whichever rising pattern (RisingFast, RisingNoFall) it falls in, a low
/// alert for whichever falling one (FallingFast, FallingNoRecovery, BrokenTide) — a mapping that favours it, since the
/// learned detectors must also name the pattern right.
/// </summary>
internal sealed class StaticThreshold(double high, double low, int sustainPoints)
{
    public const string High = "high";
    public const string Low = "low";

    public static StaticThreshold Learn(RegularSeries history, double highQuantile, double lowQuantile, int sustainPoints) =>
        new(RobustStatistics.Quantile(history.Values.Span, highQuantile), RobustStatistics.Quantile(history.Values.Span, lowQuantile), sustainPoints);

    public double HighThreshold => high;

    public double LowThreshold => low;

    public static bool IsRising(AnomalyPattern pattern) => pattern is AnomalyPattern.RisingFast or AnomalyPattern.RisingNoFall;

    public static bool Matches(string side, AnomalyPattern pattern) => side == (IsRising(pattern) ? High : Low);

    /// <summary>"high", "low" or null: whether the latest samples (missing ones skipped) have all been beyond a threshold.</summary>
    public string? Check(ReadOnlySpan<double> recent)
    {
        var above = 0;
        var below = 0;
        var seen = 0;
        for (var i = recent.Length - 1; i >= 0 && seen < sustainPoints; i--)
        {
            if (double.IsNaN(recent[i]))
            {
                continue;
            }

            seen++;
            above += recent[i] > high ? 1 : 0;
            below += recent[i] < low ? 1 : 0;
        }

        return seen < sustainPoints ? null : above == seen ? High : below == seen ? Low : null;
    }
}
