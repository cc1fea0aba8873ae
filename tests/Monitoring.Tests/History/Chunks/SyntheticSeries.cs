using HospitalOps.Monitoring.History.Chunks;

namespace HospitalOps.Monitoring.Tests.History.Chunks;

/// <summary>Seeded series shaped like real scrapes; shared by the tests and bench/ChunkCodec.</summary>
internal static class SyntheticSeries
{
    public const long Start = 1_795_000_000_000; // a plausible 2026 Unix time in ms

    /// <summary>Scrape times every <paramref name="intervalMs"/> with uniform ±<paramref name="jitterMs"/> jitter.</summary>
    public static long[] Timestamps(Random random, int count, long intervalMs, int jitterMs)
    {
        var times = new long[count];
        var previous = long.MinValue;
        for (var i = 0; i < count; i++)
        {
            var t = Start + (i * intervalMs) + (jitterMs == 0 ? 0 : random.Next(-jitterMs, jitterMs + 1));
            times[i] = Math.Max(t, previous + 1);
            previous = times[i];
        }

        return times;
    }

    /// <summary>A counter growing by small integers (0–5) per scrape from a realistic level.</summary>
    public static Sample[] Counter(Random random, long[] times)
    {
        var value = (double)random.Next(10_000, 5_000_000);
        var samples = new Sample[times.Length];
        for (var i = 0; i < times.Length; i++)
        {
            value += random.Next(0, 6);
            samples[i] = new Sample(times[i], value);
        }

        return samples;
    }

    /// <summary>A gauge (temperature, load, …) wandering around a level, rounded to 2 decimals.</summary>
    public static Sample[] Gauge(Random random, long[] times)
    {
        var level = 20 + (random.NextDouble() * 60);
        var samples = new Sample[times.Length];
        for (var i = 0; i < times.Length; i++)
        {
            level += (random.NextDouble() - 0.5) * 0.4;
            samples[i] = new Sample(times[i], Math.Round(level, 2));
        }

        return samples;
    }

    public static Sample[] Constant(long[] times, double value) =>
        Array.ConvertAll(times, t => new Sample(t, value));
}
