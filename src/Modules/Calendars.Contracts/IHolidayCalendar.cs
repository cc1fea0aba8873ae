namespace HospitalOps.Calendars.Contracts;

/// <summary>How a date departs from the ordinary week.</summary>
public enum HolidayKind
{
    /// <summary>A public holiday (法定节假日): a rest day whatever its weekday.</summary>
    Holiday,

    /// <summary>A make-up working day (调休上班): a Saturday or Sunday worked as a working day.</summary>
    MakeUpWorkday,
}

/// <summary>One date of the hospital's holiday calendar and the festival it belongs to, if known.</summary>
public sealed record HolidayCalendarDay(DateOnly Date, HolidayKind Kind, string? Festival);

/// <summary>
/// The public holidays and make-up working days of every year the hospital has entered (the State Council publishes
/// them each year; an administrator imports or edits them under 系统 → 工作日历). Other modules read them: learned
/// baselines treat a holiday as a rest day, SLA clocks stop on it.
/// </summary>
public interface IHolidayCalendar
{
    Task<IReadOnlyList<HolidayCalendarDay>> DaysAsync(CancellationToken ct);

    /// <summary>
    /// The years that have at least one day entered, in order. A year missing here is counted as an ordinary week
    /// (Monday to Friday worked), so pages that rely on holidays warn about it ("2027 年的节假日尚未录入").
    /// </summary>
    Task<IReadOnlyList<int>> YearsWithDaysAsync(CancellationToken ct);

    /// <summary>
    /// A number that changes whenever any year's days are replaced (on every node, as it is stored): whoever caches
    /// something built from <see cref="DaysAsync"/> compares it to know when to rebuild.
    /// </summary>
    Task<long> RevisionAsync(CancellationToken ct);
}
