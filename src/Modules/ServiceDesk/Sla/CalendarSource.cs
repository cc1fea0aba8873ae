using System.Collections.Concurrent;
using HospitalOps.Calendars.Contracts;

namespace HospitalOps.ServiceDesk.Sla;

/// <summary>
/// The <see cref="BusinessCalendar"/> an SLA policy names, built from the Calendars module's definition (periods per
/// weekday, zone, 7×24) and, when the calendar follows holidays, the hospital's public holidays (no working time) and
/// make-up working days (the periods of <see cref="BusinessCalendarDefinition.MakeUpDaysWorkAs"/>, the calendar's
/// ordinary working day). Built calendars are kept per id and rebuilt when the definition's version or the holiday
/// calendar's revision moves, so an edit made on any node counts from the next read on.
/// </summary>
internal sealed class CalendarSource(IBusinessCalendars calendars, IHolidayCalendar holidays) : ISlaCalendarSource
{
    private readonly ConcurrentDictionary<long, Built> cache = new();

    /// <summary>The calendar, or null when none has this id.</summary>
    /// <exception cref="TimeZoneNotFoundException">This server does not know the calendar's zone.</exception>
    public async Task<BusinessCalendar?> GetAsync(long id, CancellationToken ct)
    {
        var definition = await calendars.GetAsync(id, ct);
        if (definition is null)
        {
            cache.TryRemove(id, out _);
            return null;
        }

        // The revision is read before the days: should the days change in between, the next read sees a newer revision and rebuilds.
        var revision = definition.FollowsHolidays ? await holidays.RevisionAsync(ct) : 0;
        if (cache.TryGetValue(id, out var built) && built.Version == definition.Version && built.HolidayRevision == revision)
        {
            return built.Calendar;
        }

        var calendar = Build(definition, definition.FollowsHolidays ? await holidays.DaysAsync(ct) : []);
        cache[id] = new Built(definition.Version, revision, calendar);
        return calendar;
    }

    /// <summary>The calendar a definition describes, with the given holiday days (ignored unless it follows holidays).</summary>
    public static BusinessCalendar Build(BusinessCalendarDefinition definition, IReadOnlyList<HolidayCalendarDay> days)
    {
        var zone = definition.TimeZone == "Asia/Shanghai" ? BusinessCalendar.DefaultZone : TimeZoneInfo.FindSystemTimeZoneById(definition.TimeZone);
        if (definition.AlwaysOpen)
        {
            return BusinessCalendar.AlwaysWorking(zone);
        }

        var week = definition.Week.ToDictionary(
            d => d.Key,
            d => (IReadOnlyList<WorkingPeriod>)d.Value.Select(p => new WorkingPeriod(p.From, p.To)).ToList());
        var overrides = definition.FollowsHolidays && definition.MakeUpDaysWorkAs is { } worksAs
            ? days.Select(d => d.Kind == HolidayKind.Holiday
                ? DateOverride.Holiday(d.Date, d.Festival)
                : DateOverride.MakeUpWorkday(d.Date, worksAs, d.Festival))
            : [];
        return new BusinessCalendar(week, overrides, zone);
    }

    private sealed record Built(int Version, long HolidayRevision, BusinessCalendar Calendar);
}
