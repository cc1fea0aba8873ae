using System.Data.Common;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.TextSearch;

namespace HospitalOps.ServiceDesk.Tickets;

/// <summary>
/// The list's conditions over <c>sd_tickets t</c> alone: <see cref="Where"/> as written, <see cref="PageWhere"/> as a page's ids are
/// chosen, <see cref="FirstPagesWhere"/> as the ids of a page within the first <see cref="TicketListFilter.FirstPagesRows"/> rows
/// are chosen, and <see cref="Counted"/>, a select with a row per ticket for a (capped) count.
/// </summary>
internal sealed record TicketListConditions(string Where, string PageWhere, string FirstPagesWhere, string Counted);

/// <summary>
/// The ticket list's filter as the API takes it — status (<c>active</c>: not closed; <c>open</c>: new, open or waiting; or one
/// category), type, priority, business system, assignee (<c>me</c>, <c>none</c>), SLA colour, opening period and text — so the
/// list and its export select the same tickets. The conditions name the ticket table alone, so that its indexes serve them.
/// </summary>
internal sealed record TicketListFilter(
    string? Status, string? Type, string? Priority, long? System, string? Assignee, string? Colour, string? Q, DateTimeOffset? From, DateTimeOffset? To)
{
    /// <summary>The most tickets a text search counts: past it, the list says "more than" and people add words rather than page.</summary>
    public const int TextTotalLimit = 1_000;

    /// <summary>The most ids of matching unresolved tickets PostgreSQL reads at once (an unresolved list holds a few thousand).</summary>
    private const int UnresolvedMatchesRead = 20_000;

    /// <summary>How deep the first pages of a list go (five pages of 20), where a common word is checked ticket by ticket in the list's order.</summary>
    public const int FirstPagesRows = 100;

    /// <summary>The <c>WHERE</c> clauses (empty when nothing is filtered); bad values are refused.</summary>
    public async Task<TicketListConditions> ConditionsAsync(DbConnection connection, DynamicParameters args, string currentUser, CancellationToken ct)
    {
        var where = new List<string>();
        string[]? unresolved = null;
        switch (Status)
        {
            case null or "" or "all":
                break;
            case "active":
                where.Add("t.state_category <> 'closed'");
                unresolved = ["new", "open", "waiting", "resolved"];
                break;
            case "open":
                where.Add("t.state_category IN ('new', 'open', 'waiting')");
                unresolved = ["new", "open", "waiting"];
                break;
            case "new" or "waiting":
                where.Add("t.state_category = @status");
                args.Add("status", Status);
                unresolved = [Status];
                break;
            case "resolved" or "closed":
                where.Add("t.state_category = @status");
                args.Add("status", Status);
                break;
            default:
                throw AppProblem.Invalid("status", "invalid_value");
        }

        var statusConditions = where.Count;

        if (!string.IsNullOrWhiteSpace(Type))
        {
            where.Add("t.type_id IN (SELECT id FROM sd_ticket_types WHERE key = @type)");
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
            // One select of ids for both, so that each side is found through its own index: an OR of the number and the text would
            // make the database read every ticket. Numbers are upper case; on SQLite (binary order) the numbers starting with the text
            // are a range of the unique index, on PostgreSQL a LIKE prefix its text_pattern_ops index serves (migration 9).
            var query = SearchQuery.Parse(Q);
            var prefix = Q.Trim().ToUpperInvariant();
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
                // instead of among every ticket that ever matched (a quarter of a million for 挂号 in a million tickets). The oldest of
                // each category is one step down the (category, id) index; it is bound as a value, so that PostgreSQL weighs a range of
                // a few thousand ids against the word's own index.
                if (unresolved is not null)
                {
                    long? oldest = null;
                    foreach (var category in unresolved)
                    {
                        var first = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                            "SELECT MIN(id) FROM sd_tickets WHERE state_category = @category", new { category }, cancellationToken: ct));
                        oldest = first is { } id && (oldest is null || id < oldest) ? id : oldest;
                    }

                    args.Add("fromId", oldest ?? long.MaxValue);
                }

                var matching = TicketSearch.Matching(connection, query, args, unresolved is null ? null : "@fromId");
                where.Add($"t.id IN ({numbers} UNION ALL {matching})");

                // PostgreSQL reads the matching text of the unresolved range once, and the count and the page pick from those ids
                // (reading each ticket's words is what costs, and the range holds a few thousand).
                if (unresolved is not null && connection is Npgsql.NpgsqlConnection)
                {
                    var ids = (await connection.QueryAsync<long>(new CommandDefinition(
                        $"{numbers} UNION {matching} LIMIT {UnresolvedMatchesRead + 1}", args, cancellationToken: ct))).ToArray();
                    if (ids.Length <= UnresolvedMatchesRead)
                    {
                        // (id + 0: the unresolved tickets are read from their own index and each looked up in the matches, rather
                        // than each match's ticket read to check its status. The ids are written as a constant, which PostgreSQL
                        // hashes; a bound array is searched from its start for every ticket. They are numbers it returned.)
                        where[^1] = $"(t.id + 0) = ANY('{{{string.Join(',', ids.Select(id => id.ToString(global::System.Globalization.CultureInfo.InvariantCulture)))}}}'::bigint[])";
                    }
                }

                // PostgreSQL would read every matching ticket's words to pick a page or count a word in a quarter of all tickets
                // (a second a list). Past TextTotalLimit matches it walks the list's order and looks each ticket's words up instead,
                // and counts from the word's index, stopping at the cap.
                if (unresolved is null && connection is Npgsql.NpgsqlConnection
                    && await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                        $"SELECT COUNT(*) FROM ({matching} LIMIT {TextTotalLimit + 1}) m", args, cancellationToken: ct)) > TextTotalLimit)
                {
                    var others = where.Take(where.Count - 1).ToList();
                    var isMatch = TicketSearch.IsMatch(connection, query, args, "t.id");
                    var walked = "WHERE " + string.Join(" AND ", others.Append($"(t.id IN ({numbers}) OR {isMatch})"));
                    return new TicketListConditions("WHERE " + string.Join(" AND ", where), walked, walked,
                        CountedFromTheWord(connection, query, args, others, numbers, isMatch, newestFirst: others.Count == statusConditions));
                }

                // SQLite has no statistics to tell a common word from a rare one: it reads every matching ticket into a temporary index
                // before it uses the first, which is right for a few but not for many. Past Candidates, a page checks each ticket
                // against the matches in the list's order (unary + keeps the id out of index choice). For a word in a tenth of all tickets
                // or more, the first pages instead look each ticket up in the word's index (a few hundred lookups for a hundred rows),
                // and when only the status narrows the list the count starts from the word's index.
                if (connection is Microsoft.Data.Sqlite.SqliteConnection && unresolved is null)
                {
                    var tenth = (await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT MAX(id) FROM sd_tickets", cancellationToken: ct)) ?? 0) / 10;
                    var matches = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                        $"SELECT COUNT(*) FROM ({matching} LIMIT {Math.Max(TicketSearch.Candidates, tenth) + 1}) m", args, cancellationToken: ct));
                    if (matches > TicketSearch.Candidates)
                    {
                        var others = where.Take(where.Count - 1).ToList();
                        var isMatch = TicketSearch.IsMatch(connection, query, args, "t.id");
                        var all = "WHERE " + string.Join(" AND ", where);
                        var inOrder = "WHERE " + string.Join(" AND ", others.Append("+" + where[^1]));
                        var firstPages = matches > tenth ? "WHERE " + string.Join(" AND ", others.Append($"(t.id IN ({numbers}) OR {isMatch})")) : inOrder;
                        var counted = others.Count == statusConditions
                            ? CountedFromTheWord(connection, query, args, others, numbers, isMatch, newestFirst: true)
                            : $"SELECT 1 FROM sd_tickets t {all}";
                        return new TicketListConditions(all, inOrder, firstPages, counted);
                    }
                }
            }
        }

        var clause = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
        return new TicketListConditions(clause, clause, clause, $"SELECT 1 FROM sd_tickets t {clause}");
    }

    /// <summary>A row per ticket that matches the text and <paramref name="others"/>: read from the word's index, plus the tickets whose number starts with the text and whose words do not match.</summary>
    private static string CountedFromTheWord(DbConnection connection, SearchQuery query, DynamicParameters args, IReadOnlyList<string> others, string numbers, string isMatch,
        bool newestFirst) =>
        $"""
        {TicketSearch.MatchingTickets(connection, query, args, others, newestFirst)}
        UNION ALL SELECT 1 FROM sd_tickets t WHERE t.id IN ({numbers}) AND NOT {isMatch}{string.Concat(others.Select(w => " AND " + w))}
        """;
}
