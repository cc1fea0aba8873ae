namespace HospitalOps.Monitoring.Collectors.Snmp;

/// <summary>
/// Reads BER from a received datagram, trusting nothing: every length is checked against the
/// bytes that are really left before anything is sliced or allocated, so a hostile length field
/// (2 GB, indefinite, wider than 4 bytes) is a <see cref="BerFormatException"/>, not an allocation.
/// </summary>
internal ref struct BerReader(ReadOnlySpan<byte> data)
{
    private ReadOnlySpan<byte> _rest = data;

    public readonly bool IsEmpty => _rest.IsEmpty;

    public readonly int Remaining => _rest.Length;

    public readonly byte PeekTag() => _rest.IsEmpty ? throw new BerFormatException("the data ends where a value should start") : _rest[0];

    /// <summary>Reads one TLV and returns its tag and content.</summary>
    public ReadOnlySpan<byte> Read(out byte tag)
    {
        if (_rest.IsEmpty)
        {
            throw new BerFormatException("the data ends where a value should start");
        }

        tag = _rest[0];
        if ((tag & 0x1F) == 0x1F)
        {
            throw new BerFormatException($"tag 0x{tag:X2} uses the multi-byte form, which SNMP never does");
        }

        if (_rest.Length < 2)
        {
            throw new BerFormatException($"the data ends inside the length of tag 0x{tag:X2}");
        }

        var first = _rest[1];
        var headerLength = 2;
        ulong length;
        if (first < 0x80)
        {
            length = first;
        }
        else if (first == 0x80)
        {
            throw new BerFormatException("indefinite length is not allowed");
        }
        else
        {
            var count = first & 0x7F;
            if (count > 4)
            {
                throw new BerFormatException($"a length field of {count} bytes is too long");
            }

            if (_rest.Length < 2 + count)
            {
                throw new BerFormatException($"the data ends inside the length of tag 0x{tag:X2}");
            }

            length = 0;
            for (var i = 0; i < count; i++)
            {
                length = (length << 8) | _rest[2 + i];
            }

            headerLength += count;
        }

        var available = (ulong)(_rest.Length - headerLength);
        if (length > available)
        {
            throw new BerFormatException($"tag 0x{tag:X2} claims {length} bytes but only {available} are left");
        }

        var content = _rest.Slice(headerLength, (int)length);
        _rest = _rest[(headerLength + (int)length)..];
        return content;
    }

    public ReadOnlySpan<byte> Read(byte expectedTag, string what)
    {
        var content = Read(out var tag);
        if (tag != expectedTag)
        {
            throw new BerFormatException($"{what}: expected tag 0x{expectedTag:X2}, found 0x{tag:X2}");
        }

        return content;
    }

    public int ReadInt32(string what)
    {
        var value = DecodeSigned(Read((byte)SnmpType.Integer, what), what);
        if (value is < int.MinValue or > int.MaxValue)
        {
            throw new BerFormatException($"{what}: {value} does not fit in 32 bits");
        }

        return (int)value;
    }

    public void ExpectEnd(string what)
    {
        if (!_rest.IsEmpty)
        {
            throw new BerFormatException($"{_rest.Length} unexpected bytes after {what}");
        }
    }

    public static long DecodeSigned(ReadOnlySpan<byte> content, string what)
    {
        if (content.IsEmpty)
        {
            throw new BerFormatException($"{what}: an INTEGER needs at least one byte");
        }

        if (content.Length > 8)
        {
            throw new BerFormatException($"{what}: an INTEGER of {content.Length} bytes is wider than 64 bits");
        }

        long value = (sbyte)content[0];
        for (var i = 1; i < content.Length; i++)
        {
            value = (value << 8) | content[i];
        }

        return value;
    }

    /// <summary>An unsigned type (Counter32, Gauge32, TimeTicks, Counter64) of at most <paramref name="bits"/> bits.</summary>
    public static ulong DecodeUnsigned(ReadOnlySpan<byte> content, int bits, string what)
    {
        if (content.IsEmpty)
        {
            throw new BerFormatException($"{what}: a number needs at least one byte");
        }

        // Correct encoders add a 0x00 before a top bit; some agents skip it, which reads the same unsigned.
        if (content.Length > 1 && content[0] == 0x00)
        {
            content = content[1..];
        }

        if (content.Length > bits / 8)
        {
            throw new BerFormatException($"{what}: {content.Length} bytes do not fit in {bits} bits");
        }

        ulong value = 0;
        foreach (var b in content)
        {
            value = (value << 8) | b;
        }

        return value;
    }

    public static SnmpOid DecodeOid(ReadOnlySpan<byte> content, string what)
    {
        if (content.IsEmpty)
        {
            throw new BerFormatException($"{what}: an OBJECT IDENTIFIER needs at least one byte");
        }

        if ((content[^1] & 0x80) != 0)
        {
            throw new BerFormatException($"{what}: the OBJECT IDENTIFIER ends inside a subidentifier");
        }

        var arcs = new List<uint>(Math.Min(content.Length + 1, SnmpOid.MaxArcs));
        var position = 0;
        var first = true;
        while (position < content.Length)
        {
            if (content[position] == 0x80)
            {
                throw new BerFormatException($"{what}: a subidentifier starts with a padding byte 0x80");
            }

            ulong value = 0;
            byte b;
            do
            {
                b = content[position++];
                value = (value << 7) | (uint)(b & 0x7F);
                if (value > uint.MaxValue)
                {
                    throw new BerFormatException($"{what}: a subidentifier is larger than 32 bits");
                }
            }
            while ((b & 0x80) != 0);

            if (first)
            {
                var top = value < 40 ? 0u : value < 80 ? 1u : 2u;
                arcs.Add(top);
                arcs.Add((uint)(value - top * 40));
                first = false;
            }
            else
            {
                arcs.Add((uint)value);
            }

            if (arcs.Count > SnmpOid.MaxArcs)
            {
                throw new BerFormatException($"{what}: more than {SnmpOid.MaxArcs} arcs");
            }
        }

        return SnmpOid.TryFromDecodedArcs([.. arcs], out var oid)
            ? oid
            : throw new BerFormatException($"{what}: not a valid OBJECT IDENTIFIER");
    }
}
