using System.Buffers.Binary;
using HospitalOps.Monitoring.History.Chunks;

namespace HospitalOps.Monitoring.History;

/// <summary>
/// The flushed form of a <see cref="TargetHead"/>: every series' id, last sample and open chunk,
/// one blob per target, rewritten at each flush. A restart or another node restores the head from it.
/// </summary>
internal static class HeadBlob
{
    private const byte Version = 1;

    public static byte[] Write(TargetHead head)
    {
        var buffer = new ByteBuffer(64 + head.Series.Values.Sum(s => 32 + s.Chunk.EncodedLength));
        buffer.Byte(Version);
        buffer.Varint(Zig(head.WindowStart));
        buffer.Varint((ulong)head.CollectionsSinceCut);
        buffer.Varint((ulong)head.Series.Count);
        foreach (var s in head.Series.Values)
        {
            buffer.Varint((ulong)s.Id);
            buffer.Varint(Zig(s.LastT));
            buffer.Double(s.LastV);
            var chunk = s.Chunk.Count == 0 ? ReadOnlySpan<byte>.Empty : s.Chunk.Encoded;
            buffer.Varint((ulong)chunk.Length);
            buffer.Bytes(chunk);
        }

        return buffer.ToArray();
    }

    /// <summary>Rebuilds a head; false (and nothing restored) when the blob is damaged.</summary>
    public static bool TryRestore(ReadOnlySpan<byte> blob, TargetHead into)
    {
        var reader = new Reader(blob);
        if (!reader.Byte(out var version) || version != Version || !reader.Varint(out var window) || !reader.Varint(out var since) || !reader.Varint(out var count))
        {
            return false;
        }

        var restored = new List<HeadSeries>();
        for (ulong i = 0; i < count; i++)
        {
            if (!reader.Varint(out var id) || !reader.Varint(out var lastT) || !reader.Double(out var lastV) || !reader.Varint(out var length) || !reader.Bytes((int)Math.Min(length, int.MaxValue), out var chunk))
            {
                return false;
            }

            var series = new HeadSeries((long)id) { LastT = Unzig(lastT), LastV = lastV };
            if (chunk.Length > 0)
            {
                var decoded = new XorChunkReader(chunk);
                while (decoded.MoveNext())
                {
                    series.Chunk.TryAppend(decoded.Current);
                }

                if (!decoded.IsComplete)
                {
                    return false;
                }
            }

            restored.Add(series);
        }

        into.WindowStart = Unzig(window);
        into.CollectionsSinceCut = (int)Math.Min(since, int.MaxValue);
        foreach (var s in restored)
        {
            into.Series[s.Id] = s;
        }

        return true;
    }

    /// <summary>The non-empty open chunk of every series in a blob, by series id; empty when the blob is damaged.</summary>
    public static Dictionary<long, byte[]> OpenChunks(ReadOnlySpan<byte> blob)
    {
        var chunks = new Dictionary<long, byte[]>();
        var reader = new Reader(blob);
        if (!reader.Byte(out var version) || version != Version || !reader.Varint(out _) || !reader.Varint(out _) || !reader.Varint(out var count))
        {
            return chunks;
        }

        for (ulong i = 0; i < count; i++)
        {
            if (!reader.Varint(out var id) || !reader.Varint(out _) || !reader.Double(out _) || !reader.Varint(out var length) || !reader.Bytes((int)Math.Min(length, int.MaxValue), out var chunk))
            {
                return [];
            }

            if (chunk.Length > 0)
            {
                chunks[(long)id] = chunk.ToArray();
            }
        }

        return chunks;
    }

    private static ulong Zig(long v) => (ulong)((v << 1) ^ (v >> 63));

    private static long Unzig(ulong v) => (long)(v >> 1) ^ -(long)(v & 1);

    private sealed class ByteBuffer(int capacity)
    {
        private byte[] _bytes = new byte[Math.Max(16, capacity)];
        private int _length;

        public void Byte(byte b)
        {
            Ensure(1);
            _bytes[_length++] = b;
        }

        public void Varint(ulong v)
        {
            Ensure(10);
            while (v >= 0x80)
            {
                _bytes[_length++] = (byte)(v | 0x80);
                v >>= 7;
            }

            _bytes[_length++] = (byte)v;
        }

        public void Double(double d)
        {
            Ensure(8);
            BinaryPrimitives.WriteInt64LittleEndian(_bytes.AsSpan(_length), BitConverter.DoubleToInt64Bits(d));
            _length += 8;
        }

        public void Bytes(ReadOnlySpan<byte> b)
        {
            Ensure(b.Length);
            b.CopyTo(_bytes.AsSpan(_length));
            _length += b.Length;
        }

        public byte[] ToArray() => _bytes.AsSpan(0, _length).ToArray();

        private void Ensure(int more)
        {
            if (_length + more > _bytes.Length)
            {
                Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + more));
            }
        }
    }

    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private int _position;

        public bool Byte(out byte b)
        {
            b = 0;
            if (_position >= _bytes.Length)
            {
                return false;
            }

            b = _bytes[_position++];
            return true;
        }

        public bool Varint(out ulong v)
        {
            v = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (_position >= _bytes.Length)
                {
                    return false;
                }

                var b = _bytes[_position++];
                v |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return true;
                }
            }

            return false;
        }

        public bool Double(out double d)
        {
            d = 0;
            if (_position + 8 > _bytes.Length)
            {
                return false;
            }

            d = BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64LittleEndian(_bytes[_position..]));
            _position += 8;
            return true;
        }

        public bool Bytes(int length, out ReadOnlySpan<byte> b)
        {
            b = default;
            if (length < 0 || _position + length > _bytes.Length)
            {
                return false;
            }

            b = _bytes.Slice(_position, length);
            _position += length;
            return true;
        }
    }
}
