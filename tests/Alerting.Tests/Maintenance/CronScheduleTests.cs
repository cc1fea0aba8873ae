using HospitalOps.Alerting.Maintenance;

namespace HospitalOps.Alerting.Tests.Maintenance;

public sealed class CronScheduleTests
{
    private static DateTime At(string text) => DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("0 2 * * 0", "2026-11-22 02:00", true)] // a Sunday
    [InlineData("0 2 * * 7", "2026-11-22 02:00", true)] // 7 is Sunday too
    [InlineData("0 2 * * 0", "2026-11-23 02:00", false)] // Monday
    [InlineData("0 2 * * 0", "2026-11-22 02:01", false)]
    [InlineData("*/15 * * * *", "2026-11-23 09:45", true)]
    [InlineData("*/15 * * * *", "2026-11-23 09:46", false)]
    [InlineData("30 22 1 * *", "2026-12-01 22:30", true)]
    [InlineData("0 8-18/2 * * 1-5", "2026-11-24 14:00", true)]
    [InlineData("0 8-18/2 * * 1-5", "2026-11-24 15:00", false)]
    [InlineData("0 0 1,15 * *", "2026-11-15 00:00", true)]
    [InlineData("0 0 1 * 1", "2026-11-23 00:00", true)] // both day fields restricted: the 1st OR a Monday
    [InlineData("0 0 1 * 1", "2026-11-24 00:00", false)]
    [InlineData("0 0 * 2 *", "2026-11-24 00:00", false)]
    public void StartsAt_MatchesTheWallClockMinute(string cron, string local, bool expected)
    {
        CronSchedule.Parse(cron).StartsAt(At(local)).ShouldBe(expected);
    }

    [Fact]
    public void LatestStart_FindsTheStartWithinTheDuration_AndNothingBefore()
    {
        var sundays = CronSchedule.Parse("0 2 * * 0");

        sundays.LatestStart(At("2026-11-22 05:59"), TimeSpan.FromHours(4)).ShouldBe(At("2026-11-22 02:00"));
        sundays.LatestStart(At("2026-11-22 06:00"), TimeSpan.FromHours(4)).ShouldBeNull(); // the window is [02:00, 06:00)
        sundays.LatestStart(At("2026-11-22 06:01"), TimeSpan.FromHours(4)).ShouldBeNull();
        sundays.LatestStart(At("2026-11-22 01:59"), TimeSpan.FromHours(4)).ShouldBeNull();
    }

    [Theory]
    [InlineData("0 2 * *", "5 fields")]
    [InlineData("60 2 * * *", "minute: '60' is outside 0-59")]
    [InlineData("0 2 * * mon", "weekday: 'mon' is not a number, range or *")]
    [InlineData("0 5-2 * * *", "hour: '5-2' is outside 0-23")]
    [InlineData("*/0 * * * *", "minute: '*/0' has a bad step")]
    public void Parse_RefusesMistakes_NamingTheField(string cron, string reason)
    {
        CronSchedule.Check(cron)!.ShouldContain(reason);
    }
}
