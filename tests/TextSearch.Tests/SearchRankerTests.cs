using HospitalOps.TextSearch.Tests.Corpus;

namespace HospitalOps.TextSearch.Tests;

public sealed class SearchRankerTests
{
    private static List<int> Rerank(string query, params Article[] bestFirst) =>
        SearchRanker.Rerank(SearchQuery.Parse(query), bestFirst, a => a.Title, a => a.Body).Select(a => a.Id).ToList();

    [Fact]
    public void LiteralInTheTitle_RanksAboveScatteredCharacters() =>
        Rerank("锁等待",
            new Article(1, "行锁等问题与等待事件", "锁等 等待 锁等 等待"),
            new Article(2, "Oracle锁等待", "收费窗口卡顿")).ShouldBe([2, 1]);

    [Fact]
    public void LiteralInTheBody_RanksAboveScatteredCharacters() =>
        Rerank("锁等待",
            new Article(1, "锁等", "等待"),
            new Article(2, "收费卡顿", "出现锁等待")).ShouldBe([2, 1]);

    [Fact]
    public void MixedQueryWithOrWithoutSpace_ComparesEqual() =>
        Rerank("oracle 锁等待", new Article(1, "x", "oracle"), new Article(2, "ＯＲＡＣＬＥ锁等待", "")).ShouldBe([2, 1]);

    [Fact]
    public void EqualScores_KeepTheEnginesOrder() =>
        Rerank("告警", new Article(3, "告警 a", ""), new Article(1, "告警 b", ""), new Article(2, "告警 c", "")).ShouldBe([3, 1, 2]);

    [Fact]
    public void QuotedPhrase_DropsCandidatesWithoutIt() =>
        Rerank("\"disk full\"", new Article(1, "full disk", "the disk is full"), new Article(2, "Disk  full!", "")).ShouldBe([2]);
}
