namespace HospitalOps.Monitoring.History.Chunks;

/// <summary>
/// Timestamps as in Facebook's Gorilla paper: the first as a zigzag varint, the second as a varint
/// delta, every later one as the change of the delta (delta-of-delta) in a prefix-coded bucket.
/// The buckets are chosen for millisecond timestamps scraped every 1 s to 5 min:
/// <list type="bullet">
/// <item><c>0</c>: same interval as before (a steady scheduler).</item>
/// <item><c>10</c> + 7 bits (−64..63 ms): ordinary scrape jitter of a few tens of milliseconds.</item>
/// <item><c>110</c> + 11 bits (−1024..1023 ms): a slow target or a busy collector.</item>
/// <item><c>1110</c> + 20 bits (about ±8.7 min): a missed scrape or a changed interval up to 5 min.</item>
/// <item><c>1111</c> + 64 bits: anything else.</item>
/// </list>
/// All arithmetic wraps modulo 2^64 in writer and reader alike, so the encoding is exact for any
/// strictly increasing long timestamps, even ones whose difference overflows.
/// </summary>
internal struct TimestampCodec
{
    private long _previous;
    private long _previousDelta;

    public readonly long Previous => _previous;

    public void Write(ref ChunkBitWriter bits, long timestamp, int index)
    {
        unchecked
        {
            if (index == 0)
            {
                bits.WriteSignedVarint(timestamp);
                _previous = timestamp;
                return;
            }

            var delta = timestamp - _previous;
            if (index == 1)
            {
                bits.WriteUnsignedVarint((ulong)delta);
            }
            else
            {
                WriteDeltaOfDelta(ref bits, delta - _previousDelta);
            }

            _previous = timestamp;
            _previousDelta = delta;
        }
    }

    public bool TryRead(ref ChunkBitReader bits, int index, out long timestamp, out ChunkReadError error)
    {
        unchecked
        {
            timestamp = 0;
            error = ChunkReadError.Truncated;
            if (index == 0)
            {
                if (!bits.TryReadSignedVarint(out timestamp))
                {
                    return false;
                }

                _previous = timestamp;
                error = ChunkReadError.None;
                return true;
            }

            long delta;
            if (index == 1)
            {
                if (!bits.TryReadUnsignedVarint(out var firstDelta))
                {
                    return false;
                }

                delta = (long)firstDelta;
            }
            else
            {
                if (!TryReadDeltaOfDelta(ref bits, out var deltaOfDelta))
                {
                    return false;
                }

                delta = _previousDelta + deltaOfDelta;
            }

            timestamp = _previous + delta;
            if (timestamp <= _previous)
            {
                error = ChunkReadError.TimestampNotIncreasing;
                return false;
            }

            _previous = timestamp;
            _previousDelta = delta;
            error = ChunkReadError.None;
            return true;
        }
    }

    private static void WriteDeltaOfDelta(ref ChunkBitWriter bits, long deltaOfDelta)
    {
        if (deltaOfDelta == 0)
        {
            bits.WriteBit(false);
        }
        else if (FitsSigned(deltaOfDelta, 7))
        {
            bits.WriteBits(0b10, 2);
            bits.WriteBits(LowBits(deltaOfDelta, 7), 7);
        }
        else if (FitsSigned(deltaOfDelta, 11))
        {
            bits.WriteBits(0b110, 3);
            bits.WriteBits(LowBits(deltaOfDelta, 11), 11);
        }
        else if (FitsSigned(deltaOfDelta, 20))
        {
            bits.WriteBits(0b1110, 4);
            bits.WriteBits(LowBits(deltaOfDelta, 20), 20);
        }
        else
        {
            bits.WriteBits(0b1111, 4);
            bits.WriteBits((ulong)deltaOfDelta, 64);
        }
    }

    private static bool TryReadDeltaOfDelta(ref ChunkBitReader bits, out long deltaOfDelta)
    {
        deltaOfDelta = 0;
        var width = 0;
        for (var prefix = 0; prefix < 4; prefix++)
        {
            if (!bits.TryReadBit(out var one))
            {
                return false;
            }

            if (!one)
            {
                width = prefix switch { 0 => 0, 1 => 7, 2 => 11, _ => 20 };
                break;
            }

            if (prefix == 3)
            {
                width = 64;
            }
        }

        if (!bits.TryReadBits(width, out var raw))
        {
            return false;
        }

        deltaOfDelta = width is 0 or 64 ? (long)raw : SignExtend(raw, width);
        return true;
    }

    internal static bool FitsSigned(long value, int width) =>
        value >= -(1L << (width - 1)) && value < (1L << (width - 1));

    internal static ulong LowBits(long value, int width) => (ulong)value & ((1UL << width) - 1);

    internal static long SignExtend(ulong raw, int width) => (long)(raw << (64 - width)) >> (64 - width);
}
