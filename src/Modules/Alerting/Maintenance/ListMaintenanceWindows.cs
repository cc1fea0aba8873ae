using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Alerting.Maintenance;

/// <summary>Maintenance windows, the open ones first; one window by id.</summary>
internal static class ListMaintenanceWindows
{
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
}
