namespace HospitalOps.Monitoring.History.Chunks;

/// <summary>
/// One downsampled bucket of a series: the bucket's start and the min, max and sum of its numeric
/// samples and how many there were. <c>Count == 0</c> means the series reported only NaN in the
/// bucket; then min, max and sum are NaN (see <see cref="Downsample"/>).
/// </summary>
internal readonly record struct RollupPoint(long BucketStartMs, double Min, double Max, double Sum, long Count)
{
    public double Average => Count == 0 ? double.NaN : Sum / Count;

    /// <summary>A bucket with only NaN samples.</summary>
    public static RollupPoint Empty(long bucketStartMs) => new(bucketStartMs, double.NaN, double.NaN, double.NaN, 0);

    /// <summary>A bucket holding one numeric sample.</summary>
    public static RollupPoint Of(long bucketStartMs, double value) => new(bucketStartMs, value, value, value, 1);

    /// <summary>
    /// Combines two rollups of the same bucket (or a finer bucket into a coarser one), keeping this
    /// point's start. An empty side (count 0) contributes nothing, so its NaNs do not spread.
    /// </summary>
    public RollupPoint Merge(RollupPoint other)
    {
        if (other.Count == 0)
        {
            return this;
        }

        if (Count == 0)
        {
            return other with { BucketStartMs = BucketStartMs };
        }

        return new RollupPoint(BucketStartMs, Math.Min(Min, other.Min), Math.Max(Max, other.Max), Sum + other.Sum, Count + other.Count);
    }

    /// <summary>Adds one numeric sample; callers filter NaN and stale markers first.</summary>
    public RollupPoint Add(double value) =>
        Count == 0
            ? Of(BucketStartMs, value)
            : new RollupPoint(BucketStartMs, Math.Min(Min, value), Math.Max(Max, value), Sum + value, Count + 1);
}
