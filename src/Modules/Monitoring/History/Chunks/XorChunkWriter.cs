namespace HospitalOps.Monitoring.History.Chunks;

/// <summary>
/// Builds one compressed chunk of a series' raw samples: timestamps by delta-of-delta
/// (<see cref="TimestampCodec"/>), values by XOR with the previous value (<see cref="XorValueCodec"/>).
/// The head of the store keeps one writer per active series, so the writer is a single small
/// object (64 bytes on 64-bit .NET) plus a byte array that starts at 32 bytes and doubles; appending allocates nothing
/// except when the array grows. Not thread-safe.
/// </summary>
internal sealed class XorChunkWriter
{
    private ChunkBitWriter _bits;
    private TimestampCodec _timestamps;
    private XorValueCodec _values = new();

    public XorChunkWriter(int initialCapacity = ChunkFormat.DefaultInitialCapacity)
    {
        _bits = new ChunkBitWriter(initialCapacity);
    }

    // Count and first timestamp are read back from the encoded bytes rather than kept in fields:
    // the head holds one writer per active series, so every field costs.
    public int Count => ChunkFormat.CountOf(_bits.Written);

    /// <summary>The first timestamp, or <see cref="long.MaxValue"/> while empty.</summary>
    public long MinTime => Count == 0 ? long.MaxValue : ChunkFormat.FirstTimestampOf(_bits.Written);

    /// <summary>The last timestamp, or <see cref="long.MinValue"/> while empty.</summary>
    public long MaxTime => Count == 0 ? long.MinValue : _timestamps.Previous;

    public bool IsFull => Count >= ChunkFormat.MaxEntries;

    /// <summary>Bytes held, including the spare room the array keeps for growth.</summary>
    public int Capacity => _bits.Capacity;

    /// <summary>The encoded chunk so far (header included). Valid until the next append.</summary>
    public ReadOnlySpan<byte> Encoded => _bits.Written;

    public int EncodedLength => _bits.ByteLength;

    public byte[] ToArray() => _bits.Written.ToArray();

    /// <summary>
    /// Appends a sample. Refused (false, chunk unchanged) when the timestamp is not after the last
    /// one or the chunk already holds <see cref="ChunkFormat.MaxEntries"/> samples.
    /// </summary>
    public bool TryAppend(long timestampMs, double value)
    {
        var count = Count;
        if ((count > 0 && timestampMs <= _timestamps.Previous) || count >= ChunkFormat.MaxEntries)
        {
            return false;
        }

        _timestamps.Write(ref _bits, timestampMs, count);
        _values.Write(ref _bits, value, count == 0);
        ChunkFormat.WriteCount(_bits.Written, count + 1);
        return true;
    }

    public bool TryAppend(Sample sample) => TryAppend(sample.TimestampMs, sample.Value);

    /// <summary>Encodes samples already sorted by time; false if one is out of order or there are too many.</summary>
    public static bool TryEncode(ReadOnlySpan<Sample> samples, out byte[] chunk)
    {
        var writer = new XorChunkWriter(Math.Max(ChunkFormat.DefaultInitialCapacity, 16 + (samples.Length * 2)));
        foreach (var sample in samples)
        {
            if (!writer.TryAppend(sample))
            {
                chunk = [];
                return false;
            }
        }

        chunk = writer.ToArray();
        return true;
    }
}
