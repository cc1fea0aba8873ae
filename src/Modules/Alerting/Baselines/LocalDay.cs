namespace HospitalOps.Alerting.Baselines;

/// <summary>Splitting a UTC instant into the local day and the time of day of a time zone, in milliseconds.</summary>
internal static class LocalDay
{
    public const long DayMs = 86_400_000;

    private static readonly int EpochDayNumber = new DateOnly(1970, 1, 1).DayNumber;

    public static long OffsetMs(TimeZoneInfo zone, long utcMs) =>
        (long)zone.GetUtcOffset(DateTimeOffset.FromUnixTimeMilliseconds(utcMs)).TotalMilliseconds;

    /// <summary>The local day (days since 1970-01-01 on the local calendar) and the milliseconds into it.</summary>
    public static (long Day, long MsOfDay) Split(long utcMs, long offsetMs)
    {
        var local = utcMs + offsetMs;
        var day = local >= 0 ? local / DayMs : ((local + 1) / DayMs) - 1;
        return (day, local - (day * DayMs));
    }

    public static DateOnly Date(long day) => DateOnly.FromDayNumber((int)(EpochDayNumber + day));

    /// <summary>Local midnight starting <paramref name="date"/>, as a UTC instant.</summary>
    public static long Midnight(TimeZoneInfo zone, DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUnixTimeMilliseconds();
    }
}
