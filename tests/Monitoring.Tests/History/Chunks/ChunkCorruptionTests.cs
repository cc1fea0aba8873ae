using HospitalOps.Monitoring.History.Chunks;

namespace HospitalOps.Monitoring.Tests.History.Chunks;

public sealed class ChunkCorruptionTests
{
    private static byte[] ValidChunk(int seed, int count)
    {
        var random = new Random(seed);
        return ChunkTestData.Encode(ChunkTestData.RandomSamples(random, count));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 50)]
    [InlineData(4, 300)]
    public void MoveNext_EveryStrictPrefix_EndsWithAnError(int seed, int count)
    {
        var chunk = ValidChunk(seed, count);
        var expected = ChunkTestData.Decode(chunk, out _);

        for (var length = 0; length < chunk.Length; length++)
        {
            var decoded = ChunkTestData.Decode(chunk[..length], out var error);

            error.ShouldBe(length < ChunkFormat.HeaderBytes ? ChunkReadError.MissingHeader : ChunkReadError.Truncated, $"prefix of {length} bytes");
            decoded.ShouldMatchExactly(expected.Take(decoded.Count).ToList());
        }
    }

    [Fact]
    public void MoveNext_TrailingBytes_AreReported()
    {
        var random = new Random(5);
        var chunk = ChunkTestData.Encode(SyntheticSeries.Gauge(random, SyntheticSeries.Timestamps(random, 20, 15_000, 20)));

        ChunkTestData.Decode([.. chunk, 0], out var error).Count.ShouldBe(20);

        error.ShouldBe(ChunkReadError.TrailingData);
    }

    [Fact]
    public void MoveNext_HeaderCountTooHigh_EndsTruncatedAfterTheRealSamples()
    {
        var chunk = ChunkTestData.Encode([new Sample(1, 1), new Sample(2, 2)]);
        chunk[1] = 200;

        var decoded = ChunkTestData.Decode(chunk, out var error);

        error.ShouldBeOneOf(ChunkReadError.Truncated, ChunkReadError.TimestampNotIncreasing, ChunkReadError.InvalidEncoding);
        decoded.Count.ShouldBeLessThan(200);
        decoded[..2].ShouldMatchExactly([new Sample(1, 1), new Sample(2, 2)]);
    }

    [Fact]
    public void MoveNext_RandomByteFlips_NeverThrowAndYieldIncreasingTimestamps()
    {
        var random = new Random(11);
        var errors = new Dictionary<ChunkReadError, int>();
        for (var round = 0; round < 3_000; round++)
        {
            var chunk = ValidChunk(round, random.Next(1, 200));
            var flips = random.Next(1, 4);
            for (var f = 0; f < flips; f++)
            {
                chunk[random.Next(chunk.Length)] ^= (byte)random.Next(1, 256);
            }

            var reader = new XorChunkReader(chunk);
            var yielded = 0;
            var previous = long.MinValue;
            while (reader.MoveNext())
            {
                if (yielded > 0)
                {
                    reader.Current.TimestampMs.ShouldBeGreaterThan(previous);
                }

                previous = reader.Current.TimestampMs;
                yielded++;
            }

            yielded.ShouldBeLessThanOrEqualTo(reader.Count);
            reader.MoveNext().ShouldBeFalse("a finished reader stays finished");
            errors[reader.Error] = errors.GetValueOrDefault(reader.Error) + 1;
        }

        errors.Keys.Where(e => e != ChunkReadError.None).Count().ShouldBeGreaterThanOrEqualTo(3, "damage is recognised in several ways");
        errors.GetValueOrDefault(ChunkReadError.None).ShouldBeLessThan(1_500, "most damage is detected");
    }

    [Fact]
    public void MoveNext_RandomBytes_NeverThrowAndStopWithinTheHeaderCount()
    {
        var random = new Random(12);
        for (var round = 0; round < 5_000; round++)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);

            var xor = new XorChunkReader(bytes);
            var rawCount = 0;
            while (xor.MoveNext())
            {
                rawCount++;
            }

            var rollup = new RollupChunkReader(bytes);
            var rollupCount = 0;
            while (rollup.MoveNext())
            {
                rollup.Current.Count.ShouldBeGreaterThanOrEqualTo(0);
                rollupCount++;
            }

            rawCount.ShouldBeLessThanOrEqualTo(xor.Count);
            rollupCount.ShouldBeLessThanOrEqualTo(rollup.Count);
            (xor.IsComplete || xor.Error != ChunkReadError.None).ShouldBeTrue();
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(60)]
    public void RollupReader_EveryStrictPrefixAndByteFlip_EndsWithoutThrowing(int count)
    {
        var random = new Random(count);
        var points = RollupChunkTests.RandomPoints(random, count);
        var chunk = RollupChunkTests.Encode(points);

        for (var length = 0; length < chunk.Length; length++)
        {
            var decoded = new List<RollupPoint>();
            var error = RollupChunkReader.ReadAll(chunk.AsSpan(0, length), decoded);

            error.ShouldBe(length < ChunkFormat.HeaderBytes ? ChunkReadError.MissingHeader : ChunkReadError.Truncated);
            decoded.Count.ShouldBeLessThan(count);
        }

        for (var round = 0; round < 1_000; round++)
        {
            var damaged = (byte[])chunk.Clone();
            damaged[random.Next(damaged.Length)] ^= (byte)random.Next(1, 256);
            var decoded = new List<RollupPoint>();

            RollupChunkReader.ReadAll(damaged, decoded);

            decoded.Count.ShouldBeLessThanOrEqualTo(ushort.MaxValue);
            decoded.ShouldAllBe(p => p.Count >= 0);
        }
    }
}
