namespace HospitalOps.Monitoring.Collectors.Ntp;

/// <summary>
/// A 64-bit NTP timestamp: seconds since 1900-01-01 UTC in the high 32 bits, the fraction of a
/// second in the low 32 bits. The seconds wrap every 2^32 s (an "era", the first ends in
/// February 2036); differences are taken modulo 2^64 as RFC 5905 does, so they stay right across
/// an era boundary as long as the two times are less than 68 years apart.
/// </summary>
internal readonly record struct NtpTimestamp(ulong Value)
{
    private const double FractionPerSecond = 4294967296.0;

    private static readonly DateTimeOffset PrimeEpoch = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static NtpTimestamp Zero => default;

    public bool IsZero => Value == 0;

    public static NtpTimestamp FromDateTimeOffset(DateTimeOffset time)
    {
        var ticks = (Int128)(time.UtcTicks - PrimeEpoch.UtcTicks);
        var units = (ticks << 32) / TimeSpan.TicksPerSecond;
        return new NtpTimestamp(unchecked((ulong)units));
    }

    /// <summary>Seconds from <paramref name="earlier"/> to <paramref name="later"/>; negative when <paramref name="later"/> is before.</summary>
    public static double SecondsBetween(NtpTimestamp later, NtpTimestamp earlier) =>
        unchecked((long)(later.Value - earlier.Value)) / FractionPerSecond;

    /// <summary>The instant this timestamp stands for, taking the era that puts it closest to <paramref name="near"/>.</summary>
    public DateTimeOffset ToDateTimeOffset(DateTimeOffset near)
    {
        var seconds = SecondsBetween(this, FromDateTimeOffset(near));
        return near.UtcDateTime.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
    }

    public static NtpTimestamp Read(ReadOnlySpan<byte> eightBytes) =>
        new(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(eightBytes));

    public void Write(Span<byte> eightBytes) =>
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(eightBytes, Value);
}
