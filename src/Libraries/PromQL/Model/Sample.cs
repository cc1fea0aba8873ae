namespace HospitalOps.PromQL.Model;

/// <summary>One stored sample: a timestamp in Unix milliseconds and a float value.</summary>
public readonly record struct Sample(long T, double V);

/// <summary>
/// The staleness marker: a NaN with the payload 0x7ff0000000000002, written when a series stops.
/// It is told apart from an ordinary NaN by its bits, never by value.
/// </summary>
public static class Staleness
{
    public const ulong MarkerBits = 0x7ff0000000000002UL;

    public static readonly double Marker = BitConverter.UInt64BitsToDouble(MarkerBits);

    public static bool IsMarker(double value) => BitConverter.DoubleToUInt64Bits(value) == MarkerBits;
}
