using System.Buffers.Binary;

namespace HospitalOps.Monitoring.History.Chunks;

/// <summary>
/// The layout shared by the raw and the rollup chunk: a 2-byte big-endian entry count, then a
/// big-endian bit stream. The count lives in the chunk so a reader needs nothing but the bytes.
/// </summary>
internal static class ChunkFormat
{
    public const int HeaderBytes = 2;

    /// <summary>The most entries one chunk can hold (the count field is 16 bits).</summary>
    public const int MaxEntries = ushort.MaxValue;

    /// <summary>A chunk as small as the writer starts with; it doubles when full.</summary>
    public const int DefaultInitialCapacity = 32;

    public static void WriteCount(Span<byte> chunk, int count) =>
        BinaryPrimitives.WriteUInt16BigEndian(chunk, (ushort)count);

    public static int CountOf(ReadOnlySpan<byte> chunk) => BinaryPrimitives.ReadUInt16BigEndian(chunk);

    /// <summary>The first timestamp of a non-empty chunk this process wrote (a varint right after the header).</summary>
    public static long FirstTimestampOf(ReadOnlySpan<byte> chunk)
    {
        var bits = new ChunkBitReader(chunk, HeaderBytes);
        bits.TryReadSignedVarint(out var first);
        return first;
    }

    public static bool TryReadCount(ReadOnlySpan<byte> chunk, out int count)
    {
        if (chunk.Length < HeaderBytes)
        {
            count = 0;
            return false;
        }

        count = BinaryPrimitives.ReadUInt16BigEndian(chunk);
        return true;
    }
}
