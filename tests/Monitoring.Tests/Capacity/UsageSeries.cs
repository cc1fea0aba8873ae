using HospitalOps.Monitoring.Capacity.Forecasting;

namespace HospitalOps.Monitoring.Tests.Capacity;

/// <summary>Synthetic usage: a trend that passes <c>levelNow</c> at <see cref="Now"/>, plus extras and seeded noise.</summary>
internal static class UsageSeries
{
    public const long HourMs = 3_600_000;

    public const long DayMs = CapacityForecaster.DayMs;

    /// <summary>2026-11-02 00:00 UTC, a Monday.</summary>
    public static readonly long Now = new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    public static double Trend(long t, double levelNow, double perDay) => levelNow + perDay * (t - Now) / (double)DayMs;

    /// <summary>Points every <paramref name="stepMs"/> over the <paramref name="days"/> days up to and including now.</summary>
    public static List<UsagePoint> Regular(double days, double levelNow, double perDay, double noise = 0, int seed = 1, long stepMs = HourMs, Func<long, double>? extra = null)
    {
        var random = new Random(seed);
        var points = new List<UsagePoint>();
        for (var t = Now - (long)(days * DayMs); t <= Now; t += stepMs)
        {
            points.Add(new UsagePoint(t, Trend(t, levelNow, perDay) + (extra?.Invoke(t) ?? 0) + noise * Gaussian(random)));
        }

        return points;
    }

    /// <summary>A cycle of the given period with its high point at <paramref name="peakAtMs"/> into the period.</summary>
    public static Func<long, double> Cycle(double amplitude, long periodMs, long peakAtMs) =>
        t =>
        {
            var phase = (((t - peakAtMs) % periodMs) + periodMs) % periodMs;
            return amplitude * Math.Cos(2 * Math.PI * phase / periodMs);
        };

    public static double Gaussian(Random random)
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Days from <see cref="Now"/> to a time.</summary>
    public static double Days(long? t) => t is { } v ? (v - Now) / (double)DayMs : double.NaN;

    /// <summary>Ordinary least squares slope per day, for showing what a non-robust fit would say.</summary>
    public static double LeastSquaresSlope(IReadOnlyList<UsagePoint> points)
    {
        var xs = points.Select(p => (p.T - Now) / (double)DayMs).ToArray();
        var ys = points.Select(p => p.Value).ToArray();
        var xm = xs.Average();
        var ym = ys.Average();
        return xs.Zip(ys, (x, y) => (x - xm) * (y - ym)).Sum() / xs.Sum(x => (x - xm) * (x - xm));
    }
}
