namespace HospitalOps.TextSearch.Tests;

public sealed class SearchQueryTests
{
    [Fact]
    public void Parse_OneCjkCharacter_LooksForTheCharacter()
    {
        var query = SearchQuery.Parse("锁");
        query.ToFts5Match().ShouldBe("\"锁\"");
        query.ToTsQuery().ShouldBe("'锁'");
    }

    [Fact]
    public void Parse_TwoCjkCharacters_LooksForThePair() =>
        SearchQuery.Parse("宕机").ToFts5Match().ShouldBe("\"宕机\"");

    [Fact]
    public void Parse_LongerCjkRun_RequiresEveryAdjacentPair()
    {
        var query = SearchQuery.Parse("锁等待");
        query.ToFts5Match().ShouldBe("\"锁等\" AND \"等待\"");
        query.ToTsQuery().ShouldBe("'锁等' & '等待'");
    }

    [Fact]
    public void Parse_MixedTerm_RequiresTheWordAndThePairs()
    {
        var query = SearchQuery.Parse("Oracle锁等待");
        query.ToFts5Match().ShouldBe("\"oracle\"* AND \"锁等\" AND \"等待\"");
        query.ToTsQuery().ShouldBe("'oracle':* & '锁等' & '等待'");
        query.Required.ShouldHaveSingleItem().Literal.ShouldBe("oracle锁等待");
    }

    [Theory]
    [InlineData("orac", "\"orac\"*")]
    [InlineData("ntp", "\"ntp\"")]
    [InlineData("his", "\"his\"")]
    [InlineData("his*", "\"his\"*")]
    [InlineData("2026", "\"2026\"")]
    [InlineData("ORA-00060", "\"ora-00060\"*")]
    [InlineData("10.1.2.3", "\"10.1.2.3\"")]
    public void Parse_Words_ArePrefixesFromFourCharactersWithALetter(string input, string match) =>
        SearchQuery.Parse(input).ToFts5Match().ShouldBe(match);

    [Fact]
    public void Parse_CompoundOfMoreThanFourParts_RequiresEveryFourPartWindow() =>
        SearchQuery.Parse("1.2.3.4.5").ToFts5Match().ShouldBe("\"1.2.3.4\" AND \"2.3.4.5\"");

    [Fact]
    public void Parse_FullWidthInput_IsNormalized() =>
        SearchQuery.Parse("ＯＲＡ－０００６０").ToFts5Match().ShouldBe("\"ora-00060\"*");

    [Fact]
    public void Parse_Exclusion_BecomesNot()
    {
        var query = SearchQuery.Parse("告警 -风暴");
        query.ToFts5Match().ShouldBe("(\"告警\") NOT ((\"风暴\"))");
        query.ToTsQuery().ShouldBe("'告警' & !( '风暴' )");
    }

    [Fact]
    public void Parse_HyphenInsideAWord_IsNoExclusion() =>
        SearchQuery.Parse("ora-00060").Excluded.ShouldBeEmpty();

    [Fact]
    public void Parse_QuotedPhrase_IsOneExactGroup()
    {
        var query = SearchQuery.Parse("\"log file sync\" 等待");
        var phrase = query.Required[0];
        phrase.IsPhrase.ShouldBeTrue();
        phrase.Literal.ShouldBe("logfilesync");
        phrase.Terms.ShouldAllBe(t => !t.Prefix);
        query.ToFts5Match().ShouldBe("\"log\" AND \"file\" AND \"sync\" AND \"等待\"");
    }

    [Fact]
    public void Parse_AnyTerm_OrsTheLooseTermsAndKeepsPhrasesRequired()
    {
        var query = SearchQuery.Parse("\"log file\" 磁盘不足");
        query.ToFts5Match(MatchMode.AnyTerm).ShouldBe("\"log\" AND \"file\" AND (\"磁盘\" OR \"盘不\" OR \"不足\")");
        query.ToTsQuery(MatchMode.AnyTerm).ShouldBe("'log' & 'file' & ( '磁盘' | '盘不' | '不足' )");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("\"\"")]
    [InlineData("()*:&|!")]
    [InlineData("-告警")]
    [InlineData("- - -")]
    [InlineData("🔥🚑")]
    public void Parse_NothingToLookFor_IsEmpty(string? input)
    {
        var query = SearchQuery.Parse(input);
        query.IsEmpty.ShouldBeTrue();
        Should.Throw<InvalidOperationException>(() => query.ToFts5Match());
    }

    [Fact]
    public void Parse_OperatorWords_AreOrdinaryTerms() =>
        SearchQuery.Parse("disk AND NOT full OR NEAR").ToFts5Match().ShouldBe("\"disk\"* AND \"and\" AND \"not\" AND \"full\"* AND \"or\" AND \"near\"*");

    [Fact]
    public void Parse_VeryLongInput_IsCut()
    {
        var query = SearchQuery.Parse(string.Join(' ', Enumerable.Range(0, 5000).Select(i => "w" + i)));
        query.Required.SelectMany(g => g.Terms).Count().ShouldBeLessThanOrEqualTo(SearchQuery.MaxTerms);
    }

    [Fact]
    public void Parse_InputCutInsideASurrogatePair_DoesNotThrow()
    {
        var input = new string('a', SearchQuery.MaxInputLength - 1) + "𠀀";
        SearchQuery.Parse(input).IsEmpty.ShouldBeFalse();
    }
}
