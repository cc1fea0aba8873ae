using System.Globalization;
using HospitalOps.ServiceDesk.Sla;

namespace HospitalOps.ServiceDesk.Tests.Sla;

/// <summary>
/// Calendars for the tests. The dates are EXAMPLE DATA shaped like a National Day week, not the official schedule of any year:
/// Thu 2026-10-01 to Wed 2026-10-07 are holidays, Sun 2026-09-27 and Sat 2026-10-10 are make-up working days.
/// </summary>
internal static class ExampleCalendars
{
    public static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public static readonly DateOverride[] NationalDayWeek =
    [
        .. Enumerable.Range(1, 7).Select(day => DateOverride.Holiday(new DateOnly(2026, 10, day), "国庆节")),
        DateOverride.MakeUpWorkday(new DateOnly(2026, 9, 27), name: "国庆调休"),
        DateOverride.MakeUpWorkday(new DateOnly(2026, 10, 10), name: "国庆调休"),
    ];

    /// <summary>Monday to Friday 08:00–18:00 (the contracts' "work hours"), with the example holidays.</summary>
    public static BusinessCalendar Office() => BusinessCalendar.MondayToFriday([WorkingPeriod.Of("08:00", "18:00")], NationalDayWeek);

    /// <summary>Monday to Friday 08:00–12:00 and 13:30–17:30, with the example holidays.</summary>
    public static BusinessCalendar SplitDay() =>
        BusinessCalendar.MondayToFriday([WorkingPeriod.Of("08:00", "12:00"), WorkingPeriod.Of("13:30", "17:30")], NationalDayWeek);

    /// <summary>An instant given as Shanghai wall-clock time, e.g. "2026-09-15 09:00" or "2026-09-15 09:00:00.123".</summary>
    public static DateTimeOffset Cst(string local) => In(local, "+08:00");

    /// <summary>An instant given with its offset, e.g. In("2026-03-27 17:00", "+01:00").</summary>
    public static DateTimeOffset In(string local, string offset) =>
        DateTimeOffset.ParseExact($"{local} {offset}", ["yyyy-MM-dd HH:mm zzz", "yyyy-MM-dd HH:mm:ss.fff zzz"], CultureInfo.InvariantCulture, DateTimeStyles.None);

    public static TimeSpan Hours(double hours) => TimeSpan.FromHours(hours);

    public static TimeSpan Minutes(double minutes) => TimeSpan.FromMinutes(minutes);
}
