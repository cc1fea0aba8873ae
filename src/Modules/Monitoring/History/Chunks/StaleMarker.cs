namespace HospitalOps.Monitoring.History.Chunks;

/// <summary>
/// Prometheus's staleness marker: a NaN with the payload 0x7ff0000000000002, written when a series
/// disappears from a scrape. It must be told apart from an ordinary NaN a target reported, so it is
/// compared by its bits, never by value (every NaN compares unequal to everything).
/// </summary>
internal static class StaleMarker
{
    public const ulong Bits = 0x7ff0000000000002UL;

    public static readonly double Value = BitConverter.UInt64BitsToDouble(Bits);

    public static bool Is(double value) => BitConverter.DoubleToUInt64Bits(value) == Bits;
}
