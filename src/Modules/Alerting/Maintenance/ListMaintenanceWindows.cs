using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Alerting.Maintenance;

/// <summary>One period a maintenance window is open, for the calendar.</summary>
public sealed record MaintenanceOccurrenceDto(long WindowId, string Name, DateTimeOffset Start, DateTimeOffset End, bool Recurring);

/// <summary>Maintenance windows, the open ones first; one window by id; the periods they are open over a range (the calendar).</summary>
internal static class ListMaintenanceWindows
{
    public const int MaxCalendarDays = 62;
    private const int MaxOccurrencesPerWindow = 500;

    internal static async Task<IResult> Endpoint(Databases databases, TimeProvider clock, AlertingOptions options, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var now = UnixMs.Now(clock);
        var rows = await connection.QueryAsync<MaintenanceWindowRow>(new CommandDefinition($"SELECT {MaintenanceWindowRow.Columns} FROM maintenance_windows ORDER BY name", cancellationToken: ct));
        var items = rows.Select(r => r.ToDto(now, options.Zone)).OrderByDescending(w => w.ActiveNow).ThenBy(w => w.StartsAt ?? DateTimeOffset.MaxValue).ToList();
        return Results.Ok(items);
    }

    internal static async Task<IResult> GetEndpoint(long id, Databases databases, TimeProvider clock, AlertingOptions options, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var row = await SaveMaintenanceWindow.FindAsync(connection, id, null) ?? throw AppProblem.NotFound();
        return Results.Ok(row.ToDto(UnixMs.Now(clock), options.Zone));
    }

    internal static async Task<IResult> CalendarEndpoint(DateTimeOffset? from, DateTimeOffset? to, Databases databases, TimeProvider clock, AlertingOptions options, CancellationToken ct)
    {
        var start = from ?? clock.GetUtcNow();
        var end = to ?? start.AddDays(31);
        if (end <= start || end - start > TimeSpan.FromDays(MaxCalendarDays))
        {
            throw AppProblem.Invalid("to", "invalid_time_range");
        }

        await using var connection = await databases.Config.OpenAsync(ct);
        var rows = await connection.QueryAsync<MaintenanceWindowRow>(new CommandDefinition($"SELECT {MaintenanceWindowRow.Columns} FROM maintenance_windows", cancellationToken: ct));
        return Results.Ok(rows
            .SelectMany(r => r.Occurrences(start, end, options.Zone, MaxOccurrencesPerWindow).Select(o => new MaintenanceOccurrenceDto(r.Id, r.Name, o.Start, o.End, r.Cron is not null)))
            .OrderBy(o => o.Start).ThenBy(o => o.WindowId)
            .ToList());
    }
}
