namespace HospitalOps.Monitoring.History.Chunks;

/// <summary>
/// Iterates the points of a chunk written by <see cref="RollupChunkWriter"/>, with the same
/// guarantees as <see cref="XorChunkReader"/>: damage ends the iteration with <see cref="Error"/>
/// set, never an exception or an endless loop.
/// </summary>
internal ref struct RollupChunkReader
{
    private ChunkBitReader _bits;
    private TimestampCodec _timestamps;
    private XorValueCodec _min;
    private XorValueCodec _max;
    private XorValueCodec _sum;
    private long _previousCount;
    private readonly int _count;
    private int _read;

    public RollupChunkReader(ReadOnlySpan<byte> chunk)
    {
        _min = new XorValueCodec();
        _max = new XorValueCodec();
        _sum = new XorValueCodec();
        if (ChunkFormat.TryReadCount(chunk, out _count))
        {
            _bits = new ChunkBitReader(chunk, ChunkFormat.HeaderBytes);
            Error = ChunkReadError.None;
        }
        else
        {
            _bits = new ChunkBitReader(chunk, chunk.Length);
            Error = ChunkReadError.MissingHeader;
        }
    }

    public readonly int Count => _count;

    public RollupPoint Current { get; private set; }

    public ChunkReadError Error { get; private set; }

    public readonly bool IsComplete => Error == ChunkReadError.None && _read == _count;

    public bool MoveNext()
    {
        if (Error != ChunkReadError.None)
        {
            return false;
        }

        if (_read == _count)
        {
            if (!_bits.IsAtCleanEnd())
            {
                Error = ChunkReadError.TrailingData;
            }

            return false;
        }

        var first = _read == 0;
        if (!_timestamps.TryRead(ref _bits, _read, out var bucketStart, out var error))
        {
            Error = error;
            return false;
        }

        if (!TryReadCountChange(out var change))
        {
            Error = ChunkReadError.Truncated;
            return false;
        }

        var count = unchecked(_previousCount + change);
        if (count < 0)
        {
            Error = ChunkReadError.InvalidEncoding;
            return false;
        }

        _previousCount = count;
        if (!_min.TryRead(ref _bits, first, out var min, out error) ||
            !_max.TryRead(ref _bits, first, out var max, out error) ||
            !_sum.TryRead(ref _bits, first, out var sum, out error))
        {
            Error = error;
            return false;
        }

        Current = new RollupPoint(bucketStart, min, max, sum, count);
        _read++;
        return true;
    }

    public static ChunkReadError ReadAll(ReadOnlySpan<byte> chunk, List<RollupPoint> into)
    {
        var reader = new RollupChunkReader(chunk);
        while (reader.MoveNext())
        {
            into.Add(reader.Current);
        }

        return reader.Error;
    }

    private bool TryReadCountChange(out long change)
    {
        change = 0;
        if (!_bits.TryReadBit(out var changed))
        {
            return false;
        }

        if (!changed)
        {
            return true;
        }

        if (!_bits.TryReadBit(out var wider))
        {
            return false;
        }

        if (!wider)
        {
            if (!_bits.TryReadBits(8, out var small))
            {
                return false;
            }

            change = TimestampCodec.SignExtend(small, 8);
            return true;
        }

        if (!_bits.TryReadBit(out var widest))
        {
            return false;
        }

        if (!_bits.TryReadBits(widest ? 64 : 16, out var raw))
        {
            return false;
        }

        change = widest ? (long)raw : TimestampCodec.SignExtend(raw, 16);
        return true;
    }
}
