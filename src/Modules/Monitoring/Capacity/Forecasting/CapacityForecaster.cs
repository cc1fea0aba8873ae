using System.Globalization;

namespace HospitalOps.Monitoring.Capacity.Forecasting;

/// <summary>
/// Forecasts when a file system, tablespace, storage volume or database reaches its capacity.
/// <list type="number">
/// <item>Points after now, NaN and ±Infinity are dropped; the rest are sorted by time (gaps and
/// uneven spacing need nothing else: the fit is in real time, not in point index).</item>
/// <item>If the usage fell by a lasting amount (a cleanup, see <see cref="CleanupDetector"/>), only
/// the points from the new level on are used.</item>
/// <item>A Huber-robust line is fitted (see <see cref="RobustLine"/>). With two days or more, the
/// hour-of-day profile of its residuals — and with three weeks or more, the hour-of-week profile —
/// is kept if it explains at least <see cref="ForecastOptions.MinSeasonalShare"/> of their variance;
/// then line and profile are refitted in turn, and it is the cycle's peaks (trend + highest offset)
/// whose crossing of the capacity is forecast, since a volume is full the first time a peak hits it.</item>
/// <item>The band comes from the prediction interval of a single (peak) value — the line's own
/// uncertainty at that time plus the residual spread, with Student's t on the effective number of
/// points (lag-1 autocorrelation shrinks it, so hour-to-hour correlated noise does not pass for
/// precision). <see cref="CapacityForecast.FullAtEarliest"/> is when the interval's top reaches the
/// capacity, <see cref="CapacityForecast.FullAtLatest"/> when its bottom does.</item>
/// </list>
/// </summary>
internal static class CapacityForecaster
{
    public const long DayMs = 86_400_000;

    /// <summary>Step of the search for the band's ends before it is refined by bisection.</summary>
    private const double ScanStepDays = 1.0 / 24;

    public static CapacityForecast Forecast(IReadOnlyList<UsagePoint> history, double capacity, long now, ForecastOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        options ??= ForecastOptions.Default;
        if (!(options.Confidence > 0 && options.Confidence < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Confidence must lie strictly between 0 and 1.");
        }

        if (options.MinPoints < 3)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MinPoints must be at least 3: a line and its spread need them.");
        }

        if (!(options.GrowthSignificance > 0 && options.GrowthSignificance < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "GrowthSignificance must lie strictly between 0 and 1.");
        }

        var points = history.Where(p => p.T <= now && double.IsFinite(p.Value)).OrderBy(p => p.T).ToArray();
        var capacityKnown = double.IsFinite(capacity) && capacity > 0;
        double? current = points.Length > 0 ? points[^1].Value : null;
        var result = new CapacityForecast
        {
            Outcome = ForecastOutcome.TooFewPoints,
            Reason = string.Empty,
            Now = now,
            Capacity = capacity,
            Confidence = options.Confidence,
            CurrentValue = current,
            Headroom = current is { } c ? Headroom.Fraction(c, capacity) : null,
        };

        if (TooLittle(points, options, "") is { } tooLittle)
        {
            // Being full needs no trend; saying "too few points" about a full volume would hide it.
            return capacityKnown && current >= capacity
                ? result with { Outcome = ForecastOutcome.AlreadyFull, Reason = AlreadyFull(current.Value, capacity), PointsUsed = points.Length, FullAt = now, FullAtEarliest = now, FullAtLatest = now }
                : result with { Outcome = tooLittle.Outcome, Reason = tooLittle.Reason, PointsUsed = points.Length };
        }

        var reference = capacityKnown ? capacity : points.Max(p => Math.Abs(p.Value));
        var start = CleanupDetector.FitStart(points, reference, options);
        long? cleanupAt = start > 0 ? points[start].T : null;
        var used = points[start..];
        result = result with { CleanupAt = cleanupAt, PointsUsed = used.Length, FitFrom = used[0].T };
        if (cleanupAt is { } at && TooLittle(used, options, $" since the cleanup at {Iso(at)}") is { } tooLittleSince)
        {
            return result with { Outcome = tooLittleSince.Outcome, Reason = tooLittleSince.Reason };
        }

        var model = Fit(used, now, options);
        var line = model.Line;
        var peakOffset = model.Profile?.Peak ?? 0;
        var degrees = line.EffectivePoints - 2;
        var t = Stats.StudentQuantile(1 - (1 - options.Confidence) / 2, degrees);
        double HalfWidth(double d) => t * Math.Sqrt(Square(line.FitStdError(d)) + Square(line.Sigma));

        var projections = options.ReportDays
            .Select(days =>
            {
                var expected = line.At(days);
                var peak = expected + peakOffset;
                var half = HalfWidth(days);
                return new CapacityProjection(days, now + days * DayMs, expected, peak, peak - half, peak + half);
            })
            .ToList();

        var growth = line.Slope;
        var growthError = line.SlopeStdError;
        result = result with
        {
            Model = model.Profile is null ? ForecastModel.Linear : ForecastModel.Seasonal,
            Cycle = model.Profile?.Cycle ?? SeasonalCycle.None,
            GrowthPerDay = growth,
            GrowthPerDayStdError = growthError,
            RSquared = model.RSquared,
            ResidualStdDev = line.Sigma,
            SeasonalPeak = peakOffset,
            TrendNow = line.At(0),
            Projections = projections,
        };

        if (!capacityKnown)
        {
            return result with
            {
                Outcome = ForecastOutcome.CapacityUnknown,
                Reason = Text($"The capacity is unknown ({capacity}), so no fill date; usage changes by {Num(growth)} per day."),
            };
        }

        if (current >= capacity)
        {
            return result with
            {
                Outcome = ForecastOutcome.AlreadyFull,
                Reason = AlreadyFull(current.Value, capacity),
                FullAt = now,
                FullAtEarliest = now,
                FullAtLatest = now,
            };
        }

        if (growth <= 0 || growth < Stats.StudentQuantile(options.GrowthSignificance, degrees) * growthError)
        {
            var reason = growth <= 0
                ? Text($"Usage is not growing: {Num(growth)} per day.")
                : Text($"Usage is flat: growth of {Num(growth)} ± {Num(growthError)} per day is within the noise.");
            return result with { Outcome = ForecastOutcome.NotGrowing, Reason = reason };
        }

        var horizonDays = options.Horizon.TotalDays;
        var trendDays = Math.Max(0, (capacity - line.At(0)) / growth);
        var peakDays = Math.Max(0, (capacity - line.At(0) - peakOffset) / growth);
        var earliest = FirstCrossing(d => line.At(d) + peakOffset + HalfWidth(d) - capacity, horizonDays);
        var latest = FirstCrossing(d => line.At(d) + peakOffset - HalfWidth(d) - capacity, horizonDays);
        result = result with
        {
            FullAtEarliest = ToTime(now, earliest),
            FullAtLatest = ToTime(now, latest),
            TrendFullAt = trendDays <= horizonDays ? ToTime(now, trendDays) : null,
        };

        if (peakDays > horizonDays)
        {
            return result with
            {
                Outcome = ForecastOutcome.BeyondHorizon,
                Reason = Text($"Growing {Num(growth)} per day, it fills in about {peakDays / 365:0.#} years, beyond the {horizonDays / 365:0.#}-year horizon."),
            };
        }

        var what = model.Profile is null ? "the trend reaches" : model.Profile.Cycle == SeasonalCycle.Daily ? "daily peaks reach" : "weekly peaks reach";
        var band = latest is { } l
            ? Text($"{options.Confidence:P0} band {earliest:0.#}–{l:0.#} days")
            : Text($"{options.Confidence:P0} band from {earliest:0.#} days to beyond the horizon");
        return result with
        {
            Outcome = ForecastOutcome.FillsWithinHorizon,
            Reason = Text($"At {Num(growth)} per day, {what} the capacity in about {peakDays:0.#} days ({band})."),
            FullAt = ToTime(now, peakDays),
        };
    }

    private sealed record FittedModel(LineFit Line, SeasonalProfile? Profile, double RSquared);

    private static FittedModel Fit(UsagePoint[] points, long now, ForecastOptions options)
    {
        var n = points.Length;
        var times = new long[n];
        var x = new double[n];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            times[i] = points[i].T;
            x[i] = (points[i].T - now) / (double)DayMs;
            y[i] = points[i].Value;
        }

        var line = RobustLine.Fit(x, y);
        SeasonalProfile? profile = null;
        var span = TimeSpan.FromMilliseconds(points[^1].T - points[0].T);
        if (options.Seasonal && span >= options.MinHistoryForDaily)
        {
            var residuals = Residuals(line, null, times, x, y);
            var best = SeasonalProfile.Of(SeasonalCycle.Daily, times, residuals);
            var bestShare = best.ExplainedShare(times, residuals);
            if (span >= options.MinHistoryForWeekly)
            {
                var weekly = SeasonalProfile.Of(SeasonalCycle.Weekly, times, residuals);
                var weeklyShare = weekly.ExplainedShare(times, residuals);
                if (weeklyShare > bestShare)
                {
                    (best, bestShare) = (weekly, weeklyShare);
                }
            }

            if (bestShare >= options.MinSeasonalShare)
            {
                // The first line was pulled by the cycle (a part-cycle at either end tilts it), so
                // line and profile are refitted in turn; two rounds settle to well under the noise.
                profile = best;
                for (var round = 0; round < 2; round++)
                {
                    line = RobustLine.Fit(x, Deseasonalized(profile, times, y));
                    profile = SeasonalProfile.Of(profile.Cycle, times, Residuals(line, null, times, x, y));
                }

                line = RobustLine.Fit(x, Deseasonalized(profile, times, y));
            }
        }

        var left = Residuals(line, profile, times, x, y);
        var mean = y.Average();
        double total = 0, remaining = 0;
        for (var i = 0; i < n; i++)
        {
            total += Square(y[i] - mean);
            remaining += Square(left[i]);
        }

        return new FittedModel(line, profile, total > 0 ? 1 - remaining / total : 1);
    }

    private static double[] Residuals(LineFit line, SeasonalProfile? profile, long[] times, double[] x, double[] y)
    {
        var residuals = new double[y.Length];
        for (var i = 0; i < y.Length; i++)
        {
            residuals[i] = y[i] - line.At(x[i]) - (profile?[times[i]] ?? 0);
        }

        return residuals;
    }

    private static double[] Deseasonalized(SeasonalProfile profile, long[] times, double[] y)
    {
        var values = new double[y.Length];
        for (var i = 0; i < y.Length; i++)
        {
            values[i] = y[i] - profile[times[i]];
        }

        return values;
    }

    private static (ForecastOutcome Outcome, string Reason)? TooLittle(ReadOnlySpan<UsagePoint> points, ForecastOptions options, string since)
    {
        if (points.Length < options.MinPoints)
        {
            return (ForecastOutcome.TooFewPoints, Text($"Only {points.Length} usable points{since}; a forecast needs at least {options.MinPoints}."));
        }

        var spanDays = (points[^1].T - points[0].T) / (double)DayMs;
        if (spanDays < options.MinHistory.TotalDays)
        {
            return (ForecastOutcome.HistoryTooShort, Text($"The history{since} spans {spanDays:0.0#} days; a forecast needs at least {options.MinHistory.TotalDays:0.##} days."));
        }

        return null;
    }

    /// <summary>The first d in [0, horizon] with f(d) ≥ 0, to about a second; null if there is none.</summary>
    private static double? FirstCrossing(Func<double, double> f, double horizonDays)
    {
        if (f(0) >= 0)
        {
            return 0;
        }

        var low = 0.0;
        for (var high = ScanStepDays; low < horizonDays; high += ScanStepDays)
        {
            high = Math.Min(high, horizonDays);
            if (f(high) >= 0)
            {
                for (var i = 0; i < 30; i++)
                {
                    var mid = (low + high) / 2;
                    if (f(mid) >= 0)
                    {
                        high = mid;
                    }
                    else
                    {
                        low = mid;
                    }
                }

                return high;
            }

            low = high;
        }

        return null;
    }

    private static long? ToTime(long now, double? days) => days is { } d ? now + (long)Math.Round(d * DayMs) : null;

    private static double Square(double v) => v * v;

    private static string Iso(long t) => DateTimeOffset.FromUnixTimeMilliseconds(t).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string AlreadyFull(double current, double capacity) =>
        Text($"Already full: the latest value {Num(current)} is at or above the capacity {Num(capacity)}.");

    /// <summary>A number for a sentence: three decimals at 1 and above, five below, and never "-0".</summary>
    private static string Num(double v) =>
        v.ToString(Math.Abs(v) >= 1 ? "0.###;-0.###;0" : "0.#####;-0.#####;0", CultureInfo.InvariantCulture);
}
