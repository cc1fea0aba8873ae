using System.Text.Json;
using HospitalOps.Alerting.Baselines;
using HospitalOps.Alerting.Tests.Baselines.Harness;

namespace HospitalOps.Alerting.Tests.Baselines;

public sealed class SeasonalProfileTests
{
    private const long Step = 5 * 60_000;
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly DateOnly Monday = new(2026, 3, 2);

    /// <summary>Working hours (08:00–18:00 local) are 100 on working days, everything else is 10.</summary>
    private static RegularSeries OfficeHours(WorkCalendar calendar, int days)
    {
        var start = LocalDay.Midnight(Shanghai, Monday);
        var values = new double[days * 288];
        for (var i = 0; i < values.Length; i++)
        {
            var date = Monday.AddDays(i / 288);
            var hour = i % 288 / 12.0;
            values[i] = calendar.IsWorkingDay(date) && hour is >= 8 and < 18 ? 100 : 10;
        }

        return new RegularSeries(start, Step, values);
    }

    private static long Local(DateOnly date, double hour) => LocalDay.Midnight(Shanghai, date) + (long)(hour * 3_600_000);

    [Fact]
    public void WorkCalendar_HolidayIsARestDayShapedLikeSunday_MakeUpDayAWorkingDayShapedLikeTheWorkingDaysPooled()
    {
        var calendar = new WorkCalendar([new(new DateOnly(2026, 10, 1), CalendarDayKind.PublicHoliday), new(new DateOnly(2026, 10, 10), CalendarDayKind.MakeUpWorkday)]);

        calendar.IsWorkingDay(new DateOnly(2026, 10, 1)).ShouldBeFalse(); // a Thursday
        calendar.ProfileDayOf(new DateOnly(2026, 10, 1)).ShouldBe(ProfileDay.Sunday);
        calendar.IsWorkingDay(new DateOnly(2026, 10, 10)).ShouldBeTrue(); // a Saturday
        calendar.ProfileDayOf(new DateOnly(2026, 10, 10)).ShouldBe(ProfileDay.WorkingDay);
        calendar.ProfileDayOf(new DateOnly(2026, 10, 8)).ShouldBe(ProfileDay.Thursday);
        calendar.ProfileDayOf(new DateOnly(2026, 10, 11)).ShouldBe(ProfileDay.Sunday);
        WorkCalendar.Ordinary.IsWorkingDay(new DateOnly(2026, 10, 1)).ShouldBeTrue();
    }

    [Fact]
    public void Learn_CountsHolidaysAsRestDays_AndMakeUpDaysAsWorkingDays()
    {
        // Four weeks; two of the four Mondays are holidays and two of the four Saturdays are make-up days. Were they
        // counted by their weekday, Monday and Saturday 10:00 would be the median of 100, 100, 10, 10 = 55.
        var calendar = new WorkCalendar(
        [
            new(Monday, CalendarDayKind.PublicHoliday), new(Monday.AddDays(7), CalendarDayKind.PublicHoliday),
            new(Monday.AddDays(5), CalendarDayKind.MakeUpWorkday), new(Monday.AddDays(12), CalendarDayKind.MakeUpWorkday),
        ]);

        var profile = SeasonalProfile.Learn(OfficeHours(calendar, 28), calendar, new ProfileSettings(Shanghai));

        profile.DaysPerRow[(int)ProfileDay.Monday].ShouldBe(2);
        profile.DaysPerRow[(int)ProfileDay.Saturday].ShouldBe(2);
        profile.DaysPerRow[(int)ProfileDay.Sunday].ShouldBe(6); // four Sundays and the two holidays
        profile.DaysPerRow[(int)ProfileDay.WorkingDay].ShouldBe(20); // 20 weekdays − 2 holidays + 2 make-up days
        profile.DaysPerRow[(int)ProfileDay.RestDay].ShouldBe(8);
        profile.ShapeOf[(int)ProfileDay.Monday].ShouldBe(ProfileDay.WorkingDay, "two Mondays are too few for a shape of their own");
        profile.ShapeOf[(int)ProfileDay.Saturday].ShouldBe(ProfileDay.RestDay);
        profile.ShapeOf[(int)ProfileDay.Tuesday].ShouldBe(ProfileDay.Tuesday);

        var later = Monday.AddDays(28);
        profile.Expected(Local(later, 10), calendar).Centre.ShouldBe(100, 1e-9);
        profile.Expected(Local(later.AddDays(5), 10), calendar).Centre.ShouldBe(10, 1e-9);
        profile.Expected(Local(later.AddDays(6), 10), calendar).Centre.ShouldBe(10, 1e-9);

        // Looking ahead: a holiday on a Tuesday expects a Sunday, a make-up Sunday expects a working day.
        var ahead = new WorkCalendar([new(later.AddDays(1), CalendarDayKind.PublicHoliday), new(later.AddDays(6), CalendarDayKind.MakeUpWorkday)]);
        profile.Expected(Local(later.AddDays(1), 10), ahead).Centre.ShouldBe(10, 1e-9);
        profile.Expected(Local(later.AddDays(6), 10), ahead).Centre.ShouldBe(100, 1e-9);
        profile.Expected(Local(later.AddDays(6), 10), WorkCalendar.Ordinary).Centre.ShouldBe(10, 1e-9);
    }

    [Fact]
    public void Learn_WithOneWeekOfHistory_PoolsWorkingDaysAndRestDays()
    {
        var profile = SeasonalProfile.Learn(OfficeHours(WorkCalendar.Ordinary, 7), WorkCalendar.Ordinary, new ProfileSettings(Shanghai));

        profile.ShapeOf[..5].ShouldAllBe(shape => shape == ProfileDay.WorkingDay);
        profile.ShapeOf[5..7].ShouldAllBe(shape => shape == ProfileDay.RestDay);
        profile.Expected(Local(Monday.AddDays(9), 12), WorkCalendar.Ordinary).Centre.ShouldBe(100, 1e-9);
        profile.Expected(Local(Monday.AddDays(12), 12), WorkCalendar.Ordinary).Centre.ShouldBe(10, 1e-9);
    }

    [Fact]
    public void Learn_AndExpected_ReadDaysAndSlotsOnTheGivenZonesWallClock()
    {
        // 100 all day on Shanghai's working days, 10 on its rest days; Wednesday 18 March is a holiday. Half past
        // midnight on the 18th in Shanghai is 16:30 on the 17th in UTC: a holiday there, an ordinary Tuesday here.
        var start = LocalDay.Midnight(Shanghai, Monday);
        var values = new double[14 * 288];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = WorkCalendar.Ordinary.IsWorkingDay(Monday.AddDays(i / 288)) ? 100 : 10;
        }

        var history = new RegularSeries(start, Step, values);
        var calendar = new WorkCalendar([new(new DateOnly(2026, 3, 18), CalendarDayKind.PublicHoliday)]);
        var at = new DateTimeOffset(2026, 3, 17, 16, 30, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

        SeasonalProfile.Learn(history, calendar, new ProfileSettings(Shanghai)).Expected(at, calendar).Centre.ShouldBe(10, 1e-9);
        SeasonalProfile.Learn(history, calendar, new ProfileSettings(TimeZoneInfo.Utc)).Expected(at, calendar).Centre.ShouldBe(100, 1e-9);
    }

    [Fact]
    public void Learn_GivesAFlatSeriesABandOfItsOwnWidth_NotZero()
    {
        var start = LocalDay.Midnight(Shanghai, Monday);
        var flat = SeasonalProfile.Learn(new RegularSeries(start, Step, Enumerable.Repeat(42.0, 14 * 288).ToArray()), WorkCalendar.Ordinary, new ProfileSettings(Shanghai));
        var zero = SeasonalProfile.Learn(new RegularSeries(start, Step, new double[14 * 288]), WorkCalendar.Ordinary, new ProfileSettings(Shanghai));
        var counted = SeasonalProfile.Learn(new RegularSeries(start, Step, Enumerable.Range(0, 14 * 288).Select(i => i % 97 == 0 ? 6.0 : 5.0).ToArray()), WorkCalendar.Ordinary, new ProfileSettings(Shanghai));

        var band = flat.Expected(start + (15 * 86_400_000L), WorkCalendar.Ordinary);
        band.Spread.ShouldBe(0.42, 1e-9); // 1 % of the level
        band.Contains(42).ShouldBeTrue();
        band.Contains(44).ShouldBeFalse();
        zero.Expected(start, WorkCalendar.Ordinary).Spread.ShouldBe(1); // no scale at all: one unit
        counted.Expected(start, WorkCalendar.Ordinary).Spread.ShouldBe(1); // whole things counted: one of them
    }

    [Fact]
    public void Learn_SkipsMissingSamples_AndRefusesAHistoryWithNone()
    {
        var series = OfficeHours(WorkCalendar.Ordinary, 14);
        var values = series.Values.ToArray();
        for (var i = 0; i < values.Length; i += 3)
        {
            values[i] = double.NaN;
        }

        var profile = SeasonalProfile.Learn(series with { Values = values }, WorkCalendar.Ordinary, new ProfileSettings(Shanghai));

        profile.Expected(Local(Monday.AddDays(15), 10), WorkCalendar.Ordinary).Centre.ShouldBe(100, 1e-9);
        Should.Throw<ArgumentException>(() => SeasonalProfile.Learn(series with { Values = Enumerable.Repeat(double.NaN, 288).ToArray() }, WorkCalendar.Ordinary, new ProfileSettings(Shanghai)));
        Should.Throw<ArgumentException>(() => SeasonalProfile.Learn(series, WorkCalendar.Ordinary, new ProfileSettings(Shanghai, SlotMinutes: 7)));
    }

    [Fact]
    public void Band_HoldsAlmostAllOfAWeekOfNormalHospitalSeries()
    {
        // The clean series of the harness (every sixth), learned from their six weeks, checked on the week that follows
        // (whose Friday is a holiday): noise, day-to-day swings and a rhythm that comes a little early or late included.
        // The detectors' band also lets the rhythm come up to a quarter of an hour early or late.
        var data = SyntheticHospitalSeries.Generate(new SyntheticSettings { SeriesCount = 36 }, Shanghai);
        var (inside, insideWithTolerance, total) = (0, 0, 0);
        foreach (var series in data.Series.Where(s => s.Injected.Count == 0))
        {
            var profile = SeasonalProfile.Learn(series.Data.Slice(data.TrainingStart, data.TestStart), data.Calendar, new ProfileSettings(Shanghai));
            for (var day = 0; day < 7; day++)
            {
                var from = data.TestStart + (day * 86_400_000L);
                var window = BaselineWindow.Of(profile, data.Calendar, series.Data.Slice(from, from + 86_400_000L));
                for (var i = 0; i < window.Count; i++)
                {
                    var value = window.Observed[i];
                    if (!double.IsNaN(value))
                    {
                        total++;
                        inside += profile.Expected(window.TimeAt(i), data.Calendar).Contains(value) ? 1 : 0;
                        insideWithTolerance += value >= window.Low(i) && value <= window.High(i) ? 1 : 0;
                    }
                }
            }
        }

        total.ShouldBeGreaterThan(6 * 1800);
        ((double)inside / total).ShouldBeGreaterThan(0.95);
        ((double)insideWithTolerance / total).ShouldBeGreaterThan(0.98);
    }

    [Fact]
    public void Profile_RoundTripsThroughJson_AndLooksUpTheSame()
    {
        var weeks = new HospitalWeeks();
        var json = JsonSerializer.Serialize(weeks.Profile);
        var back = JsonSerializer.Deserialize<SeasonalProfile>(json)!;

        back.TimeZone.ShouldBe("Asia/Shanghai");
        json.Length.ShouldBeLessThan(20_000);
        foreach (var at in new[] { HospitalWeeks.At(1, 3.2), HospitalWeeks.At(1, 10.5), HospitalWeeks.At(2, 10.5), HospitalWeeks.At(5, 9) })
        {
            back.Expected(at, HospitalWeeks.Calendar).ShouldBe(weeks.Profile.Expected(at, HospitalWeeks.Calendar));
        }
    }
}
