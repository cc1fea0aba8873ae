using System.Data.Common;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Security;
using HospitalOps.ServiceDesk.Workflows;

namespace HospitalOps.ServiceDesk.Boards;

/// <summary>
/// A ticket as the boards show it. <see cref="SlaColour"/> is the stored colour kept current by the SLA sweep (<c>green</c> for a
/// ticket without an SLA); <see cref="SlaDueAt"/> is its next deadline, from which the page counts the time left.
/// </summary>
public sealed record BoardTicketDto(
    long Id,
    string Number,
    string Title,
    int Priority,
    string State,
    string StateName,
    string StateNameEn,
    string StateCategory,
    long? BusinessSystemId,
    string? BusinessSystemName,
    string? Assignee,
    string? AssigneeName,
    string? Team,
    bool FromAlert,
    bool InMaintenance,
    DateTimeOffset OpenedAt,
    string SlaColour,
    DateTimeOffset? SlaDueAt,
    bool SlaBreached);

/// <summary>The tickets the boards are about: those not yet resolved (new, open, waiting).</summary>
internal static class BoardTickets
{
    /// <summary>Beyond this many open tickets a board shows the most urgent ones; the counts stay exact.</summary>
    public const int MaxRead = 5000;

    public static readonly string[] Colours = ["black", "red", "yellow", "green"];

    /// <summary>How dark a colour is: black 3, red 2, yellow 1, green 0.</summary>
    public static int Rank(string colour) => colour switch { "black" => 3, "red" => 2, "yellow" => 1, _ => 0 };

    public static async Task<List<BoardTicketDto>> OpenAsync(DbConnection connection, WorkflowCatalog workflows, IUserDirectory users, CancellationToken ct)
    {
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT t.id, t.number, t.title, t.priority, t.state, t.state_category AS StateCategory, t.workflow_id AS WorkflowId, t.workflow_version AS WorkflowVersion,
              t.business_system_id AS BusinessSystemId, t.business_system_name AS BusinessSystemName, t.assignee, t.team, t.source, t.in_maintenance AS InMaintenance,
              t.opened_at AS OpenedAt, t.sla_colour AS SlaColour, t.sla_due_at AS SlaDueAt, t.sla_breached AS SlaBreached
            FROM sd_tickets t WHERE t.state_category IN ('new', 'open', 'waiting')
            ORDER BY t.priority, CASE WHEN t.sla_due_at IS NULL THEN 1 ELSE 0 END, t.sla_due_at, t.opened_at, t.id
            LIMIT @limit
            """, new { limit = MaxRead }, cancellationToken: ct))).ToList();
        var names = await users.ContactsAsync(rows.Where(r => r.Assignee is not null).Select(r => r.Assignee!).Distinct(StringComparer.Ordinal).ToList(), ct);
        var result = new List<BoardTicketDto>(rows.Count);
        foreach (var r in rows)
        {
            var state = (await workflows.VersionAsync(connection, null, r.WorkflowId, r.WorkflowVersion, ct)).States.FirstOrDefault(s => s.Key == r.State);
            result.Add(new BoardTicketDto(r.Id, r.Number, r.Title, r.Priority, r.State, state?.Name ?? r.State, state?.NameEn ?? r.State, r.StateCategory,
                r.BusinessSystemId, r.BusinessSystemName, r.Assignee, r.Assignee is null ? null : names.GetValueOrDefault(r.Assignee)?.DisplayName ?? r.Assignee,
                r.Team, r.Source?.StartsWith("alert:", StringComparison.Ordinal) == true, r.InMaintenance, UnixMs.ToTime(r.OpenedAt),
                r.SlaColour is { } c && Colours.Contains(c) ? c : "green", UnixMs.ToTime(r.SlaDueAt), r.SlaBreached));
        }

        return result;
    }

    /// <summary>The most urgent first: the darkest colour, then the nearest deadline, then the priority.</summary>
    public static IEnumerable<BoardTicketDto> MostUrgentFirst(IEnumerable<BoardTicketDto> tickets) =>
        tickets.OrderByDescending(t => Rank(t.SlaColour)).ThenBy(t => t.SlaDueAt ?? DateTimeOffset.MaxValue).ThenBy(t => t.Priority).ThenBy(t => t.OpenedAt);

    private sealed record Row
    {
        public long Id { get; init; }
        public string Number { get; init; } = "";
        public string Title { get; init; } = "";
        public int Priority { get; init; }
        public string State { get; init; } = "";
        public string StateCategory { get; init; } = "";
        public long WorkflowId { get; init; }
        public int WorkflowVersion { get; init; }
        public long? BusinessSystemId { get; init; }
        public string? BusinessSystemName { get; init; }
        public string? Assignee { get; init; }
        public string? Team { get; init; }
        public string? Source { get; init; }
        public bool InMaintenance { get; init; }
        public long OpenedAt { get; init; }
        public string? SlaColour { get; init; }
        public long? SlaDueAt { get; init; }
        public bool SlaBreached { get; init; }
    }
}
