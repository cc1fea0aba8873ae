using HospitalOps.Monitoring.History.Chunks;

namespace HospitalOps.Monitoring.Tests.History.Chunks;

public sealed class ChunkMergeTests
{
    private static List<Sample> NaiveMerge(IReadOnlyList<Sample[]> chunks)
    {
        var byTime = new SortedDictionary<long, Sample>();
        foreach (var chunk in chunks)
        {
            foreach (var sample in chunk)
            {
                byTime[sample.TimestampMs] = sample;
            }
        }

        return [.. byTime.Values];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Merge_OverlappingRandomChunks_MatchesNaiveMerge(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 200; round++)
        {
            var chunkCount = random.Next(1, 7);
            var chunks = new Sample[chunkCount][];
            for (var c = 0; c < chunkCount; c++)
            {
                // Timestamps on a coarse grid so chunks overlap and collide often.
                var times = Enumerable.Range(0, 80).Select(_ => 1_000L * random.Next(0, 150)).Distinct().Order().Take(random.Next(0, 60)).ToArray();
                chunks[c] = times.Select(t => new Sample(t, random.Next(3) == 0 ? StaleMarker.Value : c * 1_000 + random.Next(100))).ToArray();
            }

            var result = ChunkMerge.Merge(chunks.Select(ChunkTestData.Encode).ToArray());

            result.Outcome.ShouldBe(ChunkMergeOutcome.Merged);
            ChunkTestData.Decode(result.Chunk, out var error).ShouldMatchExactly(NaiveMerge(chunks));
            error.ShouldBe(ChunkReadError.None);
        }
    }

    [Fact]
    public void Merge_SameTimestamp_KeepsTheChunkGivenLast()
    {
        var older = ChunkTestData.Encode([new(1_000, 1), new(2_000, 2), new(3_000, 3)]);
        var newer = ChunkTestData.Encode([new(2_000, 20), new(4_000, 40)]);

        var forward = ChunkMerge.Merge(older, newer);
        var backward = ChunkMerge.Merge(newer, older);

        ChunkTestData.Decode(forward.Chunk, out _).ShouldMatchExactly([new(1_000, 1), new(2_000, 20), new(3_000, 3), new(4_000, 40)]);
        ChunkTestData.Decode(backward.Chunk, out _).ShouldMatchExactly([new(1_000, 1), new(2_000, 2), new(3_000, 3), new(4_000, 40)]);
    }

    [Fact]
    public void Merge_NoChunksOrEmptyChunks_GivesAnEmptyChunk()
    {
        ChunkMerge.Merge().Chunk.ShouldBe(new byte[] { 0, 0 });
        ChunkMerge.Merge(new XorChunkWriter().ToArray(), new XorChunkWriter().ToArray()).Chunk.ShouldBe(new byte[] { 0, 0 });
    }

    [Fact]
    public void Merge_DamagedInput_FailsNamingTheChunk()
    {
        var good = ChunkTestData.Encode([new(1_000, 1), new(2_000, 2)]);
        var truncated = ChunkTestData.Encode([new(1_500, 1), new(2_500, 2)])[..^2];

        var result = ChunkMerge.Merge(good, truncated);

        result.Outcome.ShouldBe(ChunkMergeOutcome.CorruptInput);
        result.CorruptChunkIndex.ShouldBe(1);
        result.ReadError.ShouldBe(ChunkReadError.Truncated);
        result.Succeeded.ShouldBeFalse();
    }

    [Fact]
    public void Merge_MoreThanOneChunkHolds_FailsWithTooManySamples()
    {
        var first = ChunkTestData.Encode(Enumerable.Range(0, 40_000).Select(i => new Sample(i * 2L, 1)));
        var second = ChunkTestData.Encode(Enumerable.Range(0, 40_000).Select(i => new Sample((i * 2L) + 1, 1)));

        ChunkMerge.Merge(first, second).Outcome.ShouldBe(ChunkMergeOutcome.TooManySamples);
    }
}
