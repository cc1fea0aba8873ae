using System.Diagnostics;

namespace HospitalOps.ServiceDesk.Sla;

/// <summary>
/// When the clock of a target runs: working periods per weekday in a time zone, with dated exceptions (public holidays,
/// make-up working days), or every instant for a 7×24 calendar. All operations take and return instants (returned in
/// UTC) and are exact to the tick; they walk days and periods, never minutes, so a target of weeks costs a few dozen steps.
/// </summary>
/// <remarks>
/// A period's wall-clock bounds become instants in <see cref="Zone"/>. Where a bound does not exist (clocks jump forward
/// over it) the period starts or ends when the clocks jump; where it exists twice (clocks go back) its first occurrence
/// counts. This mapping never goes backwards in time, so adjacent periods never overlap.
/// </remarks>
internal sealed class BusinessCalendar
{
    /// <summary>How far past the last working time a search goes before deciding there is none (so a target on an empty calendar fails instead of looping).</summary>
    public const int SearchHorizonYears = 3;

    private static readonly IReadOnlyList<WorkingPeriod> NoPeriods = [];

    private readonly IReadOnlyList<WorkingPeriod>[] periodsByWeekday = new IReadOnlyList<WorkingPeriod>[7];
    private readonly Dictionary<DateOnly, DateOverride> overrides = [];

    /// <param name="week">The working periods of each weekday; a missing weekday has none. Periods of a day must not overlap.</param>
    /// <param name="overrides">Public holidays and make-up working days, at most one per date.</param>
    /// <param name="zone">The zone the periods are wall-clock times of; Asia/Shanghai when null.</param>
    public BusinessCalendar(IReadOnlyDictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>> week, IEnumerable<DateOverride>? overrides = null, TimeZoneInfo? zone = null)
    {
        Zone = zone ?? DefaultZone;
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            periodsByWeekday[(int)day] = week.TryGetValue(day, out var periods) ? CheckedDay(day, periods) : NoPeriods;
        }

        foreach (var date in overrides ?? [])
        {
            if (!this.overrides.TryAdd(date.Date, date))
            {
                throw new ArgumentException($"{date.Date:yyyy-MM-dd} is listed twice among the calendar's dates.");
            }

            if (date.Kind == DateOverrideKind.MakeUpWorkday && periodsByWeekday[(int)date.WorksAs].Count == 0)
            {
                throw new ArgumentException($"The make-up working day {date.Date:yyyy-MM-dd} works as a {date.WorksAs}, which has no working periods.");
            }
        }

        HasWorkingTime = periodsByWeekday.Any(p => p.Count > 0);
    }

    private BusinessCalendar(TimeZoneInfo zone)
    {
        Zone = zone;
        Array.Fill(periodsByWeekday, NoPeriods);
        IsAlwaysWorking = true;
        HasWorkingTime = true;
    }

    /// <summary>China Standard Time (Asia/Shanghai), or a fixed UTC+8 where the system has no time zone data.</summary>
    public static TimeZoneInfo DefaultZone { get; } =
        TimeZoneInfo.TryFindSystemTimeZoneById("Asia/Shanghai", out var zone) ? zone : TimeZoneInfo.CreateCustomTimeZone("CST", TimeSpan.FromHours(8), "China Standard Time", "CST");

    public TimeZoneInfo Zone { get; }

    /// <summary>7×24: every instant is working time; weekdays, holidays and make-up days do not apply.</summary>
    public bool IsAlwaysWorking { get; }

    /// <summary>False when no weekday has a working period: no target can ever end on this calendar.</summary>
    public bool HasWorkingTime { get; }

    public IReadOnlyCollection<DateOverride> Overrides => overrides.Values;

    /// <summary>A 7×24 calendar: time counts around the clock, every day of the year.</summary>
    public static BusinessCalendar AlwaysWorking(TimeZoneInfo? zone = null) => new(zone ?? DefaultZone);

    /// <summary>The same periods Monday to Friday, weekends off, with the given holidays and make-up days.</summary>
    public static BusinessCalendar MondayToFriday(IReadOnlyList<WorkingPeriod> periods, IEnumerable<DateOverride>? overrides = null, TimeZoneInfo? zone = null)
    {
        var week = new Dictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>>();
        for (var day = DayOfWeek.Monday; day <= DayOfWeek.Friday; day++)
        {
            week[day] = periods;
        }

        return new BusinessCalendar(week, overrides, zone);
    }

    public IReadOnlyList<WorkingPeriod> PeriodsOf(DayOfWeek day) => periodsByWeekday[(int)day];

    /// <summary>The working periods of a local date, after its holiday or make-up override (none for a 7×24 calendar, which has no periods).</summary>
    public IReadOnlyList<WorkingPeriod> PeriodsOn(DateOnly date) =>
        overrides.TryGetValue(date, out var special)
            ? special.Kind == DateOverrideKind.Holiday ? NoPeriods : periodsByWeekday[(int)special.WorksAs]
            : periodsByWeekday[(int)date.DayOfWeek];

    public bool IsWorkingTime(DateTimeOffset instant)
    {
        if (IsAlwaysWorking)
        {
            return true;
        }

        var date = LocalDate(instant);
        for (var day = date.AddDays(-1); day <= date.AddDays(1); day = day.AddDays(1))
        {
            foreach (var range in WorkingRangesOn(day))
            {
                if (range.Contains(instant))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The working time within [<paramref name="from"/>, <paramref name="to"/>); zero when <paramref name="to"/> is not after <paramref name="from"/>.</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return TimeSpan.Zero;
        }

        if (IsAlwaysWorking)
        {
            return to - from;
        }

        var window = new TimeRange(from, to);
        var total = TimeSpan.Zero;
        var last = LocalDate(to).AddDays(1);
        // One day of margin on each side: where clocks go back across midnight, an instant's local date and the day whose period holds it can differ.
        for (var day = LocalDate(from).AddDays(-1); day <= last; day = day.AddDays(1))
        {
            foreach (var range in WorkingRangesOn(day))
            {
                total += range.Intersect(window).Length;
            }
        }

        return total;
    }

    /// <summary>
    /// The instant at which <paramref name="duration"/> of working time has passed since <paramref name="from"/>. Counting starts at
    /// the next working period when <paramref name="from"/> is outside one; a zero duration gives <paramref name="from"/> itself.
    /// </summary>
    /// <exception cref="NoWorkingTimeException">The calendar has no working time, or none for <see cref="SearchHorizonYears"/> years.</exception>
    public DateTimeOffset AddWorkingTime(DateTimeOffset from, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        if (duration == TimeSpan.Zero)
        {
            return from.ToUniversalTime();
        }

        if (IsAlwaysWorking)
        {
            return (from + duration).ToUniversalTime();
        }

        var remaining = duration;
        foreach (var range in WorkingRangesFrom(from))
        {
            if (remaining <= range.Length)
            {
                return range.Start + remaining;
            }

            remaining -= range.Length;
        }

        throw new UnreachableException("WorkingRangesFrom is endless or throws.");
    }

    /// <summary><paramref name="instant"/> itself when it is working time, else the start of the next working period.</summary>
    /// <exception cref="NoWorkingTimeException">The calendar has no working time, or none for <see cref="SearchHorizonYears"/> years.</exception>
    public DateTimeOffset NextWorkingStart(DateTimeOffset instant) =>
        IsAlwaysWorking ? instant.ToUniversalTime() : WorkingRangesFrom(instant).First().Start;

    /// <summary>
    /// The working time from <paramref name="from"/> on, in order, the first one cut at <paramref name="from"/>. Endless for a
    /// calendar with working time (one range to <see cref="DateTimeOffset.MaxValue"/> for 7×24).
    /// </summary>
    /// <exception cref="NoWorkingTimeException">Raised while enumerating, when <see cref="SearchHorizonYears"/> years pass without working time.</exception>
    public IEnumerable<TimeRange> WorkingRangesFrom(DateTimeOffset from)
    {
        if (!HasWorkingTime)
        {
            throw new NoWorkingTimeException("The calendar has no working periods on any weekday, so no target on it can ever end.");
        }

        return IsAlwaysWorking ? [new TimeRange(from.ToUniversalTime(), DateTimeOffset.MaxValue)] : Walk(from.ToUniversalTime());

        IEnumerable<TimeRange> Walk(DateTimeOffset start)
        {
            var lastFound = LocalDate(start);
            for (var day = lastFound.AddDays(-1); ; day = day.AddDays(1))
            {
                foreach (var range in WorkingRangesOn(day))
                {
                    if (range.End > start)
                    {
                        lastFound = day;
                        yield return range.Start < start ? range with { Start = start } : range;
                    }
                }

                if (day > lastFound.AddYears(SearchHorizonYears))
                {
                    throw new NoWorkingTimeException(
                        $"The calendar has no working time for {SearchHorizonYears} years after {lastFound:yyyy-MM-dd} (every working day is a holiday), so the search stopped there.");
                }
            }
        }
    }

    /// <summary>The working periods of a local date as instants (UTC), in order.</summary>
    /// <remarks>
    /// Kept per date once computed: the calendar never changes (an edit builds a new one), and the SLA sweep walks the same few weeks
    /// for thousands of tickets, where the zone's conversions would otherwise be most of its work.
    /// </remarks>
    public IReadOnlyList<TimeRange> WorkingRangesOn(DateOnly date) => rangesByDate.GetOrAdd(date, ComputeWorkingRangesOn);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<DateOnly, TimeRange[]> rangesByDate = new();

    private TimeRange[] ComputeWorkingRangesOn(DateOnly date)
    {
        var midnight = date.ToDateTime(TimeOnly.MinValue);
        return PeriodsOn(date)
            .Select(period => new TimeRange(ToInstant(midnight + period.Start), ToInstant(midnight + period.End)))
            .Where(range => range.End > range.Start)
            .ToArray();
    }

    private DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>The instant of a wall-clock time in <see cref="Zone"/>: the first if it occurs twice, the jump if it never occurs.</summary>
    private DateTimeOffset ToInstant(DateTime local)
    {
        if (Zone.IsAmbiguousTime(local))
        {
            return new DateTimeOffset(local, Zone.GetAmbiguousTimeOffsets(local).Max()).ToUniversalTime();
        }

        if (!Zone.IsInvalidTime(local))
        {
            return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
        }

        // In a gap the offset before the jump puts the instant after it, and the offset after puts it before: bisect for the jump.
        var before = Zone.GetUtcOffset(local.AddDays(-1));
        var after = Zone.GetUtcOffset(local.AddDays(1));
        var earlier = (local - after).Ticks;
        var later = (local - before).Ticks;
        while (later - earlier > 1)
        {
            var middle = earlier + ((later - earlier) / 2);
            if (Zone.GetUtcOffset(new DateTimeOffset(middle, TimeSpan.Zero)) == after)
            {
                later = middle;
            }
            else
            {
                earlier = middle;
            }
        }

        return new DateTimeOffset(later, TimeSpan.Zero);
    }

    private static IReadOnlyList<WorkingPeriod> CheckedDay(DayOfWeek day, IReadOnlyList<WorkingPeriod> periods)
    {
        var ordered = periods.OrderBy(p => p.Start).ToArray();
        for (var i = 1; i < ordered.Length; i++)
        {
            if (ordered[i].Start < ordered[i - 1].End)
            {
                throw new ArgumentException($"The working periods of {day} overlap: {ordered[i - 1]} and {ordered[i]}.");
            }
        }

        return ordered;
    }
}
