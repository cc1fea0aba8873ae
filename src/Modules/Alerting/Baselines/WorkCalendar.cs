namespace HospitalOps.Alerting.Baselines;

/// <summary>How the hospital's calendar overrides the ordinary week for one date.</summary>
internal enum CalendarDayKind
{
    /// <summary>A public holiday (法定节假日): a rest day whatever its weekday.</summary>
    PublicHoliday,

    /// <summary>A make-up working day (调休上班): a Saturday or Sunday worked as a weekday.</summary>
    MakeUpWorkday,
}

/// <summary>
/// The kind of day a profile keeps a separate shape for: each weekday, and the pooled working and rest days a
/// make-up day and a short history fall back on.
/// </summary>
internal enum ProfileDay
{
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
    WorkingDay,
    RestDay,
}

/// <summary>
/// The hospital's holidays and make-up working days, given as data (published each year by the State Council, edited
/// by the hospital). A holiday has the shape of a Sunday; a make-up day has no weekday of its own, so it takes the
/// shape of the working days pooled.
/// </summary>
internal sealed class WorkCalendar
{
    public static readonly WorkCalendar Ordinary = new([]);

    private readonly Dictionary<DateOnly, CalendarDayKind> _days;

    public WorkCalendar(IEnumerable<KeyValuePair<DateOnly, CalendarDayKind>> days) => _days = new Dictionary<DateOnly, CalendarDayKind>(days);

    /// <summary>The hospital's holiday calendar (kept by the calendars module) as baselines see it.</summary>
    public static WorkCalendar From(IEnumerable<HospitalOps.Calendars.Contracts.HolidayCalendarDay> days) =>
        new(days.Select(d => new KeyValuePair<DateOnly, CalendarDayKind>(
            d.Date, d.Kind == HospitalOps.Calendars.Contracts.HolidayKind.Holiday ? CalendarDayKind.PublicHoliday : CalendarDayKind.MakeUpWorkday)));

    public IReadOnlyDictionary<DateOnly, CalendarDayKind> Days => _days;

    public CalendarDayKind? KindOf(DateOnly date) => _days.TryGetValue(date, out var kind) ? kind : null;

    public bool IsWorkingDay(DateOnly date) => KindOf(date) switch
    {
        CalendarDayKind.PublicHoliday => false,
        CalendarDayKind.MakeUpWorkday => true,
        _ => date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday),
    };

    public ProfileDay ProfileDayOf(DateOnly date) => KindOf(date) switch
    {
        CalendarDayKind.PublicHoliday => ProfileDay.Sunday,
        CalendarDayKind.MakeUpWorkday => ProfileDay.WorkingDay,
        _ => Weekday(date.DayOfWeek),
    };

    public static ProfileDay Weekday(DayOfWeek day) => (ProfileDay)(((int)day + 6) % 7);

    public static bool IsWeekend(ProfileDay day) => day is ProfileDay.Saturday or ProfileDay.Sunday or ProfileDay.RestDay;
}
