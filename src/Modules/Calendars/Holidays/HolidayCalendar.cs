using System.Globalization;
using Dapper;
using HospitalOps.Calendars.Contracts;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Security;

namespace HospitalOps.Calendars.Holidays;

/// <summary>A date of the calendar as the API shows and takes it: <c>holiday</c> (法定节假日) or <c>workday</c> (调休上班).</summary>
public sealed record HolidayDay(DateOnly Date, string Kind, string? Festival);

/// <summary>The holiday calendar as stored: the days of every year, read whole (a few dozen a year) and replaced a year at a time.</summary>
internal sealed class HolidayCalendar(Databases databases) : IHolidayCalendar
{
    public const string Holiday = "holiday";
    public const string Workday = "workday";

    public async Task<IReadOnlyList<HolidayCalendarDay>> DaysAsync(CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string Day, string Kind, string? Festival)>(new CommandDefinition(
            "SELECT day, kind, festival FROM calendar_days ORDER BY day", cancellationToken: ct));
        return rows.Select(r => new HolidayCalendarDay(ParseDay(r.Day), r.Kind == Holiday ? HolidayKind.Holiday : HolidayKind.MakeUpWorkday, r.Festival)).ToList();
    }

    public async Task<IReadOnlyList<int>> YearsWithDaysAsync(CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var years = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT DISTINCT substr(day, 1, 4) FROM calendar_days", cancellationToken: ct));
        return years.Select(y => int.Parse(y, CultureInfo.InvariantCulture)).Order().ToList();
    }

    public async Task<long> RevisionAsync(CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT revision FROM calendar_revisions WHERE name = 'holidays'", cancellationToken: ct));
    }

    public async Task<List<HolidayDay>> YearAsync(int year, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string Day, string Kind, string? Festival)>(new CommandDefinition(
            "SELECT day, kind, festival FROM calendar_days WHERE day LIKE @year ORDER BY day", new { year = $"{year:D4}-%" }, cancellationToken: ct));
        return rows.Select(r => new HolidayDay(ParseDay(r.Day), r.Kind, r.Festival)).ToList();
    }

    /// <summary>Replaces the year's days (checked by the caller) in one transaction, with the audit entry saying how they came.</summary>
    public async Task ReplaceYearAsync(int year, IReadOnlyList<HolidayDay> days, string how, IAuditTrail audit, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM calendar_days WHERE day LIKE @year", new { year = $"{year:D4}-%" }, tx, cancellationToken: ct));
        foreach (var day in days)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO calendar_days (day, kind, festival) VALUES (@day, @Kind, @Festival)",
                new { day = day.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), day.Kind, day.Festival }, tx, cancellationToken: ct));
        }

        await connection.ExecuteAsync(new CommandDefinition("UPDATE calendar_revisions SET revision = revision + 1 WHERE name = 'holidays'", transaction: tx, cancellationToken: ct));
        await audit.RecordAsync(
            new AuditEntry("calendars.holidays.update", "holiday_calendar", year.ToString(CultureInfo.InvariantCulture), AuditEntry.Success, $"{how}: {days.Count(d => d.Kind == Holiday)} holidays, {days.Count(d => d.Kind == Workday)} make-up days"),
            connection, tx, ct: ct);
        await tx.CommitAsync(ct);
    }

    private static DateOnly ParseDay(string day) => DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
