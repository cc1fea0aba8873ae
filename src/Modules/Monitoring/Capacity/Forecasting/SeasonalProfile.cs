namespace HospitalOps.Monitoring.Capacity.Forecasting;

/// <summary>
/// A repeating offset from the trend: one value per hour of the day (24 buckets) or of the week
/// (168 buckets), in UTC. Buckets are hours because rollups are 5-minute or 1-hour points; a daily
/// cycle in local time is still a 24-hour cycle in UTC (only a DST switch shifts it by an hour).
/// </summary>
internal sealed class SeasonalProfile
{
    private const long HourMs = 3_600_000;

    /// <summary>Residuals are clipped here (in robust standard deviations) before averaging, so a spike cannot bend a bucket.</summary>
    private const double ClipSigmas = 3;

    private readonly double[] offsets;
    private readonly double[] sums;
    private readonly int[] counts;
    private readonly double clip;

    private SeasonalProfile(SeasonalCycle cycle, double[] offsets, double[] sums, int[] counts, double clip)
    {
        Cycle = cycle;
        this.offsets = offsets;
        this.sums = sums;
        this.counts = counts;
        this.clip = clip;
        Peak = offsets.Max();
    }

    public SeasonalCycle Cycle { get; }

    /// <summary>The highest offset: how far the cycle's top lies above the trend.</summary>
    public double Peak { get; }

    public double this[long t] => offsets[Bucket(t, offsets.Length)];

    /// <summary>
    /// The profile of residuals: per bucket the mean of the clipped residuals, left at 0 where a
    /// bucket was seen fewer than twice, then centred so the trend keeps the level. A mean rather than
    /// a median because it allows the leave-one-out test in <see cref="ExplainedShare"/>.
    /// </summary>
    public static SeasonalProfile Of(SeasonalCycle cycle, ReadOnlySpan<long> times, ReadOnlySpan<double> residuals)
    {
        var buckets = cycle == SeasonalCycle.Weekly ? 168 : 24;
        var clip = ClipSigmas * Stats.RobustSigma(residuals);
        var sums = new double[buckets];
        var counts = new int[buckets];
        for (var i = 0; i < times.Length; i++)
        {
            var b = Bucket(times[i], buckets);
            sums[b] += Math.Clamp(residuals[i], -clip, clip);
            counts[b]++;
        }

        var offsets = new double[buckets];
        double total = 0;
        var used = 0;
        for (var b = 0; b < buckets; b++)
        {
            if (counts[b] >= 2)
            {
                offsets[b] = sums[b] / counts[b];
                total += sums[b];
                used += counts[b];
            }
        }

        var centre = used > 0 ? total / used : 0;
        for (var b = 0; b < buckets; b++)
        {
            if (counts[b] >= 2)
            {
                offsets[b] -= centre;
            }
        }

        return new SeasonalProfile(cycle, offsets, sums, counts, clip);
    }

    /// <summary>
    /// Share of the residuals' robust variance the profile removes when each residual is predicted
    /// from the other members of its bucket only (leave-one-out). Judged in-sample, a profile with few
    /// points per bucket "explains" noise by fitting each point with itself; left out, noise explains
    /// nothing (the share comes out negative) and only a real cycle scores.
    /// </summary>
    public double ExplainedShare(ReadOnlySpan<long> times, ReadOnlySpan<double> residuals)
    {
        var before = Stats.RobustSigma(residuals);
        if (!(before > 0))
        {
            return 0;
        }

        var left = new List<double>(residuals.Length);
        for (var i = 0; i < residuals.Length; i++)
        {
            var b = Bucket(times[i], offsets.Length);
            if (counts[b] >= 3)
            {
                var others = (sums[b] - Math.Clamp(residuals[i], -clip, clip)) / (counts[b] - 1);
                left.Add(residuals[i] - others);
            }
        }

        if (left.Count < residuals.Length / 2)
        {
            return 0;
        }

        var after = Stats.RobustSigma(left.ToArray());
        return 1 - after * after / (before * before);
    }

    private static int Bucket(long t, int buckets)
    {
        var hour = t >= 0 ? t / HourMs : (t - HourMs + 1) / HourMs;
        var index = hour % buckets;
        return (int)(index < 0 ? index + buckets : index);
    }
}
