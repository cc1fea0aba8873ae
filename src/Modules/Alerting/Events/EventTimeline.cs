using System.Data.Common;
using Dapper;

namespace HospitalOps.Alerting.Events;

/// <summary>
/// The timeline of an event: what happened to it and who did it. An entry that should reach people (an event opened or
/// resolved, an escalation) is written with a pending notice, in the same transaction as the change, so notification
/// planning picks it up even after a crash.
/// </summary>
internal static class EventTimeline
{
    public const string Opened = "opened";
    public const string OpenedInMaintenance = "opened_in_maintenance";
    public const string Reopened = "reopened_flapping";
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";
    public const string Escalated = "escalated";
    public const string Correlated = "correlated";
    public const string ChildAttached = "child_attached";

    public static Task AddAsync(DbConnection connection, DbTransaction tx, long eventId, long at, string kind, string? actor, string? detail, bool notify, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO alert_event_log (event_id, at, kind, actor, detail, notice_pending) VALUES (@eventId, @at, @kind, @actor, @detail, @notify)",
            new { eventId, at, kind, actor, detail, notify }, tx, cancellationToken: ct));
}

/// <summary>An entry of an event's timeline.</summary>
public sealed record EventTimelineEntryDto(DateTimeOffset At, string Kind, string? Actor, string? Detail);

internal static class EventTimelineEndpoint
{
    internal static async Task<Microsoft.AspNetCore.Http.IResult> Endpoint(long id, Kernel.Data.Databases databases, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        if (await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT id FROM alert_events WHERE id = @id", new { id }, cancellationToken: ct)) is null)
        {
            throw Kernel.Errors.AppProblem.NotFound();
        }

        var rows = await connection.QueryAsync<(long At, string Kind, string? Actor, string? Detail)>(new CommandDefinition(
            "SELECT at, kind, actor, detail FROM alert_event_log WHERE event_id = @id ORDER BY at, id", new { id }, cancellationToken: ct));
        return Microsoft.AspNetCore.Http.Results.Ok(rows.Select(r => new EventTimelineEntryDto(Kernel.Data.UnixMs.ToTime(r.At), r.Kind, r.Actor, r.Detail)).ToList());
    }
}
