namespace HospitalOps.Alerting.Baselines;

/// <summary>
/// Samples of one series on a regular grid: point <c>i</c> is at <c>Start + i·Step</c> (Unix milliseconds, UTC);
/// <see cref="double.NaN"/> marks a point with no sample (a scrape that failed, a collector that was down).
/// </summary>
internal readonly record struct RegularSeries(long Start, long Step, ReadOnlyMemory<double> Values)
{
    public int Count => Values.Length;

    public long End => Start + (Values.Length * Step);

    public long TimeAt(int index) => Start + (index * Step);

    /// <summary>The points in [<paramref name="from"/>, <paramref name="to"/>), without copying.</summary>
    public RegularSeries Slice(long from, long to)
    {
        var first = (int)Math.Clamp(CeilDiv(from - Start, Step), 0, Values.Length);
        var last = (int)Math.Clamp(CeilDiv(to - Start, Step), first, Values.Length);
        return new RegularSeries(Start + (first * Step), Step, Values[first..last]);
    }

    private static long CeilDiv(long a, long b) => a >= 0 ? (a + b - 1) / b : -(-a / b);
}
