using System.Globalization;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Calendars.Holidays;

/// <summary>The State Council's notice for a year, pasted as published; <c>Apply</c> false shows what it gives without storing it.</summary>
public sealed record ImportHolidayNoticeRequest(string? Text, bool? Apply);

/// <summary>What a notice gives: the year's days, and whether they were stored.</summary>
public sealed record ImportHolidayNoticeResponse(int Year, bool Applied, IReadOnlyList<HolidayDay> Days);

/// <summary>
/// Takes a year's holidays from the State Council's notice (<see cref="HolidayNotice"/>): first shown, then stored in
/// place of the year's days. A notice that contradicts itself is refused with its first mistake and changes nothing.
/// </summary>
internal static class ImportHolidayNotice
{
    public const int MaxTextLength = 20_000;

    internal static async Task<IResult> Endpoint(int year, ImportHolidayNoticeRequest request, HolidayCalendar calendar, IAuditTrail audit, CancellationToken ct)
    {
        SaveHolidays.CheckedYear(year);
        var text = request.Text ?? string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            throw AppProblem.Invalid("text", "required");
        }

        if (text.Length > MaxTextLength)
        {
            throw AppProblem.Invalid("text", "too_long");
        }

        var result = HolidayNotice.Parse(text, year);
        if (result.Errors.Count > 0)
        {
            var first = result.Errors[0];
            var args = first.Values.ToDictionary(v => v.Key, v => v.Value);
            args["item"] = first.Item.ToString(CultureInfo.InvariantCulture);
            args["more"] = (result.Errors.Count - 1).ToString(CultureInfo.InvariantCulture);
            throw new AppProblem(400, first.Code, args);
        }

        var days = SaveHolidays.Checked(year, result.Days.Select(d => new HolidayDay(
            d.Date, d.Kind == HolidayDayKind.Holiday ? HolidayCalendar.Holiday : HolidayCalendar.Workday, d.Festival)).ToList());
        if (request.Apply == true)
        {
            await calendar.ReplaceYearAsync(year, days, "imported from the State Council's notice", audit, ct);
        }

        return Results.Ok(new ImportHolidayNoticeResponse(year, request.Apply == true, days));
    }
}
