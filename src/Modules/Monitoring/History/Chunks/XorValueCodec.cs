namespace HospitalOps.Monitoring.History.Chunks;

/// <summary>
/// A stream of doubles as in Facebook's Gorilla paper, on the raw IEEE bits so NaN payloads
/// (the stale marker), −0.0, infinities and subnormals come back bit for bit. The first value is
/// written whole; each later one is XORed with the previous:
/// <list type="bullet">
/// <item><c>0</c>: the same bits as before.</item>
/// <item><c>10</c> + the changed bits inside the previous window (leading/trailing zero counts).</item>
/// <item><c>11</c> + 5 bits leading zeros + 6 bits width (0 means 64) + the changed bits: a new window.</item>
/// </list>
/// Unlike the paper, a fitting previous window is given up for a new one when the new window's
/// 11-bit header is cheaper than the unused bits the old window would carry.
/// </summary>
internal struct XorValueCodec
{
    private const byte NoWindow = 0xFF;

    private ulong _previous;
    private byte _leading;
    private byte _trailing;

    public XorValueCodec()
    {
        _leading = NoWindow;
    }

    public void Write(ref ChunkBitWriter bits, double value, bool first)
    {
        var current = BitConverter.DoubleToUInt64Bits(value);
        if (first)
        {
            bits.WriteBits(current, 64);
            _previous = current;
            return;
        }

        var xor = current ^ _previous;
        _previous = current;
        if (xor == 0)
        {
            bits.WriteBit(false);
            return;
        }

        var leading = Math.Min(31, System.Numerics.BitOperations.LeadingZeroCount(xor));
        var trailing = System.Numerics.BitOperations.TrailingZeroCount(xor);
        var width = 64 - leading - trailing;
        if (_leading != NoWindow && leading >= _leading && trailing >= _trailing)
        {
            var windowWidth = 64 - _leading - _trailing;
            if (windowWidth <= width + 11)
            {
                bits.WriteBits(0b10, 2);
                bits.WriteBits(xor >> _trailing, windowWidth);
                return;
            }
        }

        _leading = (byte)leading;
        _trailing = (byte)trailing;
        bits.WriteBits(0b11, 2);
        bits.WriteBits((ulong)leading, 5);
        bits.WriteBits((ulong)(width & 63), 6);
        bits.WriteBits(xor >> trailing, width);
    }

    public bool TryRead(ref ChunkBitReader bits, bool first, out double value, out ChunkReadError error)
    {
        value = 0;
        error = ChunkReadError.Truncated;
        if (first)
        {
            if (!bits.TryReadBits(64, out _previous))
            {
                return false;
            }

            value = BitConverter.UInt64BitsToDouble(_previous);
            error = ChunkReadError.None;
            return true;
        }

        if (!bits.TryReadBit(out var changed))
        {
            return false;
        }

        if (changed)
        {
            if (!bits.TryReadBit(out var newWindow))
            {
                return false;
            }

            if (newWindow)
            {
                if (!bits.TryReadBits(5, out var leading) || !bits.TryReadBits(6, out var width))
                {
                    return false;
                }

                if (width == 0)
                {
                    width = 64;
                }

                if (leading + width > 64)
                {
                    error = ChunkReadError.InvalidEncoding;
                    return false;
                }

                _leading = (byte)leading;
                _trailing = (byte)(64 - leading - width);
            }
            else if (_leading == NoWindow)
            {
                error = ChunkReadError.InvalidEncoding;
                return false;
            }

            var windowWidth = 64 - _leading - _trailing;
            if (!bits.TryReadBits(windowWidth, out var changedBits))
            {
                return false;
            }

            if (changedBits == 0)
            {
                // A writer encodes an unchanged value as a single 0 bit, never as an empty window.
                error = ChunkReadError.InvalidEncoding;
                return false;
            }

            _previous ^= changedBits << _trailing;
        }

        value = BitConverter.UInt64BitsToDouble(_previous);
        error = ChunkReadError.None;
        return true;
    }
}
