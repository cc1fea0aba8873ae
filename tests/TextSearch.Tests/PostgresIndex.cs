using HospitalOps.TextSearch.Tests.Corpus;
using Npgsql;

namespace HospitalOps.TextSearch.Tests;

/// <summary>The test set in a real PostgreSQL table (a temporary one, gone with the connection).</summary>
public sealed class PostgresIndex : IDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly Dictionary<int, Article> _articles = [];

    public PostgresIndex(IEnumerable<Article> articles)
    {
        _connection = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
        _connection.Open();
        using (var create = new NpgsqlCommand("CREATE TEMP TABLE article_search (id int PRIMARY KEY, terms tsvector NOT NULL); CREATE INDEX ON article_search USING gin (terms)", _connection))
        {
            create.ExecuteNonQuery();
        }

        foreach (var article in articles)
        {
            _articles[article.Id] = article;
            using var insert = new NpgsqlCommand("INSERT INTO article_search (id, terms) VALUES (@id, @terms::tsvector)", _connection);
            insert.Parameters.AddWithValue("id", article.Id);
            insert.Parameters.AddWithValue("terms", PostgresSearch.ToTsVector(article.Title, article.Body));
            insert.ExecuteNonQuery();
        }
    }

    public NpgsqlConnection Connection => _connection;

    /// <summary>Ids in engine order (ts_rank), without re-ranking.</summary>
    public List<int> Match(string tsquery)
    {
        using var command = new NpgsqlCommand(
            $"SELECT id FROM article_search WHERE terms @@ @q::tsquery ORDER BY {PostgresSearch.Rank("terms", "@q::tsquery")} DESC, id LIMIT 100", _connection);
        command.Parameters.AddWithValue("q", tsquery);
        using var reader = command.ExecuteReader();
        var ids = new List<int>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt32(0));
        }

        return ids;
    }

    /// <summary>Every term required, any term when that finds nothing; then re-ranked.</summary>
    public List<int> Search(string input)
    {
        var query = SearchQuery.Parse(input);
        if (query.IsEmpty)
        {
            return [];
        }

        var ids = Match(query.ToTsQuery());
        if (ids.Count == 0)
        {
            ids = Match(query.ToTsQuery(MatchMode.AnyTerm));
        }

        return SearchRanker.Rerank(query, ids.Select(id => _articles[id]), a => a.Title, a => a.Body).Select(a => a.Id).ToList();
    }

    public void Dispose() => _connection.Dispose();
}
