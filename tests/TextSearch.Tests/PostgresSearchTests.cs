using HospitalOps.TextSearch.Tests.Corpus;
using Npgsql;

namespace HospitalOps.TextSearch.Tests;

/// <summary>The PostgreSQL side: the literals' shape here, and against a real server when one is configured.</summary>
public sealed class PostgresSearchTests
{
    [Fact]
    public void ToTsVector_WeighsTitleTermsAAndPlacesTheBodyAfterTheTitle() =>
        PostgresSearch.ToTsVector("锁等", "oracle 锁").ShouldBe("'锁':1A,6 '锁等':1A '等':2A 'oracle':4");

    [Fact]
    public void ToTsVector_NothingSearchable_IsEmpty() => PostgresSearch.ToTsVector(null, "，。").ShouldBe(string.Empty);

    [Fact]
    public void ToTsVector_KeepsAtMost256PositionsOfALexeme() =>
        PostgresSearch.ToTsVector(null, string.Join(' ', Enumerable.Repeat("告", 1000))).Split(',').Length.ShouldBe(256);

    [Fact]
    public void ToTsQuery_PrefixAndExclusionShape() =>
        SearchQuery.Parse("orac -ntp \"log file\"").ToTsQuery().ShouldBe("'orac':* & 'log' & 'file' & !( 'ntp' )");

    [PostgresFact]
    public void Vector_HoldsExactlyTheTokenizersTerms()
    {
        using var index = new PostgresIndex([]);
        foreach (var article in KnowledgeCorpus.Articles)
        {
            using var command = new NpgsqlCommand("SELECT tsvector_to_array(@v::tsvector)", index.Connection);
            command.Parameters.AddWithValue("v", PostgresSearch.ToTsVector(article.Title, article.Body));
            var lexemes = ((string[])command.ExecuteScalar()!).ToHashSet(StringComparer.Ordinal);
            var expected = CjkTokenizer.Tokenize(article.Title).Concat(CjkTokenizer.Tokenize(article.Body)).Select(t => t.Text).ToHashSet(StringComparer.Ordinal);
            lexemes.SetEquals(expected).ShouldBeTrue(article.Title);
        }
    }

    [PostgresFact]
    public void HostileInput_NeverFailsInPostgres()
    {
        using var index = new PostgresIndex(KnowledgeCorpus.Articles);
        foreach (var input in HostileInput.All)
        {
            var query = SearchQuery.Parse(input);
            if (query.IsEmpty)
            {
                continue;
            }

            foreach (var mode in new[] { MatchMode.AllTerms, MatchMode.AnyTerm })
            {
                var tsquery = query.ToTsQuery(mode);
                Should.NotThrow(() => index.Match(tsquery), $"input «{input}» gave «{tsquery}»");
            }
        }
    }

    [PostgresFact]
    public void TitleTerm_RanksAboveTheSameTermInTheBody()
    {
        using var index = new PostgresIndex([new Article(1, "机房巡检", "空调 空调 温度"), new Article(2, "空调故障", "机房温度升高")]);
        index.Match(SearchQuery.Parse("空调").ToTsQuery()).ShouldBe([2, 1]);
    }
}
