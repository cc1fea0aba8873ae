using System.Buffers.Binary;

namespace HospitalOps.Monitoring.Collectors.Ntp;

/// <summary>
/// The 48-byte NTP header (RFC 5905 section 7.3), without extension fields or MAC, which a
/// client probe neither sends nor needs.
/// </summary>
internal sealed record NtpPacket(
    NtpLeapIndicator Leap,
    int Version,
    int Mode,
    int Stratum,
    int Poll,
    int Precision,
    double RootDelaySeconds,
    double RootDispersionSeconds,
    uint ReferenceId,
    NtpTimestamp ReferenceTime,
    NtpTimestamp OriginTime,
    NtpTimestamp ReceiveTime,
    NtpTimestamp TransmitTime)
{
    public const int HeaderLength = 48;
    public const int ClientMode = 3;
    public const int ServerMode = 4;

    /// <summary>A client-mode NTPv4 request whose transmit timestamp is <paramref name="transmit"/>; every other field is zero.</summary>
    public static byte[] ClientRequest(NtpTimestamp transmit)
    {
        var bytes = new byte[HeaderLength];
        bytes[0] = (byte)((int)NtpLeapIndicator.NoWarning << 6 | 4 << 3 | ClientMode);
        transmit.Write(bytes.AsSpan(40, 8));
        return bytes;
    }

    /// <summary>Reads a header; null with a reason when the datagram cannot be an NTP packet.</summary>
    public static NtpPacket? TryParse(ReadOnlySpan<byte> datagram, out string? problem)
    {
        if (datagram.Length < HeaderLength)
        {
            problem = $"a datagram of {datagram.Length} bytes, shorter than the {HeaderLength}-byte NTP header";
            return null;
        }

        var version = datagram[0] >> 3 & 0x7;
        if (version is < 1 or > 4)
        {
            problem = $"unknown NTP version {version}";
            return null;
        }

        problem = null;
        return new NtpPacket(
            Leap: (NtpLeapIndicator)(datagram[0] >> 6),
            Version: version,
            Mode: datagram[0] & 0x7,
            Stratum: datagram[1],
            Poll: (sbyte)datagram[2],
            Precision: (sbyte)datagram[3],
            RootDelaySeconds: ShortFormat(datagram[4..8]),
            RootDispersionSeconds: ShortFormat(datagram[8..12]),
            ReferenceId: BinaryPrimitives.ReadUInt32BigEndian(datagram[12..16]),
            ReferenceTime: NtpTimestamp.Read(datagram[16..24]),
            OriginTime: NtpTimestamp.Read(datagram[24..32]),
            ReceiveTime: NtpTimestamp.Read(datagram[32..40]),
            TransmitTime: NtpTimestamp.Read(datagram[40..48]));
    }

    /// <summary>
    /// The reference id as people read it: the four-letter source name at stratum 1 (GPS, PPS…),
    /// the kiss code at stratum 0, the upstream server's IPv4 address above (for an IPv6 upstream
    /// these are the first bytes of a hash, still shown as an address, as ntpq and chronyc do).
    /// </summary>
    public string ReferenceIdText => Stratum <= 1 ? AsciiCode(ReferenceId) : AsAddress(ReferenceId);

    internal static string AsciiCode(uint referenceId)
    {
        Span<char> chars = stackalloc char[4];
        var length = 0;
        for (var shift = 24; shift >= 0; shift -= 8)
        {
            var b = (byte)(referenceId >> shift);
            if (b == 0)
            {
                break;
            }

            chars[length++] = b is >= 0x20 and < 0x7F ? (char)b : '?';
        }

        return new string(chars[..length]).TrimEnd();
    }

    private static string AsAddress(uint referenceId) =>
        $"{referenceId >> 24}.{referenceId >> 16 & 0xFF}.{referenceId >> 8 & 0xFF}.{referenceId & 0xFF}";

    // NTP short format: unsigned 16.16 fixed point seconds.
    private static double ShortFormat(ReadOnlySpan<byte> fourBytes) =>
        BinaryPrimitives.ReadUInt32BigEndian(fourBytes) / 65536.0;
}
