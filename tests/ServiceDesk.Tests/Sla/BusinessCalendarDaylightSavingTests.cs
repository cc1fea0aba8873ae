using HospitalOps.ServiceDesk.Sla;
using static HospitalOps.ServiceDesk.Tests.Sla.ExampleCalendars;

namespace HospitalOps.ServiceDesk.Tests.Sla;

/// <summary>
/// Europe/Berlin moves its clocks (2026-03-29 02:00 CET → 03:00 CEST, 2026-10-25 03:00 CEST → 02:00 CET): working periods are
/// wall-clock times, so the instants they map to shift by the offset while the working time itself stays right.
/// </summary>
public sealed class BusinessCalendarDaylightSavingTests
{
    private static BusinessCalendar BerlinOffice() => BusinessCalendar.MondayToFriday([WorkingPeriod.Of("08:00", "18:00")], zone: Berlin);

    private static BusinessCalendar BerlinEveryDay(string start, string end)
    {
        var week = Enum.GetValues<DayOfWeek>().ToDictionary(d => d, IReadOnlyList<WorkingPeriod> (_) => [WorkingPeriod.Of(start, end)]);
        return new BusinessCalendar(week, zone: Berlin);
    }

    [Fact]
    public void AddWorkingTime_OverTheSpringChange_EndsAtTheWallClockTimeOfSummerTime()
    {
        var office = BerlinOffice();

        // Friday 17:00 CET (16:00 UTC) + 2 h → Monday 09:00 CEST (07:00 UTC).
        office.AddWorkingTime(In("2026-03-27 17:00", "+01:00"), Hours(2)).ShouldBe(In("2026-03-30 09:00", "+02:00"));
        office.AddWorkingTime(In("2026-03-27 17:00", "+01:00"), Hours(2)).ShouldBe(In("2026-03-30 07:00", "+00:00"));
        office.WorkingTimeBetween(In("2026-03-27 17:00", "+01:00"), In("2026-03-30 09:00", "+02:00")).ShouldBe(Hours(2));
    }

    [Fact]
    public void AddWorkingTime_OverTheAutumnChange_EndsAtTheWallClockTimeOfWinterTime()
    {
        BerlinOffice().AddWorkingTime(In("2026-10-23 17:00", "+02:00"), Hours(2)).ShouldBe(In("2026-10-26 09:00", "+01:00"));
    }

    [Fact]
    public void AWholeDayCalendar_HasTwentyThreeHoursOnTheSpringDay_AndTwentyFiveOnTheAutumnDay()
    {
        var allDay = BerlinEveryDay("00:00", "24:00");

        allDay.WorkingTimeBetween(In("2026-03-29 00:00", "+01:00"), In("2026-03-30 00:00", "+02:00")).ShouldBe(Hours(23));
        allDay.WorkingTimeBetween(In("2026-10-25 00:00", "+02:00"), In("2026-10-26 00:00", "+01:00")).ShouldBe(Hours(25));
        allDay.AddWorkingTime(In("2026-03-29 00:00", "+01:00"), Hours(23)).ShouldBe(In("2026-03-30 00:00", "+02:00"));
        allDay.IsWorkingTime(In("2026-10-25 02:30", "+01:00")).ShouldBeTrue(); // the second 02:30
    }

    [Fact]
    public void APeriodStartingInTheSkippedHour_StartsWhenTheClocksJump()
    {
        var night = BerlinEveryDay("02:00", "04:00");

        // 02:00 never happens on 2026-03-29: the period runs from the jump (01:00 UTC) to 04:00 CEST (02:00 UTC).
        night.NextWorkingStart(In("2026-03-29 00:00", "+01:00")).ShouldBe(In("2026-03-29 01:00", "+00:00"));
        night.WorkingTimeBetween(In("2026-03-29 00:00", "+01:00"), In("2026-03-29 12:00", "+02:00")).ShouldBe(Hours(1));
    }

    [Fact]
    public void APeriodStartingInTheRepeatedHour_StartsAtItsFirstOccurrence()
    {
        var night = BerlinEveryDay("02:00", "04:00");

        // 02:00 happens twice on 2026-10-25; from the first (00:00 UTC) to 04:00 CET (03:00 UTC) is three hours.
        night.NextWorkingStart(In("2026-10-25 00:00", "+02:00")).ShouldBe(In("2026-10-25 00:00", "+00:00"));
        night.WorkingTimeBetween(In("2026-10-25 00:00", "+02:00"), In("2026-10-25 12:00", "+01:00")).ShouldBe(Hours(3));
    }

    [Fact]
    public void WhereClocksChangeAtMidnight_TheDayAroundItIsMeasuredRight()
    {
        // America/Santiago: 2026-04-05 00:00 -03 goes back to Saturday 23:00 -04; 2026-09-06 00:00 -04 jumps to 01:00 -03.
        var santiago = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");
        var saturdayNight = new BusinessCalendar(new Dictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>>
        {
            [DayOfWeek.Saturday] = [WorkingPeriod.Of("22:00", "24:00")],
            [DayOfWeek.Sunday] = [WorkingPeriod.Of("00:00", "02:00")],
        }, zone: santiago);

        saturdayNight.WorkingTimeBetween(In("2026-04-04 12:00", "-03:00"), In("2026-04-05 12:00", "-04:00")).ShouldBe(Hours(5)); // 3 h on Saturday
        saturdayNight.IsWorkingTime(In("2026-04-04 23:30", "-04:00")).ShouldBeTrue(); // the second 23:30
        saturdayNight.AddWorkingTime(In("2026-04-04 22:00", "-03:00"), Hours(3)).ShouldBe(In("2026-04-05 00:00", "-04:00"));
        saturdayNight.WorkingTimeBetween(In("2026-09-05 12:00", "-04:00"), In("2026-09-06 12:00", "-03:00")).ShouldBe(Hours(3)); // 2 h + 1 h
        saturdayNight.AddWorkingTime(In("2026-09-05 22:00", "-04:00"), Hours(2.5)).ShouldBe(In("2026-09-06 01:30", "-03:00"));
    }
}
