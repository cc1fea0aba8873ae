using System.Data.Common;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.TextSearch;

namespace HospitalOps.ServiceDesk.Tickets;

/// <summary>
/// The ticket list's filter as the API takes it — status (<c>active</c>: not closed; <c>open</c>: new, open or waiting; or one
/// category), type, priority, business system, assignee (<c>me</c>, <c>none</c>), SLA colour, opening period and text — so the
/// list and its export select the same tickets.
/// </summary>
internal sealed record TicketListFilter(
    string? Status, string? Type, string? Priority, long? System, string? Assignee, string? Colour, string? Q, DateTimeOffset? From, DateTimeOffset? To)
{
    /// <summary>The <c>WHERE</c> clause over <c>sd_tickets t JOIN sd_ticket_types y</c> (empty when nothing is filtered); bad values are refused.</summary>
    public string Where(DbConnection connection, DynamicParameters args, string currentUser)
    {
        var where = new List<string>();
        switch (Status)
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
                args.Add("status", Status);
                break;
            default:
                throw AppProblem.Invalid("status", "invalid_value");
        }

        if (!string.IsNullOrWhiteSpace(Type))
        {
            where.Add("y.key = @type");
            args.Add("type", Type.Trim());
        }

        if (!string.IsNullOrWhiteSpace(Priority))
        {
            var priorities = new List<int>();
            foreach (var p in Priority.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var n = p.StartsWith('P') || p.StartsWith('p') ? p[1..] : p;
                priorities.Add(int.TryParse(n, out var v) && v is >= 1 and <= 4 ? v : throw AppProblem.Invalid("priority", "invalid_value"));
            }

            where.Add("t.priority IN " + SqlIn.List("prio", priorities, args));
        }

        if (System is { } systemId)
        {
            where.Add("t.business_system_id = @systemId");
            args.Add("systemId", systemId);
        }

        if (!string.IsNullOrWhiteSpace(Assignee))
        {
            if (Assignee == "none")
            {
                where.Add("t.assignee IS NULL");
            }
            else
            {
                where.Add("t.assignee = @assignee");
                args.Add("assignee", Assignee == "me" ? currentUser : Assignee.Trim());
            }
        }

        if (!string.IsNullOrWhiteSpace(Colour))
        {
            if (Colour is not ("green" or "yellow" or "red" or "black"))
            {
                throw AppProblem.Invalid("colour", "invalid_value");
            }

            where.Add("t.sla_colour = @colour");
            args.Add("colour", Colour);
        }

        if (From is { } f)
        {
            where.Add("t.opened_at >= @from");
            args.Add("from", f.ToUnixTimeMilliseconds());
        }

        if (To is { } until)
        {
            where.Add("t.opened_at < @to");
            args.Add("to", until.ToUnixTimeMilliseconds());
        }

        if (!string.IsNullOrWhiteSpace(Q))
        {
            // A number (or its start) as typed on the phone, or words of the title, description, resolution, CIs and system.
            var query = SearchQuery.Parse(Q);
            args.Add("qn", SqlLike.StartsWith(Q.Trim().ToUpperInvariant()));
            where.Add(query.IsEmpty
                ? $"t.number LIKE @qn{SqlLike.Escape}"
                : $"(t.number LIKE @qn{SqlLike.Escape} OR {TicketSearch.Condition(connection, query, args)})");
        }

        return where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
    }
}
