using System.Data.Common;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Paging;
using HospitalOps.Kernel.Security;
using HospitalOps.ServiceDesk.Workflows;
using HospitalOps.TextSearch;
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
/// Tickets filtered by status (<c>active</c>: not closed; <c>open</c>: new, open or waiting; or one category), type, priority,
/// business system, assignee (<c>me</c>), SLA colour, opening period and text (number or title); the most urgent first by default.
/// </summary>
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
        await using var connection = await databases.Config.OpenAsync(ct);
        var query = Build(connection, new Filter(status, type, priority, system, assignee, colour, q, from, to, sort), paging,
            assignee == "me" ? CurrentUser.Of(context).UserName : null);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(query.CountSql, query.Args, cancellationToken: ct));
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(query.PageSql, query.Args, cancellationToken: ct))).ToList();
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

    /// <summary>The filters of the list as the query string gives them.</summary>
    internal sealed record Filter(string? Status, string? Type, string? Priority, long? System, string? Assignee, string? Colour, string? Q, DateTimeOffset? From,
        DateTimeOffset? To, string? Sort);

    /// <summary>The statements of one list request; bench/TicketScale runs them directly too, beside the endpoint, to show what the server adds.</summary>
    internal sealed record Query(string CountSql, string PageSql, DynamicParameters Args);

    internal static Query Build(DbConnection connection, Filter filter, PageRequest paging, string? me)
    {
        var (status, type, priority, system, assignee, colour, q, from, to, sort) = filter;
        var where = new List<string>();
        var args = new DynamicParameters();
        switch (status)
        {
            case null or "" or "all":
                break;
            case "active":
                where.Add("t.state_category <> 'closed'");
                break;
            case "open":
                where.Add("t.state_category IN ('new', 'open', 'waiting')");
                break;
            case "new" or "waiting" or "resolved" or "closed":
                where.Add("t.state_category = @status");
                args.Add("status", status);
                break;
            default:
                throw AppProblem.Invalid("status", "invalid_value");
        }

        if (!string.IsNullOrWhiteSpace(type))
        {
            where.Add("y.key = @type");
            args.Add("type", type.Trim());
        }

        if (!string.IsNullOrWhiteSpace(priority))
        {
            var priorities = new List<int>();
            foreach (var p in priority.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var n = p.StartsWith('P') || p.StartsWith('p') ? p[1..] : p;
                priorities.Add(int.TryParse(n, out var v) && v is >= 1 and <= 4 ? v : throw AppProblem.Invalid("priority", "invalid_value"));
            }

            where.Add("t.priority IN " + SqlIn.List("prio", priorities, args));
        }

        if (system is { } systemId)
        {
            where.Add("t.business_system_id = @systemId");
            args.Add("systemId", systemId);
        }

        if (!string.IsNullOrWhiteSpace(assignee))
        {
            if (assignee == "none")
            {
                where.Add("t.assignee IS NULL");
            }
            else
            {
                where.Add("t.assignee = @assignee");
                args.Add("assignee", assignee == "me" ? me : assignee.Trim());
            }
        }

        if (!string.IsNullOrWhiteSpace(colour))
        {
            if (colour is not ("green" or "yellow" or "red" or "black"))
            {
                throw AppProblem.Invalid("colour", "invalid_value");
            }

            where.Add("t.sla_colour = @colour");
            args.Add("colour", colour);
        }

        if (from is { } f)
        {
            where.Add("t.opened_at >= @from");
            args.Add("from", f.ToUnixTimeMilliseconds());
        }

        if (to is { } until)
        {
            where.Add("t.opened_at < @to");
            args.Add("to", until.ToUnixTimeMilliseconds());
        }

        var order = Sorts.GetValueOrDefault(sort ?? "priority") ?? throw AppProblem.Invalid("sort", "invalid_value");
        if (!string.IsNullOrWhiteSpace(q))
        {
            // A number (or its start) as typed on the phone, or words of the title, description, resolution, CIs and system.
            var query = SearchQuery.Parse(q);
            args.Add("qn", SqlLike.StartsWith(q.Trim().ToUpperInvariant()));
            where.Add(query.IsEmpty
                ? $"t.number LIKE @qn{SqlLike.Escape}"
                : $"(t.number LIKE @qn{SqlLike.Escape} OR {TicketSearch.Condition(connection, query, args)})");
        }

        var clause = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
        args.Add("limit", paging.PageSize);
        args.Add("offset", paging.Offset);
        return new Query(
            $"SELECT COUNT(*) FROM sd_tickets t JOIN sd_ticket_types y ON y.id = t.type_id {clause}",
            $"""
            SELECT t.id, t.number, y.key AS Type, y.name AS TypeName, y.name_en AS TypeNameEn, t.title, t.state, t.state_category AS StateCategory, t.priority,
              t.business_system_name AS BusinessSystemName, t.assignee, t.channel, t.opened_at AS OpenedAt, t.resolved_at AS ResolvedAt, t.sla_colour AS SlaColour,
              t.sla_due_at AS SlaDueAt, t.sla_breached AS SlaBreached, t.in_maintenance AS InMaintenance, t.workflow_id AS WorkflowId, t.workflow_version AS WorkflowVersion
            FROM sd_tickets t JOIN sd_ticket_types y ON y.id = t.type_id {clause}
            ORDER BY {order}, t.id DESC LIMIT @limit OFFSET @offset
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
