namespace HospitalOps.Monitoring.History.Chunks;

/// <summary>
/// Feeds a <see cref="RollupChunkWriter"/> one bucket at a time: samples or finer rollup points of
/// the same bucket are merged into a pending point, which is written when a later bucket begins
/// or on <see cref="Flush"/>. Turns raw samples into 5-minute points, or 5-minute points into
/// hourly ones. Samples and points must come in bucket order; NaN rules as in <see cref="Downsample"/>.
/// </summary>
internal sealed class RollupAccumulator
{
    private readonly RollupChunkWriter _target;
    private RollupPoint _pending;
    private bool _hasPending;

    public RollupAccumulator(long bucketSizeMs, RollupChunkWriter target)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bucketSizeMs);
        BucketSizeMs = bucketSizeMs;
        _target = target;
    }

    public long BucketSizeMs { get; }

    /// <summary>
    /// Adds one raw sample. Stale markers are skipped; other NaNs count towards nothing but keep the
    /// bucket (see <see cref="Downsample"/>). False when the sample's bucket lies before the pending
    /// one or the target chunk is full.
    /// </summary>
    public bool TryAddSample(long timestampMs, double value)
    {
        var bucket = Downsample.BucketStart(timestampMs, BucketSizeMs);
        if (_hasPending && bucket < _pending.BucketStartMs)
        {
            return false;
        }

        if (StaleMarker.Is(value))
        {
            return true;
        }

        return TryAdd(double.IsNaN(value) ? RollupPoint.Empty(bucket) : RollupPoint.Of(bucket, value));
    }

    /// <summary>Adds a point, realigned to this accumulator's bucket size and merged with the pending point of that bucket.</summary>
    public bool TryAdd(RollupPoint point)
    {
        if (point.Count < 0)
        {
            return false;
        }

        var bucket = Downsample.BucketStart(point.BucketStartMs, BucketSizeMs);
        point = point with { BucketStartMs = bucket };
        if (!_hasPending)
        {
            _pending = point;
            _hasPending = true;
            return true;
        }

        if (bucket == _pending.BucketStartMs)
        {
            _pending = _pending.Merge(point);
            return true;
        }

        if (bucket < _pending.BucketStartMs || !_target.TryAppend(_pending))
        {
            return false;
        }

        _pending = point;
        return true;
    }

    /// <summary>Writes the pending point; false only when the target chunk is full.</summary>
    public bool Flush()
    {
        if (!_hasPending)
        {
            return true;
        }

        if (!_target.TryAppend(_pending))
        {
            return false;
        }

        _hasPending = false;
        return true;
    }
}
