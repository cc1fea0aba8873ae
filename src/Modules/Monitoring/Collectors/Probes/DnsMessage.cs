using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;

namespace HospitalOps.Monitoring.Collectors.Probes;

/// <summary>The parts of a DNS response (RFC 1035 §4.1) the probe looks at.</summary>
internal sealed record DnsResponse(
    ushort Id,
    bool IsResponse,
    int Opcode,
    bool Truncated,
    int ResponseCode,
    string? QuestionName,
    ushort QuestionType,
    int AnswerCount,
    IReadOnlyList<IPAddress> Addresses);

/// <summary>Raised for a DNS message that breaks RFC 1035's wire format.</summary>
internal sealed class DnsFormatException(string message) : Exception(message);

/// <summary>
/// Writes a one-question query and reads a response (RFC 1035 §4.1), defensively: every length
/// is checked against the message, compression pointers must point backwards (so they cannot
/// loop) and names are capped at 255 bytes.
/// </summary>
internal static class DnsMessage
{
    public const int HeaderLength = 12;
    private const int MaxNameLength = 255;
    private const int MaxLabelLength = 63;
    private const int MaxPointerJumps = 64;
    private const ushort ClassIn = 1;

    public static byte[] BuildQuery(ushort id, string name, DnsRecordType type)
    {
        var buffer = new byte[HeaderLength + MaxNameLength + 2 + 4];
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(0), id);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), 0x0100); // standard query, recursion desired
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(4), 1);
        var position = HeaderLength;
        foreach (var label in ToAsciiLabels(name))
        {
            buffer[position++] = (byte)label.Length;
            label.CopyTo(buffer, position);
            position += label.Length;
        }
        buffer[position++] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(position), (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(position + 2), ClassIn);
        return buffer[..(position + 4)];
    }

    /// <summary>The 16-bit id of a datagram, or null when it is too short to be DNS.</summary>
    public static ushort? PeekId(ReadOnlySpan<byte> message) =>
        message.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(message) : null;

    public static DnsResponse Parse(ReadOnlySpan<byte> message)
    {
        if (message.Length < HeaderLength)
        {
            throw new DnsFormatException($"only {message.Length} bytes, shorter than the 12-byte header");
        }
        var id = BinaryPrimitives.ReadUInt16BigEndian(message);
        var flags = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        var questions = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        var answers = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
        var position = HeaderLength;
        string? questionName = null;
        ushort questionType = 0;
        for (var i = 0; i < questions; i++)
        {
            var name = ReadName(message, ref position);
            Require(message, position, 4, "question");
            if (i == 0)
            {
                questionName = name;
                questionType = BinaryPrimitives.ReadUInt16BigEndian(message[position..]);
            }
            position += 4;
        }
        var addresses = new List<IPAddress>();
        for (var i = 0; i < answers; i++)
        {
            ReadName(message, ref position);
            Require(message, position, 10, "answer record");
            var type = BinaryPrimitives.ReadUInt16BigEndian(message[position..]);
            var recordClass = BinaryPrimitives.ReadUInt16BigEndian(message[(position + 2)..]);
            var dataLength = BinaryPrimitives.ReadUInt16BigEndian(message[(position + 8)..]);
            position += 10;
            Require(message, position, dataLength, "record data");
            var data = message.Slice(position, dataLength);
            position += dataLength;
            if (recordClass != ClassIn)
            {
                continue;
            }
            if (type == (ushort)DnsRecordType.A)
            {
                addresses.Add(dataLength == 4 ? new IPAddress(data) : throw new DnsFormatException($"A record with {dataLength} bytes of data"));
            }
            else if (type == (ushort)DnsRecordType.Aaaa)
            {
                addresses.Add(dataLength == 16 ? new IPAddress(data) : throw new DnsFormatException($"AAAA record with {dataLength} bytes of data"));
            }
        }
        return new DnsResponse(
            id,
            IsResponse: (flags & 0x8000) != 0,
            Opcode: (flags >> 11) & 0xF,
            Truncated: (flags & 0x0200) != 0,
            ResponseCode: flags & 0xF,
            questionName,
            questionType,
            answers,
            addresses);
    }

    public static string ResponseCodeName(int code) => code switch
    {
        0 => "NOERROR",
        1 => "FORMERR",
        2 => "SERVFAIL",
        3 => "NXDOMAIN",
        4 => "NOTIMP",
        5 => "REFUSED",
        _ => "RCODE" + code.ToString(CultureInfo.InvariantCulture),
    };

    internal static string ReadName(ReadOnlySpan<byte> message, ref int position)
    {
        var name = new StringBuilder();
        var cursor = position;
        var nameLength = 0;
        var jumps = 0;
        var end = -1;
        while (true)
        {
            Require(message, cursor, 1, "name");
            var length = message[cursor];
            if ((length & 0xC0) == 0xC0)
            {
                Require(message, cursor, 2, "compression pointer");
                var target = BinaryPrimitives.ReadUInt16BigEndian(message[cursor..]) & 0x3FFF;
                // Only backward pointers: a name can only refer to something written before it,
                // and this alone rules out loops; the jump cap is belt and braces.
                if (target >= cursor || ++jumps > MaxPointerJumps)
                {
                    throw new DnsFormatException($"compression pointer at {cursor} to {target} does not point backwards");
                }
                if (end < 0)
                {
                    end = cursor + 2;
                }
                cursor = target;
                continue;
            }
            if ((length & 0xC0) != 0)
            {
                throw new DnsFormatException($"unsupported label type 0x{length:X2} at {cursor}");
            }
            if (length == 0)
            {
                position = end < 0 ? cursor + 1 : end;
                return name.Length == 0 ? "." : name.ToString();
            }
            nameLength += length + 1;
            if (nameLength > MaxNameLength)
            {
                throw new DnsFormatException("name longer than 255 bytes");
            }
            Require(message, cursor + 1, length, "label");
            if (name.Length > 0)
            {
                name.Append('.');
            }
            foreach (var b in message.Slice(cursor + 1, length))
            {
                name.Append(b is > 0x20 and < 0x7F and not (byte)'.' and not (byte)'\\' ? (char)b : '?');
            }
            cursor += 1 + length;
        }
    }

    private static void Require(ReadOnlySpan<byte> message, int position, int count, string what)
    {
        if (position < 0 || count < 0 || position + count > message.Length)
        {
            throw new DnsFormatException($"{what} at byte {position} runs past the end of the {message.Length}-byte message");
        }
    }

    private static List<byte[]> ToAsciiLabels(string name)
    {
        var ascii = new IdnMapping().GetAscii(name.TrimEnd('.'));
        var labels = ascii.Split('.').Select(Encoding.ASCII.GetBytes).ToList();
        if (labels.Any(l => l.Length is 0 or > MaxLabelLength) || labels.Sum(l => l.Length + 1) + 1 > MaxNameLength)
        {
            throw new ArgumentException($"'{name}' is not a valid DNS name.", nameof(name));
        }
        return labels;
    }
}
