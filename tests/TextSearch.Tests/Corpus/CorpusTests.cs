namespace HospitalOps.TextSearch.Tests.Corpus;

/// <summary>The knowledge test set, on SQLite FTS5 and on PostgreSQL.</summary>
public sealed class CorpusTests
{
    public static TheoryData<CorpusQuery> Queries => new(KnowledgeCorpus.Queries);

    [Theory]
    [MemberData(nameof(Queries))]
    public void Sqlite_FindsTheExpectedArticles(CorpusQuery query)
    {
        using var index = new SqliteIndex(KnowledgeCorpus.Articles);
        KnowledgeCorpus.Check(query, index.Search(query.Query));
    }

    [PostgresFact]
    public void Postgres_FindsTheExpectedArticlesForEveryQuery()
    {
        using var index = new PostgresIndex(KnowledgeCorpus.Articles);
        var failures = new List<string>();
        foreach (var query in KnowledgeCorpus.Queries)
        {
            try
            {
                KnowledgeCorpus.Check(query, index.Search(query.Query));
            }
            catch (ShouldAssertException e)
            {
                failures.Add(e.Message);
            }
        }

        failures.ShouldBeEmpty();
    }

    [Fact]
    public void Sqlite_EveryTermRequired_DoesNotFindAnExtraCharacter()
    {
        using var index = new SqliteIndex(KnowledgeCorpus.Articles);
        index.Search("磁盘空间不足了", MatchMode.AllTerms).ShouldBeEmpty();
        index.Search("磁盘空间不足了", MatchMode.AnyTerm).First().ShouldBe(8);
    }

    [Fact]
    public void Sqlite_ScatteredPairs_MatchButRankBelowTheLiteralTitle()
    {
        using var index = new SqliteIndex(KnowledgeCorpus.Articles);
        var results = index.Search("锁等待");
        results.ShouldBe([3, 21]);
    }
}
