namespace HospitalOps.Monitoring.History.Chunks;

/// <summary>
/// Builds one compressed chunk of <see cref="RollupPoint"/>s: bucket starts by delta-of-delta as in
/// <see cref="XorChunkWriter"/> (regular buckets cost one bit), min, max and sum each as their own
/// XOR stream, and the count as its change from the previous count (<c>0</c> unchanged,
/// <c>10</c> + 8 bits, <c>110</c> + 16 bits, <c>111</c> + 64 bits). Same 2-byte count header.
/// </summary>
internal sealed class RollupChunkWriter
{
    private ChunkBitWriter _bits;
    private TimestampCodec _timestamps;
    private XorValueCodec _min = new();
    private XorValueCodec _max = new();
    private XorValueCodec _sum = new();
    private long _previousCount;

    public RollupChunkWriter(int initialCapacity = ChunkFormat.DefaultInitialCapacity)
    {
        _bits = new ChunkBitWriter(initialCapacity);
    }

    // Count and first timestamp are read back from the encoded bytes rather than kept in fields:
    // the head holds one writer per active series, so every field costs.
    public int Count => ChunkFormat.CountOf(_bits.Written);

    public long MinTime => Count == 0 ? long.MaxValue : ChunkFormat.FirstTimestampOf(_bits.Written);

    public long MaxTime => Count == 0 ? long.MinValue : _timestamps.Previous;

    public bool IsFull => Count >= ChunkFormat.MaxEntries;

    public ReadOnlySpan<byte> Encoded => _bits.Written;

    public byte[] ToArray() => _bits.Written.ToArray();

    /// <summary>
    /// Appends a point. Refused (false, chunk unchanged) when its bucket start is not after the last
    /// one, its count is negative, or the chunk is full.
    /// </summary>
    public bool TryAppend(RollupPoint point)
    {
        var count = Count;
        if ((count > 0 && point.BucketStartMs <= _timestamps.Previous) || point.Count < 0 || count >= ChunkFormat.MaxEntries)
        {
            return false;
        }

        var first = count == 0;
        _timestamps.Write(ref _bits, point.BucketStartMs, count);
        WriteCountChange(unchecked(point.Count - _previousCount));
        _previousCount = point.Count;
        _min.Write(ref _bits, point.Min, first);
        _max.Write(ref _bits, point.Max, first);
        _sum.Write(ref _bits, point.Sum, first);
        ChunkFormat.WriteCount(_bits.Written, count + 1);
        return true;
    }

    private void WriteCountChange(long change)
    {
        if (change == 0)
        {
            _bits.WriteBit(false);
        }
        else if (TimestampCodec.FitsSigned(change, 8))
        {
            _bits.WriteBits(0b10, 2);
            _bits.WriteBits(TimestampCodec.LowBits(change, 8), 8);
        }
        else if (TimestampCodec.FitsSigned(change, 16))
        {
            _bits.WriteBits(0b110, 3);
            _bits.WriteBits(TimestampCodec.LowBits(change, 16), 16);
        }
        else
        {
            _bits.WriteBits(0b111, 3);
            _bits.WriteBits((ulong)change, 64);
        }
    }
}
