using System.Data.Common;
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

/// <summary>
/// A page of the ticket list. <see cref="Total"/> is exact up to <see cref="ListTickets.TotalLimit"/> (a text search: up to
/// <see cref="TicketListFilter.TextTotalLimit"/>); beyond it the list says so
/// (<see cref="TotalIsExact"/> false, <see cref="Total"/> the limit) instead of counting a million tickets at every request.
/// </summary>
public sealed record TicketPage(IReadOnlyList<TicketListItemDto> Items, long Total, bool TotalIsExact, int PageNumber, int PageSize);

/// <summary>Tickets as <see cref="TicketListFilter"/> selects them, a page at a time; the most urgent first by default.</summary>
internal static class ListTickets
{
    /// <summary>The most tickets a list counts: 500 pages of 20; past that, people narrow the list (period, system, status) rather than page.</summary>
    public const int TotalLimit = 10_000;

    /// <summary>How far a list counts: a text search to <see cref="TicketListFilter.TextTotalLimit"/>, other lists to <see cref="TotalLimit"/>.</summary>
    public static int LimitOf(TicketListFilter filter) => string.IsNullOrWhiteSpace(filter.Q) ? TotalLimit : TicketListFilter.TextTotalLimit;

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
        await using var connection = await databases.Config.OpenAsync(ct);
        var query = await BuildAsync(connection, new TicketListFilter(status, type, priority, system, assignee, colour, q, from, to), sort, paging, CurrentUser.Of(context).UserName, ct);
        var counted = await connection.ExecuteScalarAsync<long>(new CommandDefinition(query.CountSql, query.Args, cancellationToken: ct));
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(query.PageSql, query.Args, cancellationToken: ct))).ToList();
        var items = new List<TicketListItemDto>(rows.Count);
        foreach (var r in rows)
        {
            var state = (await workflows.VersionAsync(connection, null, r.WorkflowId, r.WorkflowVersion, ct)).States.FirstOrDefault(s => s.Key == r.State);
            items.Add(new TicketListItemDto(r.Id, r.Number, r.Type, r.TypeName, r.TypeNameEn, r.Title, r.State, state?.Name ?? r.State, state?.NameEn ?? r.State, r.StateCategory,
                r.Priority, r.BusinessSystemName, r.Assignee, r.Channel, UnixMs.ToTime(r.OpenedAt), UnixMs.ToTime(r.ResolvedAt), r.SlaColour, UnixMs.ToTime(r.SlaDueAt),
                r.SlaBreached, r.InMaintenance));
        }

        var limit = LimitOf(new TicketListFilter(status, type, priority, system, assignee, colour, q, from, to));
        return Results.Ok(new TicketPage(items, Math.Min(counted, limit), counted <= limit, paging.PageNumber, paging.PageSize));
    }

    /// <summary>The statements of one list request; bench/TicketScale runs them directly too, beside the endpoint, to show what the server adds.</summary>
    internal sealed record Query(string CountSql, string PageSql, DynamicParameters Args);

    internal static async Task<Query> BuildAsync(DbConnection connection, TicketListFilter filter, string? sort, PageRequest paging, string currentUser, CancellationToken ct)
    {
        var order = Sorts.GetValueOrDefault(sort ?? "priority") ?? throw AppProblem.Invalid("sort", "invalid_value");
        var args = new DynamicParameters();
        var conditions = await filter.ConditionsAsync(connection, args, currentUser, ct);
        args.Add("limit", paging.PageSize);
        args.Add("offset", paging.Offset);
        // Both statements filter the tickets alone, so that indexes on the ticket table alone serve them; the page's ids are chosen
        // first (an index can cover them, even past a deep offset) and only those 20 rows are read and joined with their type.
        return new Query(
            $"SELECT COUNT(*) FROM ({conditions.Counted} LIMIT {LimitOf(filter) + 1}) c",
            $"""
            SELECT t.id, t.number, y.key AS Type, y.name AS TypeName, y.name_en AS TypeNameEn, t.title, t.state, t.state_category AS StateCategory, t.priority,
              t.business_system_name AS BusinessSystemName, t.assignee, t.channel, t.opened_at AS OpenedAt, t.resolved_at AS ResolvedAt, t.sla_colour AS SlaColour,
              t.sla_due_at AS SlaDueAt, t.sla_breached AS SlaBreached, t.in_maintenance AS InMaintenance, t.workflow_id AS WorkflowId, t.workflow_version AS WorkflowVersion
            FROM sd_tickets t JOIN sd_ticket_types y ON y.id = t.type_id
            WHERE t.id IN (SELECT t.id FROM sd_tickets t {(paging.Offset + paging.PageSize <= TicketListFilter.FirstPagesRows ? conditions.FirstPagesWhere : conditions.PageWhere)}
              ORDER BY {order}, t.id DESC LIMIT @limit OFFSET @offset)
            ORDER BY {order}, t.id DESC
            """,
            args);
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
