using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Paging;
using HospitalOps.Kernel.Security;
using HospitalOps.ServiceDesk.Workflows;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.ServiceDesk.Tickets;

/// <summary>A ticket as a row of the list.</summary>
public sealed record TicketListItemDto(
    long Id,
    string Number,
    string Type,
    string TypeName,
    string TypeNameEn,
    string Title,
    string State,
    string StateName,
    string StateNameEn,
    string StateCategory,
    int Priority,
    string? BusinessSystemName,
    string? Assignee,
    string Channel,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ResolvedAt,
    string? SlaColour,
    DateTimeOffset? SlaDueAt,
    bool SlaBreached,
    bool InMaintenance);

/// <summary>Tickets as <see cref="TicketListFilter"/> selects them, a page at a time; the most urgent first by default.</summary>
internal static class ListTickets
{
    private static readonly Dictionary<string, string> Sorts = new(StringComparer.Ordinal)
    {
        ["priority"] = "t.priority, t.opened_at DESC",
        ["opened"] = "t.opened_at DESC",
        ["opened_asc"] = "t.opened_at",
        ["due"] = "CASE WHEN t.sla_due_at IS NULL THEN 1 ELSE 0 END, t.sla_due_at, t.priority",
    };

    internal static async Task<IResult> Endpoint(HttpContext context, Databases databases, WorkflowCatalog workflows, string? status, string? type, string? priority, long? system,
        string? assignee, string? colour, string? q, DateTimeOffset? from, DateTimeOffset? to, string? sort, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var args = new DynamicParameters();
        var order = Sorts.GetValueOrDefault(sort ?? "priority") ?? throw AppProblem.Invalid("sort", "invalid_value");
        await using var connection = await databases.Config.OpenAsync(ct);
        var clause = new TicketListFilter(status, type, priority, system, assignee, colour, q, from, to).Where(connection, args, CurrentUser.Of(context).UserName);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM sd_tickets t JOIN sd_ticket_types y ON y.id = t.type_id {clause}", args, cancellationToken: ct));
        args.Add("limit", paging.PageSize);
        args.Add("offset", paging.Offset);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            SELECT t.id, t.number, y.key AS Type, y.name AS TypeName, y.name_en AS TypeNameEn, t.title, t.state, t.state_category AS StateCategory, t.priority,
              t.business_system_name AS BusinessSystemName, t.assignee, t.channel, t.opened_at AS OpenedAt, t.resolved_at AS ResolvedAt, t.sla_colour AS SlaColour,
              t.sla_due_at AS SlaDueAt, t.sla_breached AS SlaBreached, t.in_maintenance AS InMaintenance, t.workflow_id AS WorkflowId, t.workflow_version AS WorkflowVersion
            FROM sd_tickets t JOIN sd_ticket_types y ON y.id = t.type_id {clause}
            ORDER BY {order}, t.id DESC LIMIT @limit OFFSET @offset
            """, args, cancellationToken: ct))).ToList();

        var items = new List<TicketListItemDto>(rows.Count);
        foreach (var r in rows)
        {
            var state = (await workflows.VersionAsync(connection, null, r.WorkflowId, r.WorkflowVersion, ct)).States.FirstOrDefault(s => s.Key == r.State);
            items.Add(new TicketListItemDto(r.Id, r.Number, r.Type, r.TypeName, r.TypeNameEn, r.Title, r.State, state?.Name ?? r.State, state?.NameEn ?? r.State, r.StateCategory,
                r.Priority, r.BusinessSystemName, r.Assignee, r.Channel, UnixMs.ToTime(r.OpenedAt), UnixMs.ToTime(r.ResolvedAt), r.SlaColour, UnixMs.ToTime(r.SlaDueAt),
                r.SlaBreached, r.InMaintenance));
        }

        return Results.Ok(new Page<TicketListItemDto>(items, total, paging.PageNumber, paging.PageSize));
    }

    private sealed record Row
    {
        public long Id { get; init; }
        public string Number { get; init; } = "";
        public string Type { get; init; } = "";
        public string TypeName { get; init; } = "";
        public string TypeNameEn { get; init; } = "";
        public string Title { get; init; } = "";
        public string State { get; init; } = "";
        public string StateCategory { get; init; } = "";
        public int Priority { get; init; }
        public string? BusinessSystemName { get; init; }
        public string? Assignee { get; init; }
        public string Channel { get; init; } = "";
        public long OpenedAt { get; init; }
        public long? ResolvedAt { get; init; }
        public string? SlaColour { get; init; }
        public long? SlaDueAt { get; init; }
        public bool SlaBreached { get; init; }
        public bool InMaintenance { get; init; }
        public long WorkflowId { get; init; }
        public int WorkflowVersion { get; init; }
    }
}
