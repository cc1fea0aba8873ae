namespace HospitalOps.Monitoring.History.Chunks;

/// <summary>What <see cref="ChunkMerge.Merge(IReadOnlyList{ReadOnlyMemory{byte}})"/> did.</summary>
internal enum ChunkMergeOutcome
{
    Merged,

    /// <summary>An input chunk is damaged; nothing was merged, so no sample is silently lost.</summary>
    CorruptInput,

    /// <summary>The merged series has more samples than one chunk holds (65,535).</summary>
    TooManySamples,
}

/// <summary>The merged chunk, or why there is none.</summary>
internal readonly record struct ChunkMergeResult(ChunkMergeOutcome Outcome, byte[] Chunk, int CorruptChunkIndex = -1, ChunkReadError ReadError = ChunkReadError.None)
{
    public bool Succeeded => Outcome == ChunkMergeOutcome.Merged;
}

/// <summary>
/// Merges chunks of one series (for example the head's chunk and an out-of-order or backfilled
/// chunk) into one chunk sorted by time. Where chunks overlap, a timestamp present in several
/// keeps the sample of the chunk given last.
/// </summary>
internal static class ChunkMerge
{
    public static ChunkMergeResult Merge(params byte[][] chunks) =>
        Merge(Array.ConvertAll(chunks, chunk => new ReadOnlyMemory<byte>(chunk)));

    public static ChunkMergeResult Merge(IReadOnlyList<ReadOnlyMemory<byte>> chunks)
    {
        var decoded = new List<Sample>[chunks.Count];
        var total = 0;
        for (var i = 0; i < chunks.Count; i++)
        {
            decoded[i] = [];
            var error = XorChunkReader.ReadAll(chunks[i].Span, decoded[i]);
            if (error != ChunkReadError.None)
            {
                return new ChunkMergeResult(ChunkMergeOutcome.CorruptInput, [], i, error);
            }

            total += decoded[i].Count;
        }

        // Smallest timestamp first; among equal timestamps the chunk given last comes out first,
        // and the later copies are dropped because their timestamp is not after the last written.
        var queue = new PriorityQueue<int, (long Timestamp, int NegatedChunk)>(chunks.Count);
        var cursors = new int[chunks.Count];
        for (var i = 0; i < decoded.Length; i++)
        {
            if (decoded[i].Count > 0)
            {
                queue.Enqueue(i, (decoded[i][0].TimestampMs, -i));
            }
        }

        var writer = new XorChunkWriter(Math.Max(ChunkFormat.DefaultInitialCapacity, total * 2));
        while (queue.TryDequeue(out var chunk, out _))
        {
            var sample = decoded[chunk][cursors[chunk]];
            if (writer.Count == 0 || sample.TimestampMs > writer.MaxTime)
            {
                if (!writer.TryAppend(sample))
                {
                    return new ChunkMergeResult(ChunkMergeOutcome.TooManySamples, []);
                }
            }

            if (++cursors[chunk] < decoded[chunk].Count)
            {
                queue.Enqueue(chunk, (decoded[chunk][cursors[chunk]].TimestampMs, -chunk));
            }
        }

        return new ChunkMergeResult(ChunkMergeOutcome.Merged, writer.ToArray());
    }
}
