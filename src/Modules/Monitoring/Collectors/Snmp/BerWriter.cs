namespace HospitalOps.Monitoring.Collectors.Snmp;

/// <summary>
/// Writes BER (X.690 §8) the way SNMP uses it: one-byte tags, definite lengths in the shortest
/// form, minimal two's-complement integers. Constructed values are written by encoding their
/// content first, so every length is known when it is written.
/// </summary>
internal sealed class BerWriter
{
    private readonly List<byte> _bytes = [];

    public int Length => _bytes.Count;

    public byte[] ToArray() => [.. _bytes];

    public void WriteTlv(byte tag, ReadOnlySpan<byte> content)
    {
        _bytes.Add(tag);
        WriteLength(content.Length);
        foreach (var b in content)
        {
            _bytes.Add(b);
        }
    }

    public void WriteConstructed(byte tag, Action<BerWriter> writeContent)
    {
        var inner = new BerWriter();
        writeContent(inner);
        WriteTlv(tag, inner.ToArray());
    }

    public void WriteInteger(byte tag, long value)
    {
        Span<byte> buffer = stackalloc byte[8];
        for (var i = 0; i < 8; i++)
        {
            buffer[7 - i] = (byte)(value >> (8 * i));
        }

        // Drop leading bytes that only repeat the sign of the next one.
        var start = 0;
        while (start < 7 && ((buffer[start] == 0x00 && (buffer[start + 1] & 0x80) == 0) || (buffer[start] == 0xFF && (buffer[start + 1] & 0x80) != 0)))
        {
            start++;
        }

        WriteTlv(tag, buffer[start..]);
    }

    public void WriteUnsigned(byte tag, ulong value)
    {
        Span<byte> buffer = stackalloc byte[9];
        for (var i = 0; i < 8; i++)
        {
            buffer[8 - i] = (byte)(value >> (8 * i));
        }

        // A leading 0x00 stays when the next byte has its top bit set, so the value reads as positive.
        var start = 0;
        while (start < 8 && buffer[start] == 0x00 && (buffer[start + 1] & 0x80) == 0)
        {
            start++;
        }

        WriteTlv(tag, buffer[start..]);
    }

    public void WriteOid(SnmpOid oid)
    {
        var content = new List<byte>(oid.Length + 4);
        AppendSubidentifier(content, (ulong)oid[0] * 40 + oid[1]);
        for (var i = 2; i < oid.Length; i++)
        {
            AppendSubidentifier(content, oid[i]);
        }

        WriteTlv((byte)SnmpType.ObjectIdentifier, content.ToArray());
    }

    private static void AppendSubidentifier(List<byte> content, ulong value)
    {
        Span<byte> groups = stackalloc byte[10];
        var count = 0;
        do
        {
            groups[count++] = (byte)(value & 0x7F);
            value >>= 7;
        }
        while (value != 0);

        for (var i = count - 1; i >= 0; i--)
        {
            content.Add(i == 0 ? groups[i] : (byte)(groups[i] | 0x80));
        }
    }

    private void WriteLength(int length)
    {
        if (length < 0x80)
        {
            _bytes.Add((byte)length);
            return;
        }

        var count = length > 0xFFFFFF ? 4 : length > 0xFFFF ? 3 : length > 0xFF ? 2 : 1;
        _bytes.Add((byte)(0x80 | count));
        for (var i = count - 1; i >= 0; i--)
        {
            _bytes.Add((byte)(length >> (8 * i)));
        }
    }
}
