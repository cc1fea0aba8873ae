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
/// <summary>
/// A page of the ticket list. <see cref="Total"/> is exact up to <see cref="ListTickets.TotalLimit"/>; beyond it the list says so
/// (<see cref="TotalIsExact"/> false, <see cref="Total"/> the limit) instead of counting a million tickets at every request.
/// </summary>
public sealed record TicketPage(IReadOnlyList<TicketListItemDto> Items, long Total, bool TotalIsExact, int PageNumber, int PageSize);

internal static class ListTickets
{
    /// <summary>The most tickets a list counts: 500 pages of 20; past that, people narrow the list (period, system, status) rather than page.</summary>
    public const int TotalLimit = 10_000;

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
        var query = await BuildAsync(connection, new Filter(status, type, priority, system, assignee, colour, q, from, to, sort), paging,
            assignee == "me" ? CurrentUser.Of(context).UserName : null, ct);
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

        return Results.Ok(new TicketPage(items, Math.Min(counted, TotalLimit), counted <= TotalLimit, paging.PageNumber, paging.PageSize));
    }

    /// <summary>The filters of the list as the query string gives them.</summary>
    internal sealed record Filter(string? Status, string? Type, string? Priority, long? System, string? Assignee, string? Colour, string? Q, DateTimeOffset? From,
        DateTimeOffset? To, string? Sort);

    /// <summary>The statements of one list request; bench/TicketScale runs them directly too, beside the endpoint, to show what the server adds.</summary>
    internal sealed record Query(string CountSql, string PageSql, DynamicParameters Args);

    internal static async Task<Query> BuildAsync(DbConnection connection, Filter filter, PageRequest paging, string? me, CancellationToken ct)
    {
        var (status, type, priority, system, assignee, colour, q, from, to, sort) = filter;
        var where = new List<string>();
        string? unresolved = null;
        var checkedInOrder = -1;
        var args = new DynamicParameters();
        switch (status)
        {
            case null or "" or "all":
                break;
            case "active":
                where.Add(unresolved = "t.state_category <> 'closed'");
                break;
            case "open":
                where.Add(unresolved = "t.state_category IN ('new', 'open', 'waiting')");
                break;
            case "new" or "waiting":
                where.Add(unresolved = "t.state_category = @status");
                args.Add("status", status);
                break;
            case "resolved" or "closed":
                where.Add("t.state_category = @status");
                args.Add("status", status);
                break;
            default:
                throw AppProblem.Invalid("status", "invalid_value");
        }

        if (!string.IsNullOrWhiteSpace(type))
        {
            where.Add("t.type_id IN (SELECT id FROM sd_ticket_types WHERE key = @type)");
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
            // One select of ids for both, so that each side is found through its own index: an OR of the number and the text would
            // make the database read every ticket. Numbers are upper case; on SQLite (binary order) the numbers starting with the text
            // are a range of the unique index, on PostgreSQL a LIKE prefix its text_pattern_ops index serves (migration 9).
            var query = SearchQuery.Parse(q);
            var prefix = q.Trim().ToUpperInvariant();
            string numbers;
            if (connection is Microsoft.Data.Sqlite.SqliteConnection)
            {
                args.Add("qlo", prefix);
                args.Add("qhi", prefix + char.ConvertFromUtf32(0x10FFFF));
                numbers = "SELECT id FROM sd_tickets WHERE number >= @qlo AND number < @qhi";
            }
            else
            {
                args.Add("qn", SqlLike.StartsWith(prefix));
                numbers = $"SELECT id FROM sd_tickets WHERE number LIKE @qn{SqlLike.Escape}";
            }

            if (query.IsEmpty)
            {
                where.Add($"t.id IN ({numbers})");
            }
            else
            {
                // Tickets not yet closed are the newest few (ids grow with time): the text is looked for only from the oldest of them on,
                // instead of among every ticket that ever matched (a quarter of a million for 挂号 in a million tickets).
                // (MIN of id + 0: PostgreSQL would otherwise walk the primary key from the oldest ticket until it met an open one.)
                var matching = TicketSearch.Matching(connection, query, args,
                    unresolved is null ? null : $"(SELECT MIN(t.id + 0) FROM sd_tickets t WHERE {unresolved})");
                // SQLite has no statistics to tell a common word from a rare one: it reads the matching tickets first and sorts them,
                // which is right for a few but not for many. Past Candidates the page walks the list's order instead and checks each
                // ticket against the matches (unary + keeps the id out of index choice); the count still starts from the matches.
                var many = connection is Microsoft.Data.Sqlite.SqliteConnection && unresolved is null
                    && await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                        $"SELECT COUNT(*) FROM ({matching} LIMIT {TicketSearch.Candidates + 1}) m", args, cancellationToken: ct)) > TicketSearch.Candidates;
                where.Add($"t.id IN ({numbers} UNION ALL {matching})");
                checkedInOrder = many ? where.Count - 1 : -1;
            }
        }

        var countClause = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
        var clause = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where.Select((w, i) => i == checkedInOrder ? "+" + w : w));
        args.Add("limit", paging.PageSize);
        args.Add("offset", paging.Offset);
        // Both statements filter the tickets alone, so that indexes on the ticket table alone serve them; the page's ids are chosen
        // first (an index can cover them, even past a deep offset) and only those 20 rows are read and joined with their type.
        return new Query(
            $"SELECT COUNT(*) FROM (SELECT 1 FROM sd_tickets t {countClause} LIMIT {TotalLimit + 1}) c",
            $"""
            SELECT t.id, t.number, y.key AS Type, y.name AS TypeName, y.name_en AS TypeNameEn, t.title, t.state, t.state_category AS StateCategory, t.priority,
              t.business_system_name AS BusinessSystemName, t.assignee, t.channel, t.opened_at AS OpenedAt, t.resolved_at AS ResolvedAt, t.sla_colour AS SlaColour,
              t.sla_due_at AS SlaDueAt, t.sla_breached AS SlaBreached, t.in_maintenance AS InMaintenance, t.workflow_id AS WorkflowId, t.workflow_version AS WorkflowVersion
            FROM sd_tickets t JOIN sd_ticket_types y ON y.id = t.type_id
            WHERE t.id IN (SELECT t.id FROM sd_tickets t {clause} ORDER BY {order}, t.id DESC LIMIT @limit OFFSET @offset)
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
