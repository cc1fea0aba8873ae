using HospitalOps.Calendars.Contracts;
using HospitalOps.Kernel.Errors;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Calendars.Business;

/// <summary>
/// The business calendars, built-in ones first, and the years among this one and the next (in <c>Zone</c>) whose holidays
/// are not entered: calendars that follow holidays count those years as ordinary weeks until they are.
/// </summary>
public sealed record BusinessCalendarList(IReadOnlyList<BusinessCalendarDto> Items, IReadOnlyList<int> HolidayYearsMissing, string Zone);

/// <summary>Reads business calendars: the list (with the holiday years still missing) and one calendar.</summary>
internal static class ListBusinessCalendars
{
    /// <param name="zone">The reader's IANA zone, which decides what "this year" is (Asia/Shanghai when not given); the web app sends the browser's.</param>
    internal static async Task<IResult> Endpoint(string? zone, BusinessCalendarStore store, IHolidayCalendar holidays, TimeProvider clock, CancellationToken ct)
    {
        var zoneId = string.IsNullOrWhiteSpace(zone) ? BusinessCalendarStore.DefaultZone : zone.Trim();
        if (!SaveBusinessCalendar.IsIanaZone(zoneId))
        {
            throw AppProblem.Invalid("zone", "business_calendar_zone_unknown");
        }

        var rows = await store.RowsAsync(ct);
        var thisYear = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(zoneId)).Year;
        var entered = (await holidays.YearsWithDaysAsync(ct)).ToHashSet();
        var missing = new[] { thisYear, thisYear + 1 }.Where(y => !entered.Contains(y)).ToList();
        var items = rows.OrderByDescending(r => r.BuiltIn).ThenBy(r => r.Name, StringComparer.Ordinal).Select(r => r.ToDto()).ToList();
        return Results.Ok(new BusinessCalendarList(items, missing, zoneId));
    }

    internal static async Task<IResult> GetEndpoint(long id, BusinessCalendarStore store, CancellationToken ct) =>
        Results.Ok((await store.RowAsync(id, ct) ?? throw AppProblem.NotFound()).ToDto());
}
