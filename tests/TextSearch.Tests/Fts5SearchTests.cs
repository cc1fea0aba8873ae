using HospitalOps.TextSearch.Tests.Corpus;
using Microsoft.Data.Sqlite;

namespace HospitalOps.TextSearch.Tests;

/// <summary>The FTS5 side against the real SQLite the platform ships with.</summary>
public sealed class Fts5SearchTests
{
    private static readonly string[] OddTexts =
    [
        "ORA-00060 10.1.2.3 his_db /u01/app/oracle deadlock:ORA-00060 dba@hospital.local 09:30 v$session",
        "Oracle锁等待 ＯＲＡＣＬＥ 宕机 𠀀𠀁 サーバー停止 서버 다운 नमस्ते café cafe\u0301 Ⅳ ① ½",
        "告\u0301警 👨‍⚕️ 〇〇 々 ｶﾀｶﾅ",
    ];

    [Fact]
    public void Table_HoldsExactlyTheTokenizersTerms()
    {
        var articles = KnowledgeCorpus.Articles.Concat(OddTexts.Select((t, i) => new Article(100 + i, t, t))).ToList();
        using var index = new SqliteIndex(articles);

        var expected = articles.SelectMany(a => CjkTokenizer.Tokenize(a.Title).Concat(CjkTokenizer.Tokenize(a.Body))).Select(t => t.Text).ToHashSet(StringComparer.Ordinal);
        var stored = index.Vocabulary();

        stored.Except(expected).ShouldBeEmpty("FTS5 split or changed terms");
        expected.Except(stored).ShouldBeEmpty("FTS5 lost terms");
    }

    [Fact]
    public void EveryTerm_IsFoundAsOneToken()
    {
        using var index = new SqliteIndex(OddTexts.Select((t, i) => new Article(100 + i, t, t)));
        foreach (var term in OddTexts.SelectMany(t => CjkTokenizer.Tokenize(t)).Select(t => t.Text).Distinct())
        {
            index.Match(SearchQuery.Parse(term).ToFts5Match()).ShouldNotBeEmpty(term);
        }
    }

    [Fact]
    public void HostileInput_NeverFailsInSqlite()
    {
        using var index = new SqliteIndex(KnowledgeCorpus.Articles);
        foreach (var input in HostileInput.All)
        {
            var query = SearchQuery.Parse(input);
            if (query.IsEmpty)
            {
                continue;
            }

            foreach (var mode in new[] { MatchMode.AllTerms, MatchMode.AnyTerm })
            {
                var match = query.ToFts5Match(mode);
                Should.NotThrow(() => index.Match(match), $"input «{input}» gave «{match}»");
            }
        }

        index.Match("\"告警\"").ShouldNotBeEmpty("the table survived");
    }

    [Fact]
    public void TitleTerm_RanksAboveTheSameTermInTheBody()
    {
        using var index = new SqliteIndex([new Article(1, "机房巡检", "空调 空调 温度"), new Article(2, "空调故障", "机房温度升高")]);
        index.Match(SearchQuery.Parse("空调").ToFts5Match()).ShouldBe([2, 1]);
    }

    [Fact]
    public void Exclusion_RemovesMatchingArticles()
    {
        using var index = new SqliteIndex(KnowledgeCorpus.Articles);
        var all = index.Match(SearchQuery.Parse("告警").ToFts5Match());
        var without = index.Match(SearchQuery.Parse("告警 -风暴 -CPU").ToFts5Match());
        all.ShouldContain(2);
        all.ShouldContain(20);
        without.ShouldNotContain(2);
        without.ShouldNotContain(20);
        without.ShouldContain(8);
    }

    [Theory]
    [InlineData("article search")]
    [InlineData("x; DROP TABLE y")]
    [InlineData("1abc")]
    [InlineData("")]
    public void CreateTableSql_RefusesNamesThatAreNotPlainIdentifiers(string name) =>
        Should.Throw<ArgumentException>(() => Fts5Search.CreateTableSql(name));

    [Fact]
    public void DeletedArticle_IsNoLongerFound()
    {
        using var index = new SqliteIndex(KnowledgeCorpus.Articles);
        using var delete = index.Connection.CreateCommand();
        delete.CommandText = "DELETE FROM article_search WHERE rowid = 1";
        delete.ExecuteNonQuery();
        index.Match(SearchQuery.Parse("宕机").ToFts5Match()).ShouldBe([25]);
    }
}
