using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Alerting.Events;

/// <summary>Why the event was closed by hand (what was done).</summary>
public sealed record ResolveEventRequest(string? Note);

/// <summary>
/// Closes an event by hand (from the event page or the link in a message, on a phone): it is recorded with who and why,
/// and the resolution is notified like an automatic one. If its alert keeps firing, no new event opens until the alert
/// has resolved and fires again.
/// </summary>
internal static class ResolveEvent
{
    internal static async Task<IResult> Endpoint(long id, ResolveEventRequest? request, HttpContext context, Databases databases, IAuditTrail audit, TimeProvider clock,
        Notifications.Delivery.NotificationSignal notifications, Microsoft.Extensions.DependencyInjection.IServiceScopeFactory scopes, CancellationToken ct)
    {
        var note = string.IsNullOrWhiteSpace(request?.Note) ? null : request.Note.Trim();
        if (note is { Length: > 1000 })
        {
            throw AppProblem.Invalid("note", "too_long");
        }

        var user = CurrentUser.Of(context);
        await using (var connection = await databases.Config.OpenAsync(ct))
        await using (var tx = await Database.BeginWriteAsync(connection, ct))
        {
            var state = await connection.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT state FROM alert_events WHERE id = @id", new { id }, tx, cancellationToken: ct))
                ?? throw AppProblem.NotFound();
            if (state == EventBook.Resolved)
            {
                throw AppProblem.Conflict("event_resolved");
            }

            var now = UnixMs.Now(clock);
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE alert_events SET state = 'resolved', resolved_at = @now, version = version + 1 WHERE id = @id", new { now, id }, tx, cancellationToken: ct));
            await EventTimeline.AddAsync(connection, tx, id, now, EventTimeline.Resolved, user.UserName, note, notify: true, ct);
            await audit.RecordAsync(new AuditEntry("alerting.event.resolve", "alert_event", id.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditEntry.Success, note), connection, tx, ct: ct);
            await tx.CommitAsync(ct);
        }

        notifications.Pulse();
        return await ListEvents.GetEndpoint(id, databases, scopes, ct);
    }
}
