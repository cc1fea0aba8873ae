using System.Globalization;
using System.Net;
using System.Text;

namespace HospitalOps.Monitoring.Collectors.Snmp;

/// <summary>
/// The value of one varbind. Which property is meaningful depends on <see cref="Type"/>:
/// <see cref="Integer"/> for INTEGER; <see cref="Unsigned"/> for Counter32, Gauge32, TimeTicks and
/// Counter64; <see cref="Bytes"/> for OCTET STRING, IpAddress and Opaque; <see cref="Oid"/> for
/// OBJECT IDENTIFIER. NULL and the three exceptions carry nothing.
/// </summary>
internal sealed class SnmpValue
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly Lazy<Encoding> Gb18030 = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    });

    private SnmpValue(SnmpType type, long integer = 0, ulong unsigned = 0, byte[]? bytes = null, SnmpOid? oid = null)
    {
        Type = type;
        Integer = integer;
        Unsigned = unsigned;
        Bytes = bytes ?? [];
        Oid = oid;
    }

    public static SnmpValue Null { get; } = new(SnmpType.Null);

    public static SnmpValue NoSuchObject { get; } = new(SnmpType.NoSuchObject);

    public static SnmpValue NoSuchInstance { get; } = new(SnmpType.NoSuchInstance);

    public static SnmpValue EndOfMibView { get; } = new(SnmpType.EndOfMibView);

    public SnmpType Type { get; }

    public long Integer { get; }

    public ulong Unsigned { get; }

    public byte[] Bytes { get; }

    public SnmpOid? Oid { get; }

    /// <summary>noSuchObject, noSuchInstance or endOfMibView: the agent has no value here.</summary>
    public bool IsException => Type is SnmpType.NoSuchObject or SnmpType.NoSuchInstance or SnmpType.EndOfMibView;

    public static SnmpValue FromInteger(int value) => new(SnmpType.Integer, integer: value);

    /// <summary>INTEGER is Integer32 in SNMP, but agents exist that send wider values; the decoder keeps up to 64 bits.</summary>
    internal static SnmpValue FromDecodedInteger(long value) => new(SnmpType.Integer, integer: value);

    public static SnmpValue FromOctets(byte[] value) => new(SnmpType.OctetString, bytes: value);

    public static SnmpValue FromString(string value) => FromOctets(Encoding.UTF8.GetBytes(value));

    public static SnmpValue FromOid(SnmpOid value) => new(SnmpType.ObjectIdentifier, oid: value);

    public static SnmpValue FromIpAddress(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (bytes.Length != 4)
        {
            throw new ArgumentException("IpAddress is IPv4 only.", nameof(address));
        }

        return new(SnmpType.IpAddress, bytes: bytes);
    }

    internal static SnmpValue FromIpAddressBytes(byte[] fourBytes) => new(SnmpType.IpAddress, bytes: fourBytes);

    public static SnmpValue FromCounter32(uint value) => new(SnmpType.Counter32, unsigned: value);

    public static SnmpValue FromGauge32(uint value) => new(SnmpType.Gauge32, unsigned: value);

    public static SnmpValue FromTimeTicks(uint hundredths) => new(SnmpType.TimeTicks, unsigned: hundredths);

    public static SnmpValue FromCounter64(ulong value) => new(SnmpType.Counter64, unsigned: value);

    public static SnmpValue FromOpaque(byte[] value) => new(SnmpType.Opaque, bytes: value);

    /// <summary>The value as a number when it is one (INTEGER, counters, gauges, ticks, or text holding a number).</summary>
    public double? AsNumber() => Type switch
    {
        SnmpType.Integer => Integer,
        SnmpType.Counter32 or SnmpType.Gauge32 or SnmpType.TimeTicks or SnmpType.Counter64 => Unsigned,
        SnmpType.OctetString when double.TryParse(Encoding.UTF8.GetString(Bytes).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            && double.IsFinite(parsed) => parsed,
        _ => null,
    };

    /// <summary>
    /// The value as text for labels: OCTET STRING as UTF-8, or as GB18030 when it is not valid UTF-8
    /// (devices set up in Chinese often store sysLocation that way); the others in their usual notation.
    /// </summary>
    public string AsText() => Type switch
    {
        SnmpType.OctetString or SnmpType.Opaque => DecodeText(Bytes).TrimEnd('\0'),
        SnmpType.IpAddress => new IPAddress(Bytes).ToString(),
        SnmpType.ObjectIdentifier => Oid!.ToString(),
        SnmpType.Integer => Integer.ToString(CultureInfo.InvariantCulture),
        SnmpType.Counter32 or SnmpType.Gauge32 or SnmpType.TimeTicks or SnmpType.Counter64 => Unsigned.ToString(CultureInfo.InvariantCulture),
        _ => "",
    };

    public override string ToString() => $"{Type}: {AsText()}";

    private static string DecodeText(byte[] bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Gb18030.Value.GetString(bytes);
        }
    }
}
