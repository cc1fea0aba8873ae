using System.Data.Common;
using Dapper;

namespace HospitalOps.ServiceDesk.Tickets;

/// <summary>
/// The timeline of a ticket: every change, who made it and when, written in the transaction of the change. Transitions carry the
/// states they moved between (the SLA clocks are computed from them); other entries say what changed in <c>detail</c>.
/// </summary>
internal static class TicketLog
{
    public const string Created = "created";
    public const string Transition = "transition";
    public const string Updated = "updated";
    public const string Assigned = "assigned";
    public const string Commented = "commented";
    public const string CollaboratorAdded = "collaborator_added";
    public const string Notified = "notified";
    public const string Linked = "linked";
    public const string Rated = "rated";
    public const string SlaBreached = "sla_breached";
    public const string AlertUpdate = "alert_update";
    public const string PlanMatched = "plan_matched";
    public const string StepDone = "step_done";
    public const string Escalated = "escalated";
    public const string KnowledgeDrafted = "knowledge_drafted";

    /// <summary>A dispatch rule chose the new ticket's team and assignee; the detail is JSON (rule, team, assignee).</summary>
    public const string Dispatched = "dispatched";

    public static Task AddAsync(DbConnection connection, DbTransaction tx, long ticketId, long at, string kind, string? actor, string? fromState, string? toState, string? detail, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO sd_ticket_log (ticket_id, at, kind, actor, from_state, to_state, detail) VALUES (@ticketId, @at, @kind, @actor, @fromState, @toState, @detail)",
            new { ticketId, at, kind, actor, fromState, toState, detail = detail is { Length: > 4000 } ? detail[..4000] : detail }, tx, cancellationToken: ct));
}
