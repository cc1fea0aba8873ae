using HospitalOps.TextSearch.Tests.Corpus;
using Microsoft.Data.Sqlite;

namespace HospitalOps.TextSearch.Tests;

/// <summary>The test set in a real SQLite FTS5 table, searched the way a module would.</summary>
public sealed class SqliteIndex : IDisposable
{
    private const string Table = "article_search";
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly Dictionary<int, Article> _articles = [];

    public SqliteIndex(IEnumerable<Article> articles)
    {
        _connection.Open();
        Execute(Fts5Search.CreateTableSql(Table));
        foreach (var article in articles)
        {
            Add(article);
        }
    }

    public SqliteConnection Connection => _connection;

    public void Add(Article article)
    {
        _articles[article.Id] = article;
        using var insert = _connection.CreateCommand();
        insert.CommandText = $"INSERT INTO {Table} (rowid, title, body) VALUES ($id, $title, $body)";
        insert.Parameters.AddWithValue("$id", article.Id);
        insert.Parameters.AddWithValue("$title", CjkTokenizer.ToIndexText(article.Title));
        insert.Parameters.AddWithValue("$body", CjkTokenizer.ToIndexText(article.Body));
        insert.ExecuteNonQuery();
    }

    /// <summary>Ids in engine order (bm25), without re-ranking.</summary>
    public List<int> Match(string match)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT rowid FROM {Table} WHERE {Table} MATCH $match ORDER BY {Fts5Search.Bm25(Table)}, rowid LIMIT 100";
        command.Parameters.AddWithValue("$match", match);
        using var reader = command.ExecuteReader();
        var ids = new List<int>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt32(0));
        }

        return ids;
    }

    /// <summary>Every term required, any term when that finds nothing; then re-ranked.</summary>
    public List<int> Search(string input, MatchMode? only = null)
    {
        var query = SearchQuery.Parse(input);
        if (query.IsEmpty)
        {
            return [];
        }

        var ids = Match(query.ToFts5Match(only ?? MatchMode.AllTerms));
        if (ids.Count == 0 && only is null)
        {
            ids = Match(query.ToFts5Match(MatchMode.AnyTerm));
        }

        return SearchRanker.Rerank(query, ids.Select(id => _articles[id]), a => a.Title, a => a.Body).Select(a => a.Id).ToList();
    }

    /// <summary>The terms FTS5 itself holds for the table.</summary>
    public HashSet<string> Vocabulary()
    {
        Execute($"CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, {Table}, 'row')");
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT term FROM temp.vocab";
        using var reader = command.ExecuteReader();
        var terms = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            terms.Add(reader.GetString(0));
        }

        return terms;
    }

    public void Dispose() => _connection.Dispose();

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
