namespace HospitalOps.Monitoring.History.Chunks;

/// <summary>
/// Iterates the samples of a chunk written by <see cref="XorChunkWriter"/>:
/// <c>while (reader.MoveNext()) use(reader.Current);</c> then check <see cref="Error"/>.
/// Damaged or truncated bytes end the iteration with <see cref="Error"/> set; it never throws and
/// never reads more than the header's count (at most 65,535) of samples. Random damage that still
/// decodes to increasing timestamps cannot be told from data: a checksum where chunks are stored must guard that.
/// </summary>
internal ref struct XorChunkReader
{
    private ChunkBitReader _bits;
    private TimestampCodec _timestamps;
    private XorValueCodec _values;
    private readonly int _count;
    private int _read;

    public XorChunkReader(ReadOnlySpan<byte> chunk)
    {
        _values = new XorValueCodec();
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

    /// <summary>The number of samples the header announces.</summary>
    public readonly int Count => _count;

    public Sample Current { get; private set; }

    public ChunkReadError Error { get; private set; }

    /// <summary>True when every announced sample was read and nothing followed them.</summary>
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

        if (!_timestamps.TryRead(ref _bits, _read, out var timestamp, out var error) ||
            !_values.TryRead(ref _bits, _read == 0, out var value, out error))
        {
            Error = error;
            return false;
        }

        Current = new Sample(timestamp, value);
        _read++;
        return true;
    }

    /// <summary>Decodes a whole chunk into <paramref name="into"/>; returns the error, None when complete.</summary>
    public static ChunkReadError ReadAll(ReadOnlySpan<byte> chunk, List<Sample> into)
    {
        var reader = new XorChunkReader(chunk);
        while (reader.MoveNext())
        {
            into.Add(reader.Current);
        }

        return reader.Error;
    }
}
