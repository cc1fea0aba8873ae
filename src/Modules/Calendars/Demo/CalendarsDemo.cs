using HospitalOps.Calendars.Holidays;
using HospitalOps.Kernel.Demo;
using HospitalOps.Kernel.Security;

namespace HospitalOps.Calendars.Demo;

/// <summary>
/// The demo hospital's holiday calendar: 2026 as the State Council arranged it (notice-2026.txt, the notice's items as
/// published), taken in through the same reading an administrator's import uses. A year already entered is left alone.
/// The built-in business calendars (工作时间, 7×24) need nothing here: every install seeds them at start
/// (<see cref="Business.SeedBuiltInBusinessCalendars"/>).
/// </summary>
internal sealed class CalendarsDemo(HolidayCalendar calendar, IAuditTrail audit) : IDemoData
{
    public const int Year = 2026;

    public int Order => 15;

    public async Task LoadAsync(CancellationToken ct)
    {
        if ((await calendar.YearAsync(Year, ct)).Count > 0)
        {
            return;
        }

        await using var notice = typeof(CalendarsDemo).Assembly.GetManifestResourceStream($"{typeof(CalendarsDemo).Namespace}.notice-{Year}.txt")
            ?? throw new InvalidOperationException($"the demo's notice for {Year} is not in the assembly");
        using var reader = new StreamReader(notice);
        var result = HolidayNotice.Parse(await reader.ReadToEndAsync(ct), Year);
        if (result.Errors.Count > 0)
        {
            throw new InvalidOperationException($"the demo's notice for {Year} does not read: {result.Errors[0].Code}");
        }

        var days = result.Days.Select(d => new HolidayDay(d.Date, d.Kind == HolidayDayKind.Holiday ? HolidayCalendar.Holiday : HolidayCalendar.Workday, d.Festival)).ToList();
        await calendar.ReplaceYearAsync(Year, SaveHolidays.Checked(Year, days), "demo: the State Council's notice", audit, ct);
    }
}
