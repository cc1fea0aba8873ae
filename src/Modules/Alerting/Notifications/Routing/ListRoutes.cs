using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Alerting.Notifications.Routing;

/// <summary>The notification routes in the order they are tried.</summary>
internal static class ListRoutes
{
    internal static async Task<IResult> Endpoint(Databases databases, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var rows = await connection.QueryAsync<NotificationRoute>(new CommandDefinition(
            $"SELECT {NotificationRoute.Columns} FROM notification_routes ORDER BY position, id", cancellationToken: ct));
        return Results.Ok(rows.Select(r => r.ToDto()).ToList());
    }

    internal static async Task<IResult> GetEndpoint(long id, Databases databases, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        return Results.Ok((await SaveRoute.FindAsync(connection, id, null) ?? throw AppProblem.NotFound()).ToDto());
    }
}
