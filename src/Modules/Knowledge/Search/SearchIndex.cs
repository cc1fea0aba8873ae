using System.Data.Common;
using Dapper;
using HospitalOps.Knowledge.Articles;
using HospitalOps.TextSearch;
using Microsoft.Data.Sqlite;

namespace HospitalOps.Knowledge.Search;

/// <summary>
/// The search index of published articles, one row per article: an FTS5 table on SQLite, a GIN-indexed tsvector on
/// PostgreSQL, both holding the terms of <see cref="CjkTokenizer"/> with the title in its own, heavier column.
/// </summary>
internal static class SearchIndex
{
    public const int Candidates = 200;

    /// <summary>The text indexed as the body: the three sections, then tags, business systems, CIs and monitoring items.</summary>
    public static string Body(VersionRow v)
    {
        var refs = v.RefsValue;
        return string.Join('\n', new[] { v.Symptom, v.Cause, v.Solution, string.Join(' ', v.TagList) }
            .Concat(refs.Systems.Select(s => s.Name)).Concat(refs.Cis.Select(c => c.Code + " " + c.Name)).Concat(refs.Monitors.Select(m => m.Title)));
    }

    public static async Task WriteAsync(DbConnection connection, DbTransaction tx, long articleId, VersionRow version, CancellationToken ct)
    {
        if (connection is SqliteConnection)
        {
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM knowledge_search WHERE rowid = @articleId", new { articleId }, tx, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO knowledge_search (rowid, title, body) VALUES (@articleId, @title, @body)",
                new { articleId, title = CjkTokenizer.ToIndexText(version.Title), body = CjkTokenizer.ToIndexText(Body(version)) }, tx, cancellationToken: ct));
            return;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO knowledge_search (article_id, document) VALUES (@articleId, @vector::tsvector)
            ON CONFLICT (article_id) DO UPDATE SET document = excluded.document
            """,
            new { articleId, vector = PostgresSearch.ToTsVector(version.Title, Body(version)) }, tx, cancellationToken: ct));
    }

    /// <summary>The ids of the published articles matching <paramref name="query"/>, best first (at most <see cref="Candidates"/>).</summary>
    public static async Task<List<long>> FindAsync(DbConnection connection, SearchQuery query, MatchMode mode, CancellationToken ct)
    {
        if (query.IsEmpty)
        {
            return [];
        }

        if (connection is SqliteConnection)
        {
            return (await connection.QueryAsync<long>(new CommandDefinition(
                $"SELECT rowid FROM knowledge_search WHERE knowledge_search MATCH @match ORDER BY {Fts5Search.Bm25("knowledge_search")}, rowid LIMIT {Candidates}",
                new { match = query.ToFts5Match(mode) }, cancellationToken: ct))).ToList();
        }

        return (await connection.QueryAsync<long>(new CommandDefinition(
            $"SELECT article_id FROM knowledge_search WHERE document @@ @q::tsquery ORDER BY {PostgresSearch.Rank("document", "@q::tsquery")} DESC, article_id LIMIT {Candidates}",
            new { q = query.ToTsQuery(mode) }, cancellationToken: ct))).ToList();
    }
}
