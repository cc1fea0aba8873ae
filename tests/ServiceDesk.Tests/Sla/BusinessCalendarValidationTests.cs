using HospitalOps.ServiceDesk.Sla;
using static HospitalOps.ServiceDesk.Tests.Sla.ExampleCalendars;

namespace HospitalOps.ServiceDesk.Tests.Sla;

public sealed class BusinessCalendarValidationTests
{
    [Fact]
    public void OverlappingPeriods_AreRefused_NamingTheDayAndPeriods()
    {
        var week = new Dictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>>
        {
            [DayOfWeek.Tuesday] = [WorkingPeriod.Of("13:00", "17:30"), WorkingPeriod.Of("08:00", "13:30")],
        };

        Should.Throw<ArgumentException>(() => new BusinessCalendar(week)).Message.ShouldBe("The working periods of Tuesday overlap: 08:00–13:30 and 13:00–17:30.");
    }

    [Fact]
    public void TouchingPeriods_AreOneStretchOfWorkingTime()
    {
        var calendar = BusinessCalendar.MondayToFriday([WorkingPeriod.Of("12:00", "18:00"), WorkingPeriod.Of("08:00", "12:00")]);

        calendar.AddWorkingTime(Cst("2026-09-15 11:00"), Hours(2)).ShouldBe(Cst("2026-09-15 13:00"));
    }

    [Theory]
    [InlineData("18:00", "08:00")]
    [InlineData("08:00", "08:00")]
    [InlineData("08:00", "24:30")]
    [InlineData("8 am", "18:00")]
    public void APeriodThatIsNotWithinADay_IsRefused(string start, string end)
    {
        Should.Throw<ArgumentException>(() => WorkingPeriod.Of(start, end));
    }

    [Fact]
    public void ADateListedTwice_IsRefused()
    {
        var date = new DateOnly(2026, 10, 1);

        Should.Throw<ArgumentException>(() => BusinessCalendar.MondayToFriday([WorkingPeriod.Of("08:00", "18:00")], [DateOverride.Holiday(date), DateOverride.MakeUpWorkday(date)]))
            .Message.ShouldContain("2026-10-01");
    }

    [Fact]
    public void AMakeUpDayWorkingAsADayWithoutPeriods_IsRefused()
    {
        Should.Throw<ArgumentException>(() => BusinessCalendar.MondayToFriday([WorkingPeriod.Of("08:00", "18:00")], [DateOverride.MakeUpWorkday(new DateOnly(2026, 10, 10), DayOfWeek.Sunday)]))
            .Message.ShouldContain("Sunday");
    }

    [Fact]
    public void ACalendarWithoutWorkingPeriods_RefusesToAddTime_InsteadOfSearchingForever()
    {
        var empty = new BusinessCalendar(new Dictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>>());

        empty.HasWorkingTime.ShouldBeFalse();
        empty.WorkingTimeBetween(Cst("2026-09-15 00:00"), Cst("2026-09-22 00:00")).ShouldBe(TimeSpan.Zero);
        empty.IsWorkingTime(Cst("2026-09-15 10:00")).ShouldBeFalse();
        Should.Throw<NoWorkingTimeException>(() => empty.AddWorkingTime(Cst("2026-09-15 10:00"), Hours(1))).Message.ShouldContain("no working periods");
        Should.Throw<NoWorkingTimeException>(() => empty.NextWorkingStart(Cst("2026-09-15 10:00")));
    }

    [Fact]
    public void ACalendarWhoseWorkingDaysAreAllHolidays_StopsSearchingAfterThreeYears()
    {
        // Sundays only, and every Sunday of five years a holiday: working time in principle, none in practice.
        var calendar = SundaysOnly(holidaySundays: 5 * 53);

        calendar.HasWorkingTime.ShouldBeTrue();
        Should.Throw<NoWorkingTimeException>(() => calendar.AddWorkingTime(Cst("2026-09-15 10:00"), Hours(1))).Message.ShouldContain("3 years");
    }

    [Fact]
    public void AHolidayRunShorterThanTheHorizon_IsWalkedThrough()
    {
        var calendar = SundaysOnly(holidaySundays: 2 * 53);

        calendar.AddWorkingTime(Cst("2026-01-01 10:00"), Hours(1)).ShouldBe(Cst("2028-01-16 09:00"));
    }

    private static BusinessCalendar SundaysOnly(int holidaySundays)
    {
        var holidays = Enumerable.Range(0, holidaySundays).Select(week => DateOverride.Holiday(new DateOnly(2026, 1, 4).AddDays(7 * week)));
        return new BusinessCalendar(new Dictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>> { [DayOfWeek.Sunday] = [WorkingPeriod.Of("08:00", "18:00")] }, holidays);
    }
}
