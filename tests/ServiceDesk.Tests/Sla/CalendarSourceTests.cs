using HospitalOps.Calendars.Contracts;
using HospitalOps.ServiceDesk.Sla;
using static HospitalOps.ServiceDesk.Tests.Sla.ExampleCalendars;

namespace HospitalOps.ServiceDesk.Tests.Sla;

/// <summary>
/// Business calendars as the Calendars module defines them, turned into the SLA engine's calendars, on the State Council's
/// real arrangement for autumn 2026: 中秋节 Fri 9-25 to Sun 9-27 off; 国庆节 Thu 10-01 to Wed 10-07 off, Sun 9-20 and
/// Sat 10-10 worked (调休上班).
/// </summary>
public sealed class CalendarSourceTests
{
    private static readonly HolidayCalendarDay[] Autumn2026 =
    [
        .. Enumerable.Range(25, 3).Select(d => new HolidayCalendarDay(new DateOnly(2026, 9, d), HolidayKind.Holiday, "中秋节")),
        .. Enumerable.Range(1, 7).Select(d => new HolidayCalendarDay(new DateOnly(2026, 10, d), HolidayKind.Holiday, "国庆节")),
        new(new DateOnly(2026, 9, 20), HolidayKind.MakeUpWorkday, "国庆节"),
        new(new DateOnly(2026, 10, 10), HolidayKind.MakeUpWorkday, "国庆节"),
    ];

    private static BusinessCalendarDefinition Office(long id = 1, int version = 1, bool followsHolidays = true, string zone = "Asia/Shanghai") => new(
        id,
        "工作时间（周一至周五 8:00–18:00）",
        zone,
        AlwaysOpen: false,
        followsHolidays,
        Enumerable.Range(1, 5).ToDictionary(d => (DayOfWeek)d, _ => (IReadOnlyList<BusinessPeriod>)[new BusinessPeriod(TimeSpan.FromHours(8), TimeSpan.FromHours(18))]),
        DayOfWeek.Monday,
        version);

    private static BusinessCalendarDefinition AlwaysOpen(long id = 2) =>
        new(id, "7×24", "Asia/Shanghai", AlwaysOpen: true, FollowsHolidays: false, new Dictionary<DayOfWeek, IReadOnlyList<BusinessPeriod>>(), null, 1);

    private static BusinessCalendar OfficeOnAutumn2026() => CalendarSource.Build(Office(), Autumn2026);

    [Fact]
    public void Office_ATicketOpenedTheAfternoonBeforeNationalDay_FallsDueTheThursdayAfter()
    {
        // 2 h on Wed 9-30 (16:00–18:00), nothing from 10-01 to 10-07, 2 h on Thu 10-08
        OfficeOnAutumn2026().AddWorkingTime(Cst("2026-09-30 16:00"), Hours(4)).ShouldBe(Cst("2026-10-08 10:00"));
    }

    [Fact]
    public void Office_TheMakeUpSaturdayAfterNationalDay_IsWorkedAsAMonday()
    {
        // 1 h on Fri 10-09 (17:00–18:00), then Sat 10-10 from 08:00
        OfficeOnAutumn2026().AddWorkingTime(Cst("2026-10-09 17:00"), Hours(3)).ShouldBe(Cst("2026-10-10 10:00"));
        OfficeOnAutumn2026().IsWorkingTime(Cst("2026-10-10 17:59")).ShouldBeTrue();
        OfficeOnAutumn2026().IsWorkingTime(Cst("2026-10-11 09:00")).ShouldBeFalse();
    }

    [Fact]
    public void Office_TheMakeUpSundayBeforeIt_IsWorked_AndMidAutumnIsNot()
    {
        // Sat 9-19 is an ordinary Saturday; Sun 9-20 is worked from 08:00
        OfficeOnAutumn2026().AddWorkingTime(Cst("2026-09-19 09:00"), Hours(5)).ShouldBe(Cst("2026-09-20 13:00"));
        // Thu 9-24 09:00–18:00 is 9 h; Fri 9-25 (中秋节) to Sun 9-27 are off; Mon 9-28 gives 10 h; the last hour is Tue 9-29
        OfficeOnAutumn2026().AddWorkingTime(Cst("2026-09-24 09:00"), Hours(20)).ShouldBe(Cst("2026-09-29 09:00"));
    }

    [Fact]
    public void Office_WorkingTimeAcrossNationalDay_CountsTheDaysWorked()
    {
        // Wed 9-30, Thu 10-08, Fri 10-09 and the make-up Sat 10-10: four days of 10 h
        OfficeOnAutumn2026().WorkingTimeBetween(Cst("2026-09-30 00:00"), Cst("2026-10-12 00:00")).ShouldBe(Hours(40));
    }

    [Fact]
    public void ACalendarThatDoesNotFollowHolidays_WorksOnNationalDay_AndNotOnTheMakeUpSaturday()
    {
        var calendar = CalendarSource.Build(Office(followsHolidays: false), Autumn2026);

        calendar.AddWorkingTime(Cst("2026-09-30 16:00"), Hours(4)).ShouldBe(Cst("2026-10-01 10:00"));
        calendar.IsWorkingTime(Cst("2026-10-10 09:00")).ShouldBeFalse();
    }

    [Fact]
    public void AlwaysOpen_CountsEveryHourOfNationalDay()
    {
        var calendar = CalendarSource.Build(AlwaysOpen(), Autumn2026);

        calendar.IsAlwaysWorking.ShouldBeTrue();
        calendar.AddWorkingTime(Cst("2026-09-30 16:00"), Hours(4)).ShouldBe(Cst("2026-09-30 20:00"));
        calendar.AddWorkingTime(Cst("2026-10-01 23:30"), Hours(1)).ShouldBe(Cst("2026-10-02 00:30"));
        calendar.WorkingTimeBetween(Cst("2026-09-30 00:00"), Cst("2026-10-12 00:00")).ShouldBe(Hours(12 * 24));
    }

    [Fact]
    public void AMakeUpDay_WorksWithThePeriodsOfTheWeekdayTheDefinitionNames()
    {
        // Tuesday 09:00–12:00 only, Wednesday to Friday 08:00–18:00: the make-up Saturday works Tuesday's morning
        var week = new Dictionary<DayOfWeek, IReadOnlyList<BusinessPeriod>>
        {
            [DayOfWeek.Tuesday] = [new BusinessPeriod(TimeSpan.FromHours(9), TimeSpan.FromHours(12))],
            [DayOfWeek.Wednesday] = [new BusinessPeriod(TimeSpan.FromHours(8), TimeSpan.FromHours(18))],
            [DayOfWeek.Thursday] = [new BusinessPeriod(TimeSpan.FromHours(8), TimeSpan.FromHours(18))],
            [DayOfWeek.Friday] = [new BusinessPeriod(TimeSpan.FromHours(8), TimeSpan.FromHours(18))],
        };
        var calendar = CalendarSource.Build(new BusinessCalendarDefinition(3, "周二上午起", "Asia/Shanghai", false, true, week, DayOfWeek.Tuesday, 1), Autumn2026);

        calendar.WorkingRangesOn(new DateOnly(2026, 10, 10)).ShouldBe([new TimeRange(Cst("2026-10-10 09:00"), Cst("2026-10-10 12:00"))]);
    }

    [Fact]
    public void TheCalendarsZone_PlacesItsPeriods()
    {
        var berlin = CalendarSource.Build(Office(zone: "Europe/Berlin"), []);

        // Mon 2026-10-12 17:30 in Berlin (CEST) is 23:30 in Shanghai
        berlin.IsWorkingTime(In("2026-10-12 17:30", "+02:00")).ShouldBeTrue();
        OfficeOnAutumn2026().IsWorkingTime(In("2026-10-12 17:30", "+02:00")).ShouldBeFalse();
    }

    [Fact]
    public async Task TheSource_KeepsABuiltCalendar_UntilTheDefinitionOrTheHolidaysChange()
    {
        var definitions = new FakeCalendars { [1] = Office(version: 1), [2] = AlwaysOpen() };
        var holidays = new FakeHolidays { Days = [], Revision = 7 };
        var source = new CalendarSource(definitions, holidays);

        var first = await source.GetAsync(1, CancellationToken.None);
        (await source.GetAsync(1, CancellationToken.None)).ShouldBeSameAs(first);
        holidays.DaysRead.ShouldBe(1);
        // no holidays entered yet: 10-01 is an ordinary Thursday
        first!.IsWorkingTime(Cst("2026-10-01 09:00")).ShouldBeTrue();

        holidays.Days = Autumn2026;
        holidays.Revision = 8;
        var withHolidays = await source.GetAsync(1, CancellationToken.None);
        withHolidays.ShouldNotBeSameAs(first);
        withHolidays!.IsWorkingTime(Cst("2026-10-01 09:00")).ShouldBeFalse();

        definitions[1] = Office(version: 2, followsHolidays: false);
        var edited = await source.GetAsync(1, CancellationToken.None);
        edited.ShouldNotBeSameAs(withHolidays);
        edited!.IsWorkingTime(Cst("2026-10-01 09:00")).ShouldBeTrue();

        (await source.GetAsync(2, CancellationToken.None))!.IsAlwaysWorking.ShouldBeTrue();
        definitions.Remove(1);
        (await source.GetAsync(1, CancellationToken.None)).ShouldBeNull();
    }

    private sealed class FakeCalendars : Dictionary<long, BusinessCalendarDefinition>, IBusinessCalendars
    {
        public Task<BusinessCalendarDefinition?> GetAsync(long id, CancellationToken ct) => Task.FromResult(TryGetValue(id, out var d) ? d : null);

        public Task<IReadOnlyList<BusinessCalendarDefinition>> ListAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<BusinessCalendarDefinition>>(Values.ToList());
    }

    private sealed class FakeHolidays : IHolidayCalendar
    {
        public IReadOnlyList<HolidayCalendarDay> Days { get; set; } = [];

        public long Revision { get; set; }

        public int DaysRead { get; private set; }

        public Task<IReadOnlyList<HolidayCalendarDay>> DaysAsync(CancellationToken ct)
        {
            DaysRead++;
            return Task.FromResult(Days);
        }

        public Task<IReadOnlyList<int>> YearsWithDaysAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<int>>(Days.Select(d => d.Date.Year).Distinct().Order().ToList());

        public Task<long> RevisionAsync(CancellationToken ct) => Task.FromResult(Revision);
    }
}
