using System.Globalization;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Alerting.Baselines;

/// <summary>A date the hospital's calendar sets apart: <c>holiday</c> (法定节假日) or <c>workday</c> (调休上班).</summary>
public sealed record WorkCalendarDay(DateOnly Date, string Kind, string? Note);

/// <summary>The calendar days of one year to store (they replace that year's days).</summary>
public sealed record SaveWorkCalendarRequest(IReadOnlyList<WorkCalendarDay>? Days);

/// <summary>
/// The hospital's holidays and make-up working days as data, a year at a time: published each year, edited or imported by
/// an administrator, never written in code. Baselines read it so a holiday is learned and judged as a rest day.
/// </summary>
internal static class WorkCalendarStore
{
    public const string Holiday = "holiday";
    public const string Workday = "workday";

    public static async Task<WorkCalendar> LoadAsync(Databases databases, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var days = await connection.QueryAsync<(string Day, string Kind)>(new CommandDefinition("SELECT day, kind FROM work_calendar_days", cancellationToken: ct));
        return new WorkCalendar(days.Select(d => new KeyValuePair<DateOnly, CalendarDayKind>(
            DateOnly.ParseExact(d.Day, "yyyy-MM-dd", CultureInfo.InvariantCulture), d.Kind == Holiday ? CalendarDayKind.PublicHoliday : CalendarDayKind.MakeUpWorkday)));
    }

    internal static async Task<IResult> GetEndpoint(int year, Databases databases, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var days = await connection.QueryAsync<(string Day, string Kind, string? Note)>(new CommandDefinition(
            "SELECT day, kind, note FROM work_calendar_days WHERE day LIKE @year ORDER BY day", new { year = $"{year:D4}-%" }, cancellationToken: ct));
        return Results.Ok(days.Select(d => new WorkCalendarDay(DateOnly.ParseExact(d.Day, "yyyy-MM-dd", CultureInfo.InvariantCulture), d.Kind, d.Note)).ToList());
    }

    internal static async Task<IResult> PutEndpoint(int year, SaveWorkCalendarRequest request, Databases databases, IAuditTrail audit, CancellationToken ct)
    {
        var days = request.Days ?? [];
        for (var i = 0; i < days.Count; i++)
        {
            var day = days[i];
            if (day.Date.Year != year)
            {
                throw AppProblem.Invalid($"days[{i}].date", "invalid_date");
            }

            if (day.Kind is not (Holiday or Workday)
                || (day.Kind == Workday && day.Date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                || (day.Kind == Holiday && days.Count(d => d.Date == day.Date) > 1))
            {
                throw AppProblem.Invalid($"days[{i}].kind", "invalid_value");
            }

            if (day.Note is { Length: > 200 })
            {
                throw AppProblem.Invalid($"days[{i}].note", "too_long");
            }
        }

        if (year is < 2000 or > 2100 || days.Count > 366)
        {
            throw AppProblem.Invalid("days", "too_many");
        }

        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM work_calendar_days WHERE day LIKE @year", new { year = $"{year:D4}-%" }, tx, cancellationToken: ct));
        foreach (var day in days.DistinctBy(d => d.Date))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO work_calendar_days (day, kind, note) VALUES (@day, @Kind, @Note)",
                new { day = day.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), day.Kind, day.Note }, tx, cancellationToken: ct));
        }

        await audit.RecordAsync(new AuditEntry("alerting.calendar.update", "work_calendar", year.ToString(CultureInfo.InvariantCulture), AuditEntry.Success, $"{days.Count} days"), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        return await GetEndpoint(year, databases, ct);
    }
}
