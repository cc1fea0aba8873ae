using HospitalOps.Monitoring.History.Chunks;

namespace HospitalOps.Monitoring.Tests.History.Chunks;

public sealed class RollupChunkTests
{
    internal static RollupPoint[] RandomPoints(Random random, int count)
    {
        var points = new RollupPoint[count];
        var start = Downsample.BucketStart(SyntheticSeries.Start, Downsample.FiveMinutesMs);
        var level = random.NextDouble() * 100;
        for (var i = 0; i < count; i++)
        {
            start += random.Next(5) == 0 ? Downsample.FiveMinutesMs * random.Next(2, 10) : Downsample.FiveMinutesMs;
            var kind = random.Next(10);
            level += random.NextDouble() - 0.5;
            points[i] = kind switch
            {
                0 => RollupPoint.Empty(start),
                1 => new RollupPoint(start, ChunkTestData.SpecialValues[random.Next(16)], double.PositiveInfinity, double.NaN, random.NextInt64(0, long.MaxValue)),
                _ => new RollupPoint(start, Math.Round(level - 1, 2), Math.Round(level + 1, 2), level * 20, random.Next(3) == 0 ? random.Next(1, 40) : 20),
            };
        }

        return points;
    }

    internal static byte[] Encode(IEnumerable<RollupPoint> points)
    {
        var writer = new RollupChunkWriter();
        foreach (var point in points)
        {
            writer.TryAppend(point).ShouldBeTrue();
        }

        return writer.ToArray();
    }

    private static void ShouldMatchExactly(IReadOnlyList<RollupPoint> actual, IReadOnlyList<RollupPoint> expected)
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
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TryAppend_RandomPoints_RoundTripBitExactly(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 200; round++)
        {
            var points = RandomPoints(random, random.Next(1, 300));
            var decoded = new List<RollupPoint>();

            var error = RollupChunkReader.ReadAll(Encode(points), decoded);

            error.ShouldBe(ChunkReadError.None);
            ShouldMatchExactly(decoded, points);
        }
    }

    [Fact]
    public void TryAppend_RegularFiveMinutePoints_CompressWell()
    {
        var samples = SyntheticSeries.Constant(SyntheticSeries.Timestamps(new Random(1), 1_440 * 7, 15_000, 0), 3);
        var points = Downsample.ToPoints(samples, Downsample.FiveMinutesMs);

        var chunk = Encode(points);

        points.Count.ShouldBeGreaterThan(500);
        chunk.Length.ShouldBeLessThan(points.Count, "a constant regular rollup costs well under a byte a point");
    }

    [Fact]
    public void TryAppend_BucketNotAfterLastOrNegativeCount_IsRefused()
    {
        var writer = new RollupChunkWriter();
        writer.TryAppend(RollupPoint.Of(600_000, 1)).ShouldBeTrue();

        writer.TryAppend(RollupPoint.Of(600_000, 2)).ShouldBeFalse();
        writer.TryAppend(RollupPoint.Of(300_000, 2)).ShouldBeFalse();
        writer.TryAppend(new RollupPoint(900_000, 1, 1, 1, -1)).ShouldBeFalse();

        writer.Count.ShouldBe(1);
        writer.MinTime.ShouldBe(600_000);
        writer.MaxTime.ShouldBe(600_000);
    }

    [Fact]
    public void Merge_EmptyAndNumericPoints_KeepsNumbersAndFirstStart()
    {
        var merged = RollupPoint.Empty(0).Merge(new RollupPoint(300_000, -2, 5, 4, 3)).Merge(RollupPoint.Empty(600_000)).Merge(RollupPoint.Of(0, 7));

        merged.ShouldBe(new RollupPoint(0, -2, 7, 11, 4));
        merged.Average.ShouldBe(2.75);
        RollupPoint.Empty(0).Merge(RollupPoint.Empty(5)).Count.ShouldBe(0);
    }

    [Fact]
    public void RollupAccumulator_FiveMinutePointsIntoHours_MatchesDirectHourlyRollup()
    {
        var random = new Random(8);
        var times = SyntheticSeries.Timestamps(random, 1_440 * 2, 15_000, 20);
        var samples = SyntheticSeries.Counter(random, times);
        samples[100] = samples[100] with { Value = StaleMarker.Value };
        samples[200] = samples[200] with { Value = double.NaN };
        var fiveMinute = Downsample.ToPoints(samples, Downsample.FiveMinutesMs);
        var hourlyWriter = new RollupChunkWriter();
        var accumulator = new RollupAccumulator(Downsample.OneHourMs, hourlyWriter);

        foreach (var point in fiveMinute)
        {
            accumulator.TryAdd(point).ShouldBeTrue();
        }

        accumulator.Flush().ShouldBeTrue();
        var hourly = new List<RollupPoint>();
        RollupChunkReader.ReadAll(hourlyWriter.Encoded, hourly).ShouldBe(ChunkReadError.None);
        var direct = Downsample.ToPoints(samples, Downsample.OneHourMs);
        hourly.Select(p => (p.BucketStartMs, p.Min, p.Max, p.Count)).ShouldBe(direct.Select(p => (p.BucketStartMs, p.Min, p.Max, p.Count)));
        hourly.Zip(direct).ShouldAllBe(pair => Math.Abs(pair.First.Sum - pair.Second.Sum) <= 1e-9 * Math.Abs(pair.Second.Sum));
    }

    [Fact]
    public void RollupAccumulator_RawSamples_MatchesDownsampleAndRefusesEarlierBuckets()
    {
        var random = new Random(9);
        var samples = SyntheticSeries.Gauge(random, SyntheticSeries.Timestamps(random, 500, 15_000, 20));
        var writer = new RollupChunkWriter();
        var accumulator = new RollupAccumulator(Downsample.FiveMinutesMs, writer);

        foreach (var sample in samples)
        {
            accumulator.TryAddSample(sample.TimestampMs, sample.Value).ShouldBeTrue();
        }

        accumulator.TryAddSample(samples[0].TimestampMs, 1).ShouldBeFalse();
        accumulator.Flush().ShouldBeTrue();
        var decoded = new List<RollupPoint>();
        RollupChunkReader.ReadAll(writer.Encoded, decoded).ShouldBe(ChunkReadError.None);
        decoded.ShouldBe(Downsample.ToPoints(samples, Downsample.FiveMinutesMs));
    }
}
