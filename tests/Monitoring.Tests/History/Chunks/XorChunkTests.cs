using HospitalOps.Monitoring.History.Chunks;

namespace HospitalOps.Monitoring.Tests.History.Chunks;

public sealed class XorChunkTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void TryAppend_RandomSeries_RoundTripsBitExactly(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 300; round++)
        {
            var requested = random.Next(1, 400);
            var samples = ChunkTestData.RandomSamples(random, requested);
            samples.Length.ShouldBe(requested, "the generator gives the length asked for");

            var decoded = ChunkTestData.Decode(ChunkTestData.Encode(samples), out var error);

            error.ShouldBe(ChunkReadError.None);
            decoded.ShouldMatchExactly(samples);
        }
    }

    [Theory]
    [InlineData(15_000, 0)]
    [InlineData(15_000, 20)]
    [InlineData(1_000, 5)]
    [InlineData(60_000, 900)]
    [InlineData(300_000, 3_000)]
    public void TryAppend_ScrapeLikeSeries_RoundTripsAndCompresses(long intervalMs, int jitterMs)
    {
        var random = new Random(42);
        var times = SyntheticSeries.Timestamps(random, 1_440, intervalMs, jitterMs);
        foreach (var samples in new[] { SyntheticSeries.Counter(random, times), SyntheticSeries.Gauge(random, times), SyntheticSeries.Constant(times, 1) })
        {
            var chunk = ChunkTestData.Encode(samples);

            ChunkTestData.Decode(chunk, out var error).ShouldMatchExactly(samples);
            error.ShouldBe(ChunkReadError.None);
            chunk.Length.ShouldBeLessThan(samples.Length * 10, "never worse than 10 bytes a sample");
        }
    }

    [Fact]
    public void TryAppend_ConstantRegularSeries_CostsAboutTwoBitsPerSample()
    {
        var times = SyntheticSeries.Timestamps(new Random(1), 1_440, 15_000, 0);

        var chunk = ChunkTestData.Encode(SyntheticSeries.Constant(times, 42));

        // Header 16 bits, first timestamp 48 (6 varint groups), first value 64, first delta 16 + 1,
        // then one bit for the unchanged interval and one for the unchanged value.
        chunk.Length.ShouldBe((16 + 48 + 64 + 16 + 1 + (1_438 * 2) + 7) / 8);
    }

    [Fact]
    public void TryAppend_SpecialValues_RoundTripBitExactly()
    {
        var samples = ChunkTestData.SpecialValues.Select((value, i) => new Sample(1_000 + i, value)).ToArray();

        var decoded = ChunkTestData.Decode(ChunkTestData.Encode(samples), out var error);

        error.ShouldBe(ChunkReadError.None);
        decoded.ShouldMatchExactly(samples);
        StaleMarker.Is(decoded[6].Value).ShouldBeTrue();
        StaleMarker.Is(decoded[4].Value).ShouldBeFalse();
        double.IsNegative(decoded[1].Value).ShouldBeTrue();
    }

    [Fact]
    public void TryAppend_SingleSample_RoundTrips()
    {
        var writer = new XorChunkWriter();

        writer.TryAppend(-5, StaleMarker.Value).ShouldBeTrue();

        writer.Count.ShouldBe(1);
        writer.MinTime.ShouldBe(-5);
        writer.MaxTime.ShouldBe(-5);
        var decoded = ChunkTestData.Decode(writer.ToArray(), out var error);
        error.ShouldBe(ChunkReadError.None);
        decoded.ShouldMatchExactly([new Sample(-5, StaleMarker.Value)]);
    }

    [Fact]
    public void ToArray_EmptyWriter_IsAHeaderWithZeroCount()
    {
        var writer = new XorChunkWriter();

        writer.ToArray().ShouldBe(new byte[] { 0, 0 });
        writer.MinTime.ShouldBe(long.MaxValue);
        writer.MaxTime.ShouldBe(long.MinValue);
        ChunkTestData.Decode(writer.ToArray(), out var error).ShouldBeEmpty();
        error.ShouldBe(ChunkReadError.None);
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(999)]
    [InlineData(-7)]
    public void TryAppend_TimestampNotAfterLast_IsRefusedAndChunkUnchanged(long timestamp)
    {
        var writer = new XorChunkWriter();
        writer.TryAppend(500, 1).ShouldBeTrue();
        writer.TryAppend(1_000, 2).ShouldBeTrue();
        var before = writer.ToArray();

        writer.TryAppend(timestamp, 3).ShouldBeFalse();

        writer.Count.ShouldBe(2);
        writer.MaxTime.ShouldBe(1_000);
        writer.ToArray().ShouldBe(before);
        writer.TryAppend(1_001, 3).ShouldBeTrue();
        ChunkTestData.Decode(writer.ToArray(), out _).Select(s => s.TimestampMs).ShouldBe([500L, 1_000L, 1_001L]);
    }

    [Fact]
    public void TryAppend_ExtremeTimestamps_RoundTripAcrossOverflowingDeltas()
    {
        Sample[] samples = [new(long.MinValue, 1), new(0, 2), new(long.MaxValue - 1, 3), new(long.MaxValue, 4)];

        ChunkTestData.Decode(ChunkTestData.Encode(samples), out var error).ShouldMatchExactly(samples);
        error.ShouldBe(ChunkReadError.None);
    }

    [Fact]
    public void TryAppend_FullChunk_IsRefused()
    {
        var writer = new XorChunkWriter();
        for (var i = 0; i < ChunkFormat.MaxEntries; i++)
        {
            writer.TryAppend(i, 1).ShouldBeTrue();
        }

        writer.IsFull.ShouldBeTrue();
        writer.TryAppend(ChunkFormat.MaxEntries, 1).ShouldBeFalse();
        var decoded = ChunkTestData.Decode(writer.ToArray(), out var error);
        error.ShouldBe(ChunkReadError.None);
        decoded.Count.ShouldBe(ChunkFormat.MaxEntries);
        decoded[^1].TimestampMs.ShouldBe(ChunkFormat.MaxEntries - 1);
    }

    [Fact]
    public void TryAppend_ManySamples_GrowsTheBufferGeometricallyFromSmall()
    {
        var writer = new XorChunkWriter();
        var initial = writer.Capacity;
        var capacities = new HashSet<int> { initial };
        var random = new Random(3);
        for (var i = 0; i < 1_000; i++)
        {
            writer.TryAppend(i * 15_000L, random.NextDouble());
            capacities.Add(writer.Capacity);
        }

        initial.ShouldBe(32);
        writer.Capacity.ShouldBeGreaterThanOrEqualTo(writer.EncodedLength);
        capacities.Count.ShouldBeLessThanOrEqualTo(12, "doubling needs few resizes");
    }

    [Fact]
    public void TryAppend_AfterWarmUp_AllocatesNothingPerSample()
    {
        var writer = new XorChunkWriter(64 * 1024);
        writer.TryAppend(0, 1.5);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 1; i < 2_000; i++)
        {
            writer.TryAppend(i * 15_000L, i * 0.25);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
    }

    [Fact]
    public void Encoded_IsTheSameBytesAsToArray()
    {
        var writer = new XorChunkWriter();
        writer.TryAppend(10, 1);
        writer.TryAppend(20, 2);

        writer.Encoded.ToArray().ShouldBe(writer.ToArray());
        writer.EncodedLength.ShouldBe(writer.ToArray().Length);
    }

    [Fact]
    public void StaleMarker_IsOnlyThePrometheusPayload()
    {
        BitConverter.DoubleToUInt64Bits(StaleMarker.Value).ShouldBe(0x7ff0000000000002UL);
        StaleMarker.Is(StaleMarker.Value).ShouldBeTrue();
        StaleMarker.Is(double.NaN).ShouldBeFalse();
        StaleMarker.Is(0).ShouldBeFalse();
        StaleMarker.Is(double.PositiveInfinity).ShouldBeFalse();
    }
}
