namespace HospitalOps.Monitoring.Capacity.Forecasting;

/// <summary>
/// Finds the last cleanup: a fall of at least the threshold within the cleanup window, after which
/// the level stays down, and which did not also happen a day or a week before. A cleanup restarts
/// the trend, since growth before it says nothing about the level the resource now grows from. The
/// lasting test (median of the day after against the day before) keeps a single low reading or a
/// cycle's trough from counting; the recurrence test keeps a nightly or weekly purge from counting,
/// also when now is just after one, where the day after is still short.
/// </summary>
internal static class CleanupDetector
{
    private const long DayMs = CapacityForecaster.DayMs;

    /// <summary>Index of the first point to fit from (0 when there was no cleanup).</summary>
    public static int FitStart(ReadOnlySpan<UsagePoint> points, double reference, ForecastOptions options)
    {
        var n = points.Length;
        if (n < 3)
        {
            return 0;
        }

        var windowMs = (long)options.CleanupWindow.TotalMilliseconds;
        var threshold = Threshold(points, reference, options);
        var i = n - 1;
        while (i >= 1)
        {
            if (!IsDrop(points, i, windowMs, threshold))
            {
                i--;
                continue;
            }

            // Walk back to the first point of this fall, so one purge is judged once.
            var first = i;
            while (first > 1 && IsDrop(points, first - 1, windowMs, threshold))
            {
                first--;
            }

            if (Lasting(points, first, threshold) && !Recurring(points, first, windowMs, threshold))
            {
                return Bottom(points, first, windowMs);
            }

            i = first - 1;
        }

        return 0;
    }

    /// <summary>
    /// The larger of the configured share of the reference and eight robust standard deviations of the
    /// point-to-point changes, so ordinary noise never reaches it.
    /// </summary>
    private static double Threshold(ReadOnlySpan<UsagePoint> points, double reference, ForecastOptions options)
    {
        var changes = new double[points.Length - 1];
        for (var i = 1; i < points.Length; i++)
        {
            changes[i - 1] = points[i].Value - points[i - 1].Value;
        }

        return Math.Max(options.CleanupMinDropFraction * Math.Abs(reference), 8 * Stats.RobustSigma(changes));
    }

    private static bool IsDrop(ReadOnlySpan<UsagePoint> points, int i, long windowMs, double threshold)
    {
        var highest = double.NegativeInfinity;
        for (var j = i - 1; j >= 0 && points[j].T >= points[i].T - windowMs; j--)
        {
            highest = Math.Max(highest, points[j].Value);
        }

        return highest - points[i].Value >= threshold;
    }

    private static bool Lasting(ReadOnlySpan<UsagePoint> points, int first, double threshold)
    {
        var at = points[first].T;
        var before = new List<double>();
        for (var j = first - 1; j >= 0 && points[j].T >= at - DayMs; j--)
        {
            before.Add(points[j].Value);
        }

        var after = new List<double>();
        for (var j = first; j < points.Length && points[j].T <= at + DayMs; j++)
        {
            after.Add(points[j].Value);
        }

        return Stats.Median(after.ToArray()) <= Stats.Median(before.ToArray()) - threshold / 2;
    }

    /// <summary>
    /// Whether falls of at least half the size also happened at two more of one and two days (or
    /// weeks) before and after, within half a window of the same time: then it is a cycle — a nightly
    /// purge of temporary files, a weekly backup staging area emptied — which the seasonal profile
    /// models, not a cleanup. Looking both ways also recognises a cycle's first fall in the history;
    /// asking for two repeats keeps a second cleanup the next day from hiding the first.
    /// </summary>
    private static bool Recurring(ReadOnlySpan<UsagePoint> points, int first, long windowMs, double threshold)
    {
        foreach (var period in (ReadOnlySpan<long>)[DayMs, 7 * DayMs])
        {
            var repeats = 0;
            foreach (var lag in (ReadOnlySpan<long>)[-2 * period, -period, period, 2 * period])
            {
                var from = points[first].T + lag - windowMs / 2;
                var to = points[first].T + lag + windowMs / 2;
                for (var j = Math.Max(1, FirstAtOrAfter(points, from)); j < points.Length && points[j].T <= to; j++)
                {
                    if (IsDrop(points, j, windowMs, threshold / 2))
                    {
                        repeats++;
                        break;
                    }
                }
            }

            if (repeats >= 2)
            {
                return true;
            }
        }

        return false;
    }

    private static int FirstAtOrAfter(ReadOnlySpan<UsagePoint> points, long t)
    {
        int low = 0, high = points.Length;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (points[mid].T < t)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    /// <summary>The lowest point within the window after the fall began: where the new level starts.</summary>
    private static int Bottom(ReadOnlySpan<UsagePoint> points, int first, long windowMs)
    {
        var bottom = first;
        for (var j = first + 1; j < points.Length && points[j].T <= points[first].T + windowMs; j++)
        {
            if (points[j].Value < points[bottom].Value)
            {
                bottom = j;
            }
        }

        return bottom;
    }
}
