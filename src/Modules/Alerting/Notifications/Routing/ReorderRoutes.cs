using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Alerting.Notifications.Routing;

/// <summary>Every route's id, in the order routes are to be tried.</summary>
public sealed record ReorderRoutesRequest(IReadOnlyList<long>? Ids);

/// <summary>
/// Puts the routes in a new order at once. The request names every route exactly once, so an order read before someone
/// else added or deleted a route is refused rather than half applied. Positions are renumbered 10, 20, 30… (room for a
/// route placed by hand between two); a route that moves gets a new version, so a form opened before cannot put it back.
/// </summary>
internal sealed class ReorderRoutes(Databases databases, TimeProvider clock, IAuditTrail audit)
{
    public const int Step = 10;

    // Init properties rather than a tuple: Dapper converts column types (int on PostgreSQL, long on SQLite) only for properties.
    private sealed record Row
    {
        public long Id { get; init; }

        public string Name { get; init; } = string.Empty;

        public int Position { get; init; }
    }

    internal static async Task<IResult> Endpoint(ReorderRoutesRequest request, ReorderRoutes reorder, CancellationToken ct) =>
        Results.Ok(await reorder.HandleAsync(request, ct));

    public async Task<List<RouteDto>> HandleAsync(ReorderRoutesRequest request, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var current = (await connection.QueryAsync<Row>(new CommandDefinition(
            "SELECT id AS Id, name AS Name, position AS Position FROM notification_routes", transaction: tx, cancellationToken: ct))).ToDictionary(r => r.Id);
        var ids = request.Ids ?? [];
        if (ids.Count != current.Count || ids.Distinct().Count() != ids.Count || ids.Any(id => !current.ContainsKey(id)))
        {
            throw new AppProblem(400, "invalid_route_order");
        }

        var now = UnixMs.Now(clock);
        var moved = 0;
        for (var i = 0; i < ids.Count; i++)
        {
            var position = (i + 1) * Step;
            if (current[ids[i]].Position != position)
            {
                moved++;
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE notification_routes SET position = @position, updated_at = @now, version = version + 1 WHERE id = @id",
                    new { position, now, id = ids[i] }, tx, cancellationToken: ct));
            }
        }

        if (moved > 0)
        {
            await audit.RecordAsync(
                new AuditEntry("alerting.route.reorder", "notification_route", null, AuditEntry.Success, string.Join(" > ", ids.Select(id => current[id].Name))),
                connection, tx, ct: ct);
        }

        await tx.CommitAsync(ct);
        return (await connection.QueryAsync<NotificationRoute>(new CommandDefinition(
            $"SELECT {NotificationRoute.Columns} FROM notification_routes ORDER BY position, id", cancellationToken: ct))).Select(r => r.ToDto()).ToList();
    }
}
