using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Alerting.Events;

/// <summary>The events to acknowledge (at most 500 at once).</summary>
public sealed record AcknowledgeEventsRequest(IReadOnlyList<long>? Ids);

/// <summary>How many of the asked events were acknowledged now, and how many were already acknowledged or resolved.</summary>
public sealed record AcknowledgeEventsResult(int Acknowledged, int Skipped);

/// <summary>
/// Acknowledges firing events: the person handling them is recorded with the time. Acknowledged and resolved events
/// are left as they are (so two people acknowledging at once do not overwrite each other's name).
/// </summary>
internal static class AcknowledgeEvents
{
    public const int MaxIds = 500;

    internal static async Task<IResult> OneEndpoint(long id, HttpContext context, Databases databases, IAuditTrail audit, TimeProvider clock,
        Microsoft.Extensions.DependencyInjection.IServiceScopeFactory scopes, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var state = await connection.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT state FROM alert_events WHERE id = @id", new { id }, cancellationToken: ct))
            ?? throw AppProblem.NotFound();
        if (state == EventBook.Resolved)
        {
            throw AppProblem.Conflict("event_resolved");
        }

        await AcknowledgeAsync(databases, audit, clock, CurrentUser.Of(context), [id], ct);
        return await ListEvents.GetEndpoint(id, databases, scopes, ct);
    }

    internal static async Task<IResult> BulkEndpoint(AcknowledgeEventsRequest request, HttpContext context, Databases databases, IAuditTrail audit, TimeProvider clock, CancellationToken ct)
    {
        var ids = (request.Ids ?? []).Distinct().ToList();
        if (ids.Count is 0 or > MaxIds)
        {
            throw AppProblem.Invalid("ids", ids.Count == 0 ? "required" : "too_many");
        }

        var acknowledged = await AcknowledgeAsync(databases, audit, clock, CurrentUser.Of(context), ids, ct);
        return Results.Ok(new AcknowledgeEventsResult(acknowledged, ids.Count - acknowledged));
    }

    private static async Task<int> AcknowledgeAsync(Databases databases, IAuditTrail audit, TimeProvider clock, CurrentUser user, IReadOnlyList<long> ids, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var list = SqlIn.List("id", ids, new DynamicParameters());
        var changed = (await connection.QueryAsync<long>(new CommandDefinition(
            $"SELECT id FROM alert_events WHERE id IN {list} AND state = 'firing' ORDER BY id", transaction: tx, cancellationToken: ct))).ToList();
        if (changed.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE alert_events SET state = 'acknowledged', acknowledged_by = @name, acknowledged_at = @now, version = version + 1 WHERE id IN {SqlIn.List("id", changed, new DynamicParameters())}",
                new { name = user.UserName, now = UnixMs.Now(clock) }, tx, cancellationToken: ct));
            foreach (var id in changed)
            {
                await EventTimeline.AddAsync(connection, tx, id, UnixMs.Now(clock), EventTimeline.Acknowledged, user.UserName, null, notify: false, ct);
                await audit.RecordAsync(new AuditEntry("alerting.event.acknowledge", "alert_event", id.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditEntry.Success, null), connection, tx, ct: ct);
            }
        }

        await tx.CommitAsync(ct);
        return changed.Count;
    }
}
