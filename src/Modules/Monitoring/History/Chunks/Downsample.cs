namespace HospitalOps.Monitoring.History.Chunks;

/// <summary>
/// Turns raw samples into <see cref="RollupPoint"/>s of fixed buckets aligned to the Unix epoch
/// (a bucket holds the samples with <c>start &lt;= t &lt; start + size</c>).
/// How non-numbers are treated:
/// <list type="bullet">
/// <item>Stale markers (<see cref="StaleMarker"/>) are skipped entirely: they say the series was
/// absent, so a bucket holding nothing else produces no point at all.</item>
/// <item>Any other NaN (a target reporting "not a number", e.g. a ratio over zero) stays out of
/// min, max, sum and count, so <c>Sum / Count</c> is still the mean of the numbers. A bucket whose
/// samples were all NaN still produces a point — count 0, min/max/sum NaN — so "the series existed
/// but had no number" differs from "no data".</item>
/// <item>±Infinity are numbers: they take part in min and max, and a sum of +Inf and −Inf is NaN,
/// as IEEE 754 says.</item>
/// </list>
/// The sum adds in time order, so the result is the same on every run.
/// </summary>
internal static class Downsample
{
    public const long FiveMinutesMs = 5 * 60 * 1000;

    public const long OneHourMs = 60 * 60 * 1000;

    /// <summary>The start of the bucket holding <paramref name="timestampMs"/> (floor, also for times before 1970).</summary>
    public static long BucketStart(long timestampMs, long bucketSizeMs)
    {
        var remainder = timestampMs % bucketSizeMs;
        return unchecked(remainder < 0 ? timestampMs - remainder - bucketSizeMs : timestampMs - remainder);
    }

    /// <summary>Rolls up samples sorted by time (as a chunk yields them).</summary>
    /// <exception cref="ArgumentException">The samples are not sorted by time.</exception>
    public static List<RollupPoint> ToPoints(ReadOnlySpan<Sample> samples, long bucketSizeMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bucketSizeMs);
        var points = new List<RollupPoint>();
        var hasPending = false;
        var pending = default(RollupPoint);
        var previousTime = long.MinValue;
        foreach (var sample in samples)
        {
            if (sample.TimestampMs < previousTime)
            {
                throw new ArgumentException("Samples must be sorted by time.", nameof(samples));
            }

            previousTime = sample.TimestampMs;
            if (StaleMarker.Is(sample.Value))
            {
                continue;
            }

            var bucket = BucketStart(sample.TimestampMs, bucketSizeMs);
            if (!hasPending || bucket != pending.BucketStartMs)
            {
                if (hasPending)
                {
                    points.Add(pending);
                }

                pending = RollupPoint.Empty(bucket);
                hasPending = true;
            }

            if (!double.IsNaN(sample.Value))
            {
                pending = pending.Add(sample.Value);
            }
        }

        if (hasPending)
        {
            points.Add(pending);
        }

        return points;
    }

    /// <summary>Rolls up one raw chunk into a rollup chunk; fails with the read error if the raw chunk is damaged.</summary>
    public static bool TryChunk(ReadOnlySpan<byte> xorChunk, long bucketSizeMs, out byte[] rollupChunk, out ChunkReadError error)
    {
        var samples = new List<Sample>();
        error = XorChunkReader.ReadAll(xorChunk, samples);
        rollupChunk = [];
        if (error != ChunkReadError.None)
        {
            return false;
        }

        var writer = new RollupChunkWriter();
        foreach (var point in ToPoints(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(samples), bucketSizeMs))
        {
            writer.TryAppend(point);
        }

        rollupChunk = writer.ToArray();
        return true;
    }
}
