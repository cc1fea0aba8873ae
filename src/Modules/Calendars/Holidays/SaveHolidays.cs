using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Calendars.Holidays;

/// <summary>The days of one year to store (they replace that year's days).</summary>
public sealed record SaveHolidaysRequest(IReadOnlyList<HolidayDay>? Days);

/// <summary>Reads and replaces a year of the holiday calendar, as an administrator edits it day by day.</summary>
internal static class SaveHolidays
{
    internal static async Task<IResult> GetEndpoint(int year, HolidayCalendar calendar, CancellationToken ct) =>
        Results.Ok(await calendar.YearAsync(CheckedYear(year), ct));

    internal static async Task<IResult> PutEndpoint(int year, SaveHolidaysRequest request, HolidayCalendar calendar, IAuditTrail audit, CancellationToken ct)
    {
        var days = Checked(CheckedYear(year), request.Days ?? []);
        await calendar.ReplaceYearAsync(year, days, "edited", audit, ct);
        return Results.Ok(await calendar.YearAsync(year, ct));
    }

    internal static int CheckedYear(int year) => year is >= 2000 and <= 2100 ? year : throw AppProblem.Invalid("year", "invalid_year");

    /// <summary>A year's days as they may be stored: each date once, in that year, a make-up day only on a weekend.</summary>
    internal static List<HolidayDay> Checked(int year, IReadOnlyList<HolidayDay> days)
    {
        if (days.Count > 366)
        {
            throw AppProblem.Invalid("days", "too_many_days");
        }

        for (var i = 0; i < days.Count; i++)
        {
            var day = days[i];
            if (day.Date.Year != year)
            {
                throw AppProblem.Invalid($"days[{i}].date", "date_not_in_year");
            }

            if (day.Kind is not (HolidayCalendar.Holiday or HolidayCalendar.Workday))
            {
                throw AppProblem.Invalid($"days[{i}].kind", "invalid_value");
            }

            if (day.Kind == HolidayCalendar.Workday && day.Date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                throw AppProblem.Invalid($"days[{i}].kind", "workday_not_weekend");
            }

            if (days.Take(i).Any(d => d.Date == day.Date))
            {
                throw AppProblem.Invalid($"days[{i}].date", "date_twice");
            }

            if (day.Festival is { Length: > 100 })
            {
                throw AppProblem.Invalid($"days[{i}].festival", "too_long");
            }
        }

        return days.OrderBy(d => d.Date).Select(d => d with { Festival = string.IsNullOrWhiteSpace(d.Festival) ? null : d.Festival.Trim() }).ToList();
    }
}
