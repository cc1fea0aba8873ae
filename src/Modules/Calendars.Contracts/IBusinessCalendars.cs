namespace HospitalOps.Calendars.Contracts;

/// <summary>
/// One working period of a day as wall-clock times of the calendar's zone: [<see cref="From"/>, <see cref="To"/>).
/// <see cref="To"/> may be 24:00 (the end of the day).
/// </summary>
public sealed record BusinessPeriod(TimeSpan From, TimeSpan To);

/// <summary>
/// A business calendar (服务时间日历) as the service desk's SLA clocks read it: when time counts.
/// </summary>
/// <param name="Id">Its id; SLA policies name a calendar by it.</param>
/// <param name="TimeZone">The IANA zone its periods are wall-clock times of (Asia/Shanghai unless chosen otherwise).</param>
/// <param name="AlwaysOpen">7×24: every instant counts; <paramref name="Week"/> is empty and holidays do not apply.</param>
/// <param name="FollowsHolidays">
/// Public holidays (法定节假日) are days off, and make-up working days (调休上班) are worked with the periods of
/// <paramref name="MakeUpDaysWorkAs"/>. False: the calendar keeps its week whatever the holiday calendar says.
/// </param>
/// <param name="Week">The periods of each weekday, in order; a weekday not listed has none.</param>
/// <param name="MakeUpDaysWorkAs">
/// The weekday whose periods a make-up working day gets: the first weekday from Monday that has periods (the ordinary
/// working day: Monday for a Monday–Friday calendar). Null only for a 7×24 calendar.
/// </param>
/// <param name="Version">Grows with every change of the definition; a cache compares it to know when to rebuild.</param>
public sealed record BusinessCalendarDefinition(
    long Id,
    string Name,
    string TimeZone,
    bool AlwaysOpen,
    bool FollowsHolidays,
    IReadOnlyDictionary<DayOfWeek, IReadOnlyList<BusinessPeriod>> Week,
    DayOfWeek? MakeUpDaysWorkAs,
    int Version);

/// <summary>The business calendars an administrator keeps under 系统 → 工作日历 → 服务时间 ("工作时间", "7×24", …).</summary>
public interface IBusinessCalendars
{
    /// <summary>The calendar, or null when there is none with this id (deleted, or never existed).</summary>
    Task<BusinessCalendarDefinition?> GetAsync(long id, CancellationToken ct);

    /// <summary>Every calendar, by name.</summary>
    Task<IReadOnlyList<BusinessCalendarDefinition>> ListAsync(CancellationToken ct);
}

/// <summary>
/// Implemented by a module whose objects name a business calendar (the service desk's SLA policies, on-call rosters…),
/// and registered as a service of this interface: a calendar something still uses cannot be deleted, and the refusal
/// lists what uses it.
/// </summary>
public interface IBusinessCalendarUsage
{
    /// <summary>What uses the calendar, each said so a reader finds it (e.g. "SLA 策略 P1 故障"); empty when nothing does.</summary>
    Task<IReadOnlyList<string>> UsesAsync(long calendarId, CancellationToken ct);
}
