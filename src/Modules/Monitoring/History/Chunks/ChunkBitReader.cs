using System.Buffers.Binary;

namespace HospitalOps.Monitoring.History.Chunks;

/// <summary>
/// Reads big-endian bit fields from a chunk's bit stream. Every read checks the remaining length
/// and reports failure instead of throwing, so damaged bytes end a read rather than crash it.
/// </summary>
internal ref struct ChunkBitReader
{
    private readonly ReadOnlySpan<byte> _bytes;
    private readonly long _bitLength;
    private long _position;

    public ChunkBitReader(ReadOnlySpan<byte> bytes, int startByte)
    {
        _bytes = bytes;
        _bitLength = (long)bytes.Length * 8;
        _position = (long)startByte * 8;
    }

    public readonly long RemainingBits => _bitLength - _position;

    public bool TryReadBit(out bool bit)
    {
        if (_position >= _bitLength)
        {
            bit = false;
            return false;
        }

        bit = (_bytes[(int)(_position >> 3)] & (0x80 >> (int)(_position & 7))) != 0;
        _position++;
        return true;
    }

    public bool TryReadBits(int count, out ulong value)
    {
        value = 0;
        if (count == 0)
        {
            return true;
        }

        if (count > RemainingBits)
        {
            return false;
        }

        var byteIndex = (int)(_position >> 3);
        var offset = (int)(_position & 7);
        if (count <= 56 && byteIndex + 8 <= _bytes.Length)
        {
            var word = BinaryPrimitives.ReadUInt64BigEndian(_bytes[byteIndex..]);
            value = (word << offset) >> (64 - count);
        }
        else
        {
            var remaining = count;
            while (remaining > 0)
            {
                var take = Math.Min(8 - offset, remaining);
                var bits = (uint)(_bytes[byteIndex] >> (8 - offset - take)) & ((1u << take) - 1);
                value = (value << take) | bits;
                remaining -= take;
                offset = 0;
                byteIndex++;
            }
        }

        _position += count;
        return true;
    }

    public bool TryReadUnsignedVarint(out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (!TryReadBits(8, out var group))
            {
                return false;
            }

            if (shift == 63 && group > 1)
            {
                return false;
            }

            value |= (group & 0x7F) << shift;
            if ((group & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }

    public bool TryReadSignedVarint(out long value)
    {
        if (!TryReadUnsignedVarint(out var zigzag))
        {
            value = 0;
            return false;
        }

        value = (long)(zigzag >> 1) ^ -(long)(zigzag & 1);
        return true;
    }

    /// <summary>True when at most 7 padding bits remain and they are all zero, as a writer leaves them.</summary>
    public readonly bool IsAtCleanEnd()
    {
        var remaining = RemainingBits;
        if (remaining >= 8)
        {
            return false;
        }

        if (remaining == 0)
        {
            return true;
        }

        var mask = (1 << (int)remaining) - 1;
        return (_bytes[^1] & mask) == 0;
    }
}
