namespace HospitalOps.Alerting.Baselines;

/// <summary>How today's tide has gone so far.</summary>
/// <param name="Expected">Today's kind of day has a tide, and a stretch of it has begun.</param>
/// <param name="Missing">The latest stretch has lasted long enough and did not rise, though the night before it was normal.</param>
/// <param name="Pending">The tide is due (the profile rises towards it, or a stretch has begun) and has not risen yet, after a normal night.</param>
/// <param name="HighNow">The profile expects the tide to be up at the latest point.</param>
/// <param name="StretchStart">The index the latest stretch begins at.</param>
/// <param name="RiseRatio">Its best block's rise above the day's observed baseline, as a fraction of the rise the profile expects above its trough.</param>
/// <param name="Baseline">The observed level of the night before it.</param>
internal readonly record struct TideState(bool Expected, bool Missing, bool Pending, bool HighNow, int StretchStart, double RiseRatio, double Baseline);

/// <summary>
/// Whether the tide the profile expects today came. A day kind has a tide when its daily swing (peak − trough of the
/// centre) is at least <see cref="DetectorSettings.TideMinSwingSpreads"/> typical spreads; a stretch of high tide is
/// where the centre is at least <see cref="DetectorSettings.TideHighFraction"/> of the swing above the trough.
/// <list type="bullet">
/// <item>A stretch's rise is read against the day's own baseline — the observed median over the quiet hours of the
/// night before it (the quarter of its samples where the profile expects least) — as a fraction of the rise the
/// profile expects: a series that fell to a fraction of itself and kept its rhythm still shows that fraction of the
/// rise; a flat or stuck one shows none.</item>
/// <item>It rose when a block of it reached <see cref="DetectorSettings.TideRiseRatio"/>; it is missing when it has
/// lasted <see cref="DetectorSettings.TideSustainMinutes"/> without rising and the night before it was as usual: its
/// median no more than <see cref="DetectorSettings.TideNightSpreads"/> below the centre (a night already low means
/// the level was going before the tide was due — a fall, not a missing tide) and inside the band above it (a night
/// still high, a leak just restarted, is no baseline to measure a rise from).</item>
/// <item>Only today's latest stretch counts, with a dip shorter than <see cref="DetectorSettings.TideMaxDipMinutes"/>
/// (the lunch hour) inside it: a nightly batch job is a stretch of its own and does not vouch for the day; a morning
/// that rose is not undone by an afternoon that did not (that is a fall, told by the other detectors).</item>
/// </list>
/// </summary>
internal static class DailyTide
{
    public static TideState Assess(BaselineWindow window, DetectorSettings settings, int latest)
    {
        var shape = window.TodayShape;
        if (latest < window.TodayStart || !(shape.Swing >= settings.TideMinSwingSpreads * shape.TypicalSpread))
        {
            return default;
        }

        var high = shape.Trough + (settings.TideHighFraction * shape.Swing);
        var centre = window.Centre;
        var end = latest;
        while (end >= window.TodayStart && centre[end] < high)
        {
            end--;
        }

        if (end < window.TodayStart)
        {
            // No stretch yet today; while the profile already climbs towards one, the tide is due.
            var climbing = centre[latest] >= shape.Trough + (settings.TideLowFraction * shape.Swing);
            var nightAsUsual = !climbing || NormalNight(window, settings, Night(window, latest + 1).Z);
            return new TideState(true, false, climbing && nightAsUsual, false, latest, double.NaN, double.NaN);
        }

        var maxDip = window.Points(settings.TideMaxDipMinutes);
        var start = end;
        for (var i = end - 1; i >= window.TodayStart && start - i <= maxDip; i--)
        {
            if (centre[i] >= high)
            {
                start = i;
            }
        }

        var (rise, sustained, baseline, normalNight) = Judge(window, settings, start, end, high);
        var notRisen = !(rise >= settings.TideRiseRatio) && normalNight;
        return new TideState(true, notRisen && sustained, notRisen && !sustained, centre[latest] >= high, start, rise, baseline);
    }

    private static (double Rise, bool Sustained, double Baseline, bool NormalNight) Judge(BaselineWindow window, DetectorSettings settings, int start, int end, double high)
    {
        var shape = window.TodayShape;
        var (baseline, nightZ) = Night(window, start);
        var centre = window.Centre;
        var observed = window.Observed;
        var block = window.Points(settings.BlockMinutes);
        Span<double> ratios = stackalloc double[block];
        var best = double.NegativeInfinity;
        var highPoints = 0;
        for (var from = start; from <= end; from += block)
        {
            var n = 0;
            for (var i = from; i < Math.Min(from + block, end + 1); i++)
            {
                if (!double.IsNaN(observed[i]) && centre[i] >= high)
                {
                    ratios[n++] = (observed[i] - baseline) / (centre[i] - shape.Trough);
                    highPoints++;
                }
            }

            if (n >= (block + 1) / 2)
            {
                best = Math.Max(best, RobustStatistics.MedianInPlace(ratios[..n]));
            }
        }

        var sustained = highPoints * window.Step >= settings.TideSustainMinutes * 60_000L;
        return (best, sustained, baseline, NormalNight(window, settings, nightZ));
    }

    // A night a little low is where a decline shows first, so it must be close to the centre on that side; a night a
    // little high is only noise, up to the band.
    private static bool NormalNight(BaselineWindow window, DetectorSettings settings, double z) => z >= -settings.TideNightSpreads && z <= window.K;

    // The observed median, and the median residual in spreads, of the night just gone: the quarter of the samples of
    // the eight hours before the stretch where the profile expects least (the quiet hours, not a nightly batch).
    private static (double Value, double Z) Night(BaselineWindow window, int stretchStart)
    {
        var earliest = Math.Max(0, stretchStart - window.Points(8 * 60));
        Span<double> centres = stackalloc double[Math.Min(stretchStart - earliest, 1024)];
        var n = 0;
        for (var i = stretchStart - 1; i >= earliest && n < centres.Length; i--)
        {
            if (!double.IsNaN(window.Observed[i]))
            {
                centres[n++] = window.Centre[i];
            }
        }

        if (n < 4)
        {
            return (double.NaN, double.NaN);
        }

        var quiet = RobustStatistics.KthSmallestInPlace(centres[..n], n / 4);
        Span<double> values = stackalloc double[n];
        Span<double> residuals = stackalloc double[n];
        var m = 0;
        for (var i = stretchStart - 1; i >= earliest && m < n; i--)
        {
            if (!double.IsNaN(window.Observed[i]) && window.Centre[i] <= quiet)
            {
                values[m] = window.Observed[i];
                residuals[m++] = window.Z(i);
            }
        }

        return (RobustStatistics.MedianInPlace(values[..m]), RobustStatistics.MedianInPlace(residuals[..m]));
    }
}
