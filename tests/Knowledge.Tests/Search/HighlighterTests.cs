using HospitalOps.Knowledge.Search;
using HospitalOps.TextSearch;

namespace HospitalOps.Knowledge.Tests.Search;

public sealed class HighlighterTests
{
    private static string Marked(IEnumerable<HospitalOps.Knowledge.Articles.TextPart> parts) =>
        string.Concat(parts.Select(p => p.Hit ? $"[{p.Text}]" : p.Text));

    [Fact]
    public void Mark_FindsTheQueryTermsInTheOriginalText_WhateverItsWidthAndCase()
    {
        var terms = Highlighter.Terms(SearchQuery.Parse("ora-00060 锁等待"));
        Marked(Highlighter.Mark("ＯＲＡ－０００６０ 死锁，Oracle 锁等待", terms)).ShouldBe("[ＯＲＡ－０００６０] 死锁，Oracle [锁等待]");
    }

    [Fact]
    public void Snippet_StartsNearTheFirstMatch_OfTheFirstSectionThatHasOne()
    {
        var terms = Highlighter.Terms(SearchQuery.Parse("归档"));
        var body = new string('甲', 300) + "归档日志写满" + new string('乙', 300);
        var snippet = Highlighter.Snippet(["没有匹配的症状", body], terms);
        snippet[0].Text.ShouldBe("…");
        snippet[^1].Text.ShouldBe("…");
        snippet.ShouldContain(p => p.Hit && p.Text == "归档");
        string.Concat(snippet.Select(p => p.Text)).Length.ShouldBeLessThanOrEqualTo(Highlighter.SnippetLength + 2);
    }

    [Fact]
    public void Snippet_WithoutAMatch_IsTheStartOfTheFirstSection_AndMarkdownIsPlain()
    {
        var snippet = Highlighter.Snippet(["## 处理\n\n1. **重启** `chronyd`", "x"], Highlighter.Terms(SearchQuery.Parse("不存在")));
        string.Concat(snippet.Select(p => p.Text)).ShouldBe("处理 1. 重启 chronyd");
        snippet.ShouldAllBe(p => !p.Hit);
        Highlighter.Plain("pg_replication_lag_seconds **x**").ShouldBe("pg_replication_lag_seconds x");
    }

    [Fact]
    public void Snippet_NeverCutsASurrogatePair()
    {
        var text = string.Concat(Enumerable.Repeat("😀", 200)) + "告警";
        var snippet = Highlighter.Snippet([text], Highlighter.Terms(SearchQuery.Parse("告警")));
        foreach (var part in snippet)
        {
            char.IsLowSurrogate(part.Text[0]).ShouldBeFalse();
            char.IsHighSurrogate(part.Text[^1]).ShouldBeFalse();
        }
    }
}
