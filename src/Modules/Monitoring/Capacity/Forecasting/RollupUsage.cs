using HospitalOps.Monitoring.History.Chunks;

namespace HospitalOps.Monitoring.Capacity.Forecasting;

/// <summary>Which number of a rollup bucket stands for the usage.</summary>
internal enum RollupValue
{
    /// <summary>Sum / Count: the level the trend is fitted to.</summary>
    Average,

    /// <summary>The bucket's highest sample: conservative, for resources that spike within a bucket.</summary>
    Max,
}

/// <summary>Turns the rollups <c>HistoryStore.ReadRollupsAsync</c> returns into forecast input.</summary>
internal static class RollupUsage
{
    /// <summary>
    /// One point per bucket that held a number, placed at the bucket's middle (where its average
    /// belongs in time); buckets of only NaN (count 0) are skipped.
    /// </summary>
    public static List<UsagePoint> ToUsagePoints(IEnumerable<RollupPoint> rollups, long bucketSizeMs, RollupValue value = RollupValue.Average)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bucketSizeMs);
        return rollups
            .Where(p => p.Count > 0)
            .Select(p => new UsagePoint(p.BucketStartMs + bucketSizeMs / 2, value == RollupValue.Max ? p.Max : p.Average))
            .ToList();
    }
}
