using HospitalOps.Alerting.Maintenance;

namespace HospitalOps.Alerting.Tests.Maintenance;

/// <summary>The periods a window is open over a range, as the calendar shows them, in the hospital's local time.</summary>
public sealed class MaintenanceCalendarTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static DateTimeOffset Local(string text) =>
        DateTimeOffset.ParseExact(text + " +08:00", "yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture);

    private static string Show((DateTimeOffset Start, DateTimeOffset End) o) =>
        $"{TimeZoneInfo.ConvertTime(o.Start, Shanghai):MM-dd HH:mm}–{TimeZoneInfo.ConvertTime(o.End, Shanghai):MM-dd HH:mm}";

    [Fact]
    public void AWeeklyWindow_OpensEverySaturdayNight_IncludingOneThatBeganBeforeTheRange()
    {
        var weekly = new MaintenanceWindowRow { Id = 1, Name = "周六备份", Enabled = true, Cron = "0 22 * * 6", DurationMs = 3 * 3600_000 };

        weekly.Occurrences(Local("2026-11-29 00:30"), Local("2026-12-13 00:00"), Shanghai, 100).Select(Show)
            .ShouldBe(["11-28 22:00–11-29 01:00", "12-05 22:00–12-06 01:00", "12-12 22:00–12-13 01:00"]);
    }

    [Fact]
    public void ARecurringWindow_KeepsToItsValidityPeriod_AndAOneOffShowsOnce()
    {
        var monthly = new MaintenanceWindowRow
        {
            Id = 2, Name = "月度巡检", Enabled = true, Cron = "0 2 1 * *", DurationMs = 3600_000,
            EndsAt = Local("2027-01-15 00:00").ToUnixTimeMilliseconds(),
        };
        monthly.Occurrences(Local("2026-12-01 00:00"), Local("2027-02-28 00:00"), Shanghai, 100).Select(Show).ShouldBe(["12-01 02:00–12-01 03:00", "01-01 02:00–01-01 03:00"]);

        var once = new MaintenanceWindowRow { Id = 3, Name = "PACS 升级", Enabled = true, StartsAt = Local("2026-12-20 20:00").ToUnixTimeMilliseconds(), EndsAt = Local("2026-12-21 02:00").ToUnixTimeMilliseconds() };
        once.Occurrences(Local("2026-12-01 00:00"), Local("2026-12-31 00:00"), Shanghai, 100).Select(Show).ShouldBe(["12-20 20:00–12-21 02:00"]);
        (once with { Enabled = false }).Occurrences(Local("2026-12-01 00:00"), Local("2026-12-31 00:00"), Shanghai, 100).ShouldBeEmpty();
    }
}
