namespace HospitalOps.Kernel.Data;

/// <summary>Times are stored as UTC Unix milliseconds: identical on both engines and exact in hashes.</summary>
public static class UnixMs
{
    public static long Now(TimeProvider clock) => clock.GetUtcNow().ToUnixTimeMilliseconds();

    public static DateTimeOffset ToTime(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static DateTimeOffset? ToTime(long? ms) => ms is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(ms.Value);
}
