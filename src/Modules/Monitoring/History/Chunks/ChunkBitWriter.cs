using System.Buffers.Binary;

namespace HospitalOps.Monitoring.History.Chunks;

/// <summary>
/// Appends big-endian bit fields to a growing byte array that starts with the chunk header.
/// A mutable struct embedded in the chunk writers so a writer is one object plus its array.
/// </summary>
internal struct ChunkBitWriter
{
    // Each write reads and writes a whole 8-byte word, so the array keeps 8 spare bytes past
    // the current bit position; those are still zero, which lets a write just OR its bits in.
    private const int WordSlack = 8;

    private byte[] _bytes;
    private int _bitLength;

    public ChunkBitWriter(int initialCapacity)
    {
        _bytes = new byte[Math.Max(initialCapacity, ChunkFormat.HeaderBytes + WordSlack)];
        _bitLength = ChunkFormat.HeaderBytes * 8;
    }

    public readonly int ByteLength => (_bitLength + 7) >> 3;

    public readonly int Capacity => _bytes.Length;

    public readonly Span<byte> Written => _bytes.AsSpan(0, ByteLength);

    public void WriteBit(bool bit)
    {
        EnsureWord();
        if (bit)
        {
            _bytes[_bitLength >> 3] |= (byte)(0x80 >> (_bitLength & 7));
        }

        _bitLength++;
    }

    /// <summary>Writes the low <paramref name="count"/> bits of <paramref name="value"/>; the bits above must be zero.</summary>
    public void WriteBits(ulong value, int count)
    {
        if (count > 56)
        {
            WriteWordBits(value >> 32, count - 32);
            WriteWordBits(value & 0xFFFF_FFFFUL, 32);
        }
        else if (count > 0)
        {
            WriteWordBits(value, count);
        }
    }

    /// <summary>Zigzag, then 7 bits per group with a continuation bit (at most 10 groups).</summary>
    public void WriteSignedVarint(long value)
    {
        var zigzag = (ulong)((value << 1) ^ (value >> 63));
        WriteUnsignedVarint(zigzag);
    }

    public void WriteUnsignedVarint(ulong value)
    {
        while (value >= 0x80)
        {
            WriteBits((value & 0x7F) | 0x80, 8);
            value >>= 7;
        }

        WriteBits(value, 8);
    }

    private void WriteWordBits(ulong value, int count)
    {
        EnsureWord();
        var word = _bytes.AsSpan(_bitLength >> 3, WordSlack);
        var shift = 64 - (_bitLength & 7) - count;
        BinaryPrimitives.WriteUInt64BigEndian(word, BinaryPrimitives.ReadUInt64BigEndian(word) | (value << shift));
        _bitLength += count;
    }

    private void EnsureWord()
    {
        var needed = (_bitLength >> 3) + WordSlack;
        if (needed > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(needed, _bytes.Length * 2));
        }
    }
}
