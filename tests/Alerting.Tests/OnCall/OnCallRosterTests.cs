using HospitalOps.Alerting.OnCall;

namespace HospitalOps.Alerting.Tests.OnCall;

/// <summary>Who is on duty, with written expectations: hand-over time, daily and weekly turns, the holiday roster, overrides.</summary>
public sealed class OnCallRosterTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static readonly OnCallRoster Daily = new(
        ["wang", "li", "zhao"], 1, new TimeSpan(8, 30, 0), new DateOnly(2026, 11, 23),
        ["chen", "sun"], [new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 2)],
        [new OnCallOverride(Local("2026-11-25 12:00"), Local("2026-11-25 18:00"), "sun", "调班")]);

    private static DateTimeOffset Local(string text) =>
        DateTimeOffset.ParseExact(text + " +08:00", "yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-11-23 09:00", "wang", "rotation")]
    [InlineData("2026-11-24 08:29", "wang", "rotation")] // before hand-over: still yesterday's shift
    [InlineData("2026-11-24 08:30", "li", "rotation")]
    [InlineData("2026-11-22 12:00", "zhao", "rotation")] // the day before the anchor: the turn before wang's
    [InlineData("2026-11-25 13:00", "sun", "override")]
    [InlineData("2026-11-25 18:00", "zhao", "rotation")] // the override ended
    [InlineData("2027-01-01 10:00", "chen", "holiday")]
    [InlineData("2027-01-02 07:00", "chen", "holiday")] // New Year's night belongs to its day
    [InlineData("2027-01-02 09:00", "sun", "holiday")]
    [InlineData("2027-01-03 09:00", "zhao", "rotation")] // 41 days after the anchor: 41 mod 3 = 2
    public void OnDuty(string local, string user, string kind)
    {
        var shift = Daily.OnDuty(Local(local), Shanghai)!;
        shift.User.ShouldBe(user);
        shift.Kind.ShouldBe(kind);
    }

    [Theory]
    [InlineData("2026-11-29 23:00", "wang")]
    [InlineData("2026-11-30 08:29", "wang")]
    [InlineData("2026-11-30 08:30", "li")]
    [InlineData("2026-12-07 09:00", "zhao")]
    [InlineData("2026-12-14 09:00", "wang")]
    [InlineData("2026-12-21 09:00", "li")]
    public void AWeeklyRotation_HandsOverEverySeventhDay(string local, string user) =>
        (Daily with { RotationDays = 7, Holidays = [], Overrides = [] }).OnDuty(Local(local), Shanghai)!.User.ShouldBe(user);

    [Fact]
    public void TheCalendar_CutsOverridesIntoTheDaysTheyCover()
    {
        var shifts = Daily.Shifts(Local("2026-11-25 00:00"), Local("2026-11-26 12:00"), Shanghai)
            .Select(s => $"{TimeZoneInfo.ConvertTime(s.Start, Shanghai):MM-dd HH:mm}–{TimeZoneInfo.ConvertTime(s.End, Shanghai):MM-dd HH:mm} {s.User} {s.Kind}")
            .ToList();

        shifts.ShouldBe(
        [
            "11-24 08:30–11-25 08:30 li rotation",
            "11-25 08:30–11-25 12:00 zhao rotation",
            "11-25 12:00–11-25 18:00 sun override",
            "11-25 18:00–11-26 08:30 zhao rotation",
            "11-26 08:30–11-27 08:30 wang rotation",
        ]);
    }

    [Fact]
    public void WithoutAHolidayRoster_HolidaysFollowTheRotation() =>
        (Daily with { HolidayParticipants = [] }).OnDuty(Local("2027-01-01 10:00"), Shanghai)!.Kind.ShouldBe("rotation");
}
