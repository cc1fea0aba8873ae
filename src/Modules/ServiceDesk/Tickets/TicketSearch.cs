using System.Data.Common;
using Dapper;
using HospitalOps.TextSearch;
using Microsoft.Data.Sqlite;

namespace HospitalOps.ServiceDesk.Tickets;

/// <summary>
/// The search index of tickets, one row per ticket, kept in the transaction of every change that alters its text: an FTS5 table
/// on SQLite, a GIN-indexed tsvector on PostgreSQL, with the terms of <see cref="CjkTokenizer"/> (锁, 宕机, ORA-00060 and
/// Oracle锁等待 alike) and the title in the heavier column.
/// </summary>
internal static class TicketSearch
{
    public const int Candidates = 2000;

    public static async Task WriteAsync(DbConnection connection, DbTransaction tx, long ticketId, CancellationToken ct)
    {
        var t = await TicketRecord.ByIdAsync(connection, tx, ticketId, ct);
        if (t is null)
        {
            return;
        }

        var cis = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT ci_code || ' ' || ci_name FROM sd_ticket_cis WHERE ticket_id = @ticketId", new { ticketId }, tx, cancellationToken: ct));
        var fields = t.Fields;
        var body = string.Join('\n', new[] { t.Number, t.Description, fields.GetValueOrDefault("resolution"), fields.GetValueOrDefault("rootCause"), t.BusinessSystemName }
            .Concat(cis).Where(x => !string.IsNullOrWhiteSpace(x)));
        if (connection is SqliteConnection)
        {
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM sd_ticket_search WHERE rowid = @ticketId", new { ticketId }, tx, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO sd_ticket_search (rowid, title, body) VALUES (@ticketId, @title, @body)",
                new { ticketId, title = CjkTokenizer.ToIndexText(t.Title), body = CjkTokenizer.ToIndexText(body) }, tx, cancellationToken: ct));
            return;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO sd_ticket_search (ticket_id, document) VALUES (@ticketId, @vector::tsvector)
            ON CONFLICT (ticket_id) DO UPDATE SET document = excluded.document
            """,
            new { ticketId, vector = PostgresSearch.ToTsVector(t.Title, body) }, tx, cancellationToken: ct));
    }

    /// <summary>
    /// A select of the ids of the tickets matching the text (every word), to combine with other selects of ids; with
    /// <paramref name="fromId"/> (an SQL expression), only tickets from that id on.
    /// </summary>
    public static string Matching(DbConnection connection, SearchQuery query, DynamicParameters args, string? fromId = null, MatchMode mode = MatchMode.AllTerms)
    {
        if (connection is SqliteConnection)
        {
            args.Add("match", query.ToFts5Match(mode));
            return "SELECT rowid FROM sd_ticket_search WHERE sd_ticket_search MATCH @match" + (fromId is null ? "" : $" AND rowid >= {fromId}");
        }

        args.Add("tsq", query.ToTsQuery(mode));
        return "SELECT ticket_id FROM sd_ticket_search WHERE document @@ @tsq::tsquery" + (fromId is null ? "" : $" AND ticket_id >= {fromId}");
    }

    /// <summary>A condition that the ticket <paramref name="id"/> (an SQL expression) matches the text, looked up in the word's index.</summary>
    public static string IsMatch(DbConnection connection, SearchQuery query, DynamicParameters args, string id, MatchMode mode = MatchMode.AllTerms)
    {
        if (connection is SqliteConnection)
        {
            args.Add("match", query.ToFts5Match(mode));
            return $"EXISTS (SELECT 1 FROM sd_ticket_search s WHERE sd_ticket_search MATCH @match AND s.rowid = {id})";
        }

        // A scalar subquery rather than EXISTS: PostgreSQL turns a correlated EXISTS into a hashed scan of every matching row.
        args.Add("tsq", query.ToTsQuery(mode));
        return $"COALESCE((SELECT s.document @@ @tsq::tsquery FROM sd_ticket_search s WHERE s.ticket_id = {id}), FALSE)";
    }

    /// <summary>
    /// A row per matching ticket that also meets <paramref name="ticketConditions"/> (over <c>sd_tickets t</c>), read from the word's
    /// index outward, for a capped count. With <paramref name="newestFirst"/> (when the conditions pass most tickets) PostgreSQL is
    /// asked for the newest first, so that for a common word it walks back from the newest search rows and stops at the cap, and for
    /// a rarer one takes the word's index and sorts the few; with narrower conditions it takes the word's index.
    /// </summary>
    public static string MatchingTickets(DbConnection connection, SearchQuery query, DynamicParameters args, IReadOnlyList<string> ticketConditions, bool newestFirst,
        MatchMode mode = MatchMode.AllTerms)
    {
        var conditions = string.Concat(ticketConditions.Select(c => " AND " + c));
        if (connection is SqliteConnection)
        {
            args.Add("match", query.ToFts5Match(mode));
            return "SELECT 1 FROM sd_ticket_search s CROSS JOIN sd_tickets t WHERE sd_ticket_search MATCH @match AND t.id = s.rowid" + conditions;
        }

        // The ticket's conditions as a scalar subquery: a join would be planned as a hash of every matching row.
        args.Add("tsq", query.ToTsQuery(mode));
        var ticket = ticketConditions.Count == 0 ? "" : $" AND COALESCE((SELECT TRUE FROM sd_tickets t WHERE t.id = s.ticket_id{conditions}), FALSE)";
        return $"(SELECT 1 FROM sd_ticket_search s WHERE s.document @@ @tsq::tsquery{ticket}{(newestFirst ? " ORDER BY s.ticket_id DESC" : "")})";
    }

    /// <summary>The tickets most like a text among those already resolved or closed (any word may match), best first.</summary>
    public static async Task<List<long>> SimilarAsync(DbConnection connection, SearchQuery query, int limit, long? except, CancellationToken ct)
    {
        if (query.IsEmpty)
        {
            return [];
        }

        var sql = connection is SqliteConnection
            ? $"""
              SELECT s.rowid FROM sd_ticket_search s JOIN sd_tickets t ON t.id = s.rowid
              WHERE sd_ticket_search MATCH @match AND t.state_category IN ('resolved', 'closed') AND t.id <> @except
              ORDER BY {Fts5Search.Bm25("sd_ticket_search")}, t.id DESC LIMIT @limit
              """
            : $"""
              SELECT s.ticket_id FROM sd_ticket_search s JOIN sd_tickets t ON t.id = s.ticket_id
              WHERE s.document @@ @q::tsquery AND t.state_category IN ('resolved', 'closed') AND t.id <> @except
              ORDER BY {PostgresSearch.Rank("s.document", "@q::tsquery")} DESC, t.id DESC LIMIT @limit
              """;
        return (await connection.QueryAsync<long>(new CommandDefinition(sql,
            new { match = query.ToFts5Match(MatchMode.AnyTerm), q = query.ToTsQuery(MatchMode.AnyTerm), except = except ?? 0, limit }, cancellationToken: ct))).ToList();
    }
}
