using HospitalOps.ServiceDesk.Sla;
using static HospitalOps.ServiceDesk.Tests.Sla.ExampleCalendars;

namespace HospitalOps.ServiceDesk.Tests.Sla;

public sealed class BusinessCalendarTests
{
    [Fact]
    public void AddWorkingTime_WithinWorkingHours_EndsTheSameDay()
    {
        var office = Office();

        office.AddWorkingTime(Cst("2026-09-15 09:00"), Hours(2)).ShouldBe(Cst("2026-09-15 11:00"));
        office.AddWorkingTime(Cst("2026-09-15 09:00"), Hours(9)).ShouldBe(Cst("2026-09-15 18:00")); // the end of the day, not the next morning
        office.WorkingTimeBetween(Cst("2026-09-15 09:00"), Cst("2026-09-15 11:30")).ShouldBe(Hours(2.5));
    }

    [Fact]
    public void AddWorkingTime_StartingBeforeOrAfterHours_CountsFromTheNextPeriod()
    {
        var office = Office();

        office.AddWorkingTime(Cst("2026-09-15 06:30"), Hours(1)).ShouldBe(Cst("2026-09-15 09:00"));
        office.AddWorkingTime(Cst("2026-09-15 19:00"), Hours(1)).ShouldBe(Cst("2026-09-16 09:00"));
        office.AddWorkingTime(Cst("2026-09-15 18:00"), Hours(1)).ShouldBe(Cst("2026-09-16 09:00"));
        office.WorkingTimeBetween(Cst("2026-09-15 06:30"), Cst("2026-09-16 09:00")).ShouldBe(Hours(11));
    }

    [Fact]
    public void AddWorkingTime_OverTheLunchBreakOfATwoPeriodDay_SkipsTheBreak()
    {
        var split = SplitDay();

        split.AddWorkingTime(Cst("2026-09-15 11:00"), Hours(2)).ShouldBe(Cst("2026-09-15 14:30"));
        split.AddWorkingTime(Cst("2026-09-15 12:15"), Hours(1)).ShouldBe(Cst("2026-09-15 14:30"));
        split.AddWorkingTime(Cst("2026-09-15 11:00"), Hours(1)).ShouldBe(Cst("2026-09-15 12:00"));
        split.AddWorkingTime(Cst("2026-09-15 16:30"), Hours(2)).ShouldBe(Cst("2026-09-16 09:00"));
        split.WorkingTimeBetween(Cst("2026-09-15 11:00"), Cst("2026-09-15 14:00")).ShouldBe(Hours(1.5));
        split.WorkingTimeBetween(Cst("2026-09-15 00:00"), Cst("2026-09-16 00:00")).ShouldBe(Hours(8));
    }

    [Theory]
    [InlineData("2026-09-15 07:59:59.999", false)]
    [InlineData("2026-09-15 08:00", true)]
    [InlineData("2026-09-15 11:59:59.999", true)]
    [InlineData("2026-09-15 12:00", false)] // periods end exclusively
    [InlineData("2026-09-15 12:30", false)]
    [InlineData("2026-09-15 13:30", true)]
    [InlineData("2026-09-15 17:30", false)]
    [InlineData("2026-09-19 10:00", false)] // Saturday
    [InlineData("2026-09-27 10:00", true)] // make-up Sunday
    [InlineData("2026-10-02 10:00", false)] // holiday
    [InlineData("2026-10-10 13:00", false)] // make-up Saturday works as a Monday: lunch break too
    [InlineData("2026-10-10 14:00", true)]
    public void IsWorkingTime_FollowsPeriodsWeekendsHolidaysAndMakeUpDays(string local, bool expected)
    {
        SplitDay().IsWorkingTime(Cst(local)).ShouldBe(expected);
    }

    [Fact]
    public void AddWorkingTime_AcrossAWeekend_ResumesOnMonday()
    {
        var office = Office();

        office.AddWorkingTime(Cst("2026-09-18 17:00"), Hours(3)).ShouldBe(Cst("2026-09-21 10:00"));
        office.AddWorkingTime(Cst("2026-09-19 15:00"), Hours(1)).ShouldBe(Cst("2026-09-21 09:00"));
        office.WorkingTimeBetween(Cst("2026-09-18 17:00"), Cst("2026-09-21 10:00")).ShouldBe(Hours(3));
    }

    [Fact]
    public void AddWorkingTime_AcrossAPublicHolidayRun_SkipsEveryHoliday()
    {
        var office = Office();

        office.AddWorkingTime(Cst("2026-09-30 17:00"), Hours(2)).ShouldBe(Cst("2026-10-08 09:00"));
        office.AddWorkingTime(Cst("2026-10-03 10:00"), Hours(1)).ShouldBe(Cst("2026-10-08 09:00"));
        office.WorkingTimeBetween(Cst("2026-09-30 00:00"), Cst("2026-10-09 00:00")).ShouldBe(Hours(20));
    }

    [Fact]
    public void AddWorkingTime_OverAMakeUpSaturday_CountsIt()
    {
        var office = Office();

        office.AddWorkingTime(Cst("2026-10-09 17:00"), Hours(2)).ShouldBe(Cst("2026-10-10 09:00"));
        office.AddWorkingTime(Cst("2026-10-16 17:00"), Hours(2)).ShouldBe(Cst("2026-10-19 09:00")); // an ordinary Saturday does not
        office.AddWorkingTime(Cst("2026-09-25 17:00"), Hours(2)).ShouldBe(Cst("2026-09-27 09:00")); // the make-up Sunday
        office.WorkingTimeBetween(Cst("2026-10-09 00:00"), Cst("2026-10-12 00:00")).ShouldBe(Hours(20));
    }

    [Fact]
    public void MakeUpWorkday_WorksWithThePeriodsOfTheWeekdayItStandsFor()
    {
        var week = new Dictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>>
        {
            [DayOfWeek.Monday] = [WorkingPeriod.Of("08:00", "18:00")],
            [DayOfWeek.Friday] = [WorkingPeriod.Of("08:00", "16:00")],
        };
        var calendar = new BusinessCalendar(week, [DateOverride.MakeUpWorkday(new DateOnly(2026, 10, 10), DayOfWeek.Friday)]);

        calendar.PeriodsOn(new DateOnly(2026, 10, 10)).ShouldBe([WorkingPeriod.Of("08:00", "16:00")]);
        calendar.WorkingTimeBetween(Cst("2026-10-10 00:00"), Cst("2026-10-11 00:00")).ShouldBe(Hours(8));
        calendar.IsWorkingTime(Cst("2026-10-10 16:30")).ShouldBeFalse();
    }

    [Fact]
    public void NextWorkingStart_IsTheInstantItselfInHours_ElseTheNextPeriodsStart()
    {
        var split = SplitDay();

        split.NextWorkingStart(Cst("2026-09-15 09:10")).ShouldBe(Cst("2026-09-15 09:10"));
        split.NextWorkingStart(Cst("2026-09-15 07:00")).ShouldBe(Cst("2026-09-15 08:00"));
        split.NextWorkingStart(Cst("2026-09-15 12:15")).ShouldBe(Cst("2026-09-15 13:30"));
        split.NextWorkingStart(Cst("2026-09-18 17:30")).ShouldBe(Cst("2026-09-21 08:00"));
        split.NextWorkingStart(Cst("2026-09-30 18:00")).ShouldBe(Cst("2026-10-08 08:00"));
        split.NextWorkingStart(Cst("2026-10-09 20:00")).ShouldBe(Cst("2026-10-10 08:00"));
    }

    [Fact]
    public void AlwaysWorking_CountsClockTimeThroughNightsWeekendsAndHolidays()
    {
        var always = BusinessCalendar.AlwaysWorking();

        always.IsWorkingTime(Cst("2026-10-03 03:00")).ShouldBeTrue();
        always.AddWorkingTime(Cst("2026-09-19 23:00"), Hours(2)).ShouldBe(Cst("2026-09-20 01:00"));
        always.AddWorkingTime(Cst("2026-09-30 17:00"), Hours(24 * 8)).ShouldBe(Cst("2026-10-08 17:00"));
        always.WorkingTimeBetween(Cst("2026-09-30 17:00"), Cst("2026-10-08 17:00")).ShouldBe(Hours(24 * 8));
        always.NextWorkingStart(Cst("2026-10-03 03:00")).ShouldBe(Cst("2026-10-03 03:00"));
    }

    [Fact]
    public void WorkingTimeBetween_IsZeroForAnEmptyOrReversedRange()
    {
        var office = Office();

        office.WorkingTimeBetween(Cst("2026-09-15 10:00"), Cst("2026-09-15 10:00")).ShouldBe(TimeSpan.Zero);
        office.WorkingTimeBetween(Cst("2026-09-15 11:00"), Cst("2026-09-15 10:00")).ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void AddWorkingTime_ZeroIsTheStartItself_NegativeIsRefused()
    {
        Office().AddWorkingTime(Cst("2026-09-19 10:00"), TimeSpan.Zero).ShouldBe(Cst("2026-09-19 10:00"));
        Should.Throw<ArgumentOutOfRangeException>(() => Office().AddWorkingTime(Cst("2026-09-15 10:00"), Hours(-1)));
    }

    [Fact]
    public void AddWorkingTime_AThirtyDayTarget_LandsOnTheWrittenInstant()
    {
        // 300 h = 30 days of 10 h: 13 from September 15 to 30 (with the make-up Sunday), none in the holiday week,
        // and 17 from October 8 (with the make-up Saturday), the last on Thursday the 29th.
        Office().AddWorkingTime(Cst("2026-09-15 08:00"), Hours(300)).ShouldBe(Cst("2026-10-29 18:00"));
    }

    [Fact]
    public void Results_AreUtcInstants()
    {
        Office().AddWorkingTime(Cst("2026-09-15 09:00"), Hours(1)).Offset.ShouldBe(TimeSpan.Zero);
    }
}
