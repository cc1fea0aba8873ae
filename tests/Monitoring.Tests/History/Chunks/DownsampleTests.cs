using HospitalOps.Monitoring.History.Chunks;

namespace HospitalOps.Monitoring.Tests.History.Chunks;

public sealed class DownsampleTests
{
    /// <summary>The documented rules, written the obvious way.</summary>
    private static List<RollupPoint> Naive(IEnumerable<Sample> samples, long bucketSize) =>
        samples
            .Where(s => !StaleMarker.Is(s.Value))
            .GroupBy(s => (long)Math.Floor(s.TimestampMs / (double)bucketSize) * bucketSize)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var numbers = g.Select(s => s.Value).Where(v => !double.IsNaN(v)).ToList();
                return numbers.Count == 0
                    ? RollupPoint.Empty(g.Key)
                    : new RollupPoint(g.Key, numbers.Aggregate(Math.Min), numbers.Aggregate(Math.Max), numbers.Aggregate((a, b) => a + b), numbers.Count);
            })
            .ToList();

    private static void ShouldMatch(List<RollupPoint> actual, List<RollupPoint> expected)
    {
        actual.Count.ShouldBe(expected.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            actual[i].BucketStartMs.ShouldBe(expected[i].BucketStartMs);
            actual[i].Count.ShouldBe(expected[i].Count);
            BitConverter.DoubleToUInt64Bits(actual[i].Min).ShouldBe(BitConverter.DoubleToUInt64Bits(expected[i].Min));
            BitConverter.DoubleToUInt64Bits(actual[i].Max).ShouldBe(BitConverter.DoubleToUInt64Bits(expected[i].Max));
            BitConverter.DoubleToUInt64Bits(actual[i].Sum).ShouldBe(BitConverter.DoubleToUInt64Bits(expected[i].Sum));
        }
    }

    [Theory]
    [InlineData(1, Downsample.FiveMinutesMs)]
    [InlineData(2, Downsample.OneHourMs)]
    [InlineData(3, 1_000)]
    public void ToPoints_RandomSeries_MatchesNaiveRollup(int seed, long bucketSize)
    {
        var random = new Random(seed);
        for (var round = 0; round < 100; round++)
        {
            var times = SyntheticSeries.Timestamps(random, random.Next(1, 800), random.Next(3) == 0 ? 1_000 : 15_000, 20);
            var samples = SyntheticSeries.Gauge(random, times);
            for (var i = 0; i < samples.Length; i++)
            {
                var special = random.Next(12);
                if (special < 4)
                {
                    samples[i] = samples[i] with { Value = special switch { 0 => StaleMarker.Value, 1 => double.NaN, 2 => double.PositiveInfinity, _ => -0.0 } };
                }
            }

            ShouldMatch(Downsample.ToPoints(samples, bucketSize), Naive(samples, bucketSize));
        }
    }

    [Fact]
    public void ToPoints_NaNAndStaleBuckets_FollowTheDocumentedRules()
    {
        Sample[] samples =
        [
            new(0, 1), new(10_000, double.NaN), new(20_000, 3),                    // bucket 0: NaN left out
            new(300_000, double.NaN), new(310_000, StaleMarker.Value),             // bucket 1: only NaN -> empty point
            new(600_000, StaleMarker.Value),                                        // bucket 2: only stale -> no point
            new(900_000, double.PositiveInfinity), new(910_000, double.NegativeInfinity), // bucket 3: infinities
        ];

        var points = Downsample.ToPoints(samples, Downsample.FiveMinutesMs);

        points.Count.ShouldBe(3);
        points[0].ShouldBe(new RollupPoint(0, 1, 3, 4, 2));
        points[1].BucketStartMs.ShouldBe(300_000);
        points[1].Count.ShouldBe(0);
        double.IsNaN(points[1].Sum).ShouldBeTrue();
        points[2].BucketStartMs.ShouldBe(900_000);
        points[2].Min.ShouldBe(double.NegativeInfinity);
        points[2].Max.ShouldBe(double.PositiveInfinity);
        double.IsNaN(points[2].Sum).ShouldBeTrue();
        points[2].Count.ShouldBe(2);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(299_999, 0)]
    [InlineData(300_000, 300_000)]
    [InlineData(-1, -300_000)]
    [InlineData(-300_000, -300_000)]
    public void BucketStart_AnyTime_IsTheFloorOfTheBucket(long time, long expected) =>
        Downsample.BucketStart(time, Downsample.FiveMinutesMs).ShouldBe(expected);

    [Fact]
    public void ToPoints_UnsortedSamples_AreRejected() =>
        Should.Throw<ArgumentException>(() => Downsample.ToPoints([new(2_000, 1), new(1_000, 1)], 1_000));

    [Fact]
    public void TryChunk_RawChunk_GivesTheRollupChunkOfItsSamples()
    {
        var random = new Random(4);
        var samples = SyntheticSeries.Counter(random, SyntheticSeries.Timestamps(random, 1_440, 15_000, 20));

        Downsample.TryChunk(ChunkTestData.Encode(samples), Downsample.OneHourMs, out var rollup, out var error).ShouldBeTrue();

        error.ShouldBe(ChunkReadError.None);
        var decoded = new List<RollupPoint>();
        RollupChunkReader.ReadAll(rollup, decoded).ShouldBe(ChunkReadError.None);
        decoded.ShouldBe(Downsample.ToPoints(samples, Downsample.OneHourMs));
        Downsample.TryChunk(ChunkTestData.Encode(samples)[..^3], Downsample.OneHourMs, out _, out error).ShouldBeFalse();
        error.ShouldBe(ChunkReadError.Truncated);
    }
}
