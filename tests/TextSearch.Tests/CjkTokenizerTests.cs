namespace HospitalOps.TextSearch.Tests;

public sealed class CjkTokenizerTests
{
    private static string[] Terms(string text) => CjkTokenizer.Tokenize(text).Select(t => t.Text).ToArray();

    [Fact]
    public void Tokenize_CjkRun_GivesEveryCharacterAndEveryAdjacentPair() =>
        Terms("锁等待").ShouldBe(["锁", "锁等", "等", "等待", "待"]);

    [Fact]
    public void Tokenize_MixedLatinAndHan_SplitsAtTheScriptChange() =>
        Terms("Oracle锁等待").ShouldBe(["oracle", "锁", "锁等", "等", "等待", "待"]);

    [Fact]
    public void Tokenize_FullWidthLetters_AreNormalizedAndLowerCased() =>
        Terms("ＯＲＡＣＬＥ　ＲＡＣ").ShouldBe(["oracle", "rac"]);

    [Fact]
    public void Tokenize_ErrorCode_IndexesTheWholeAndItsParts() =>
        Terms("ORA-00060").ShouldBe(["ora", "ora-00060", "00060"]);

    [Fact]
    public void Tokenize_Address_IndexesEveryChainOfUpToFourParts()
    {
        var terms = Terms("10.1.2.3");
        terms.ShouldBe(["10", "10.1", "10.1.2", "10.1.2.3", "1", "1.2", "1.2.3", "2", "2.3", "3"]);
    }

    [Fact]
    public void Tokenize_UnderscoreName_IndexesTheWholeAndItsParts() =>
        Terms("his_db").ShouldBe(["his", "his_db", "db"]);

    [Fact]
    public void Tokenize_CompoundInsideALongerChain_IsStillATerm() =>
        Terms("deadlock:ORA-00060").ShouldContain("ora-00060");

    [Fact]
    public void Tokenize_PunctuationAroundWords_IsDropped() =>
        Terms("(HIS) 宕机！ -- 告警? ORA-00060: ...").ShouldBe(["his", "宕", "宕机", "机", "告", "告警", "警", "ora", "ora-00060", "00060"]);

    [Fact]
    public void Tokenize_DoubledJoiner_SeparatesWords() =>
        Terms("http://his").ShouldBe(["http", "his"]);

    [Fact]
    public void Tokenize_EmojiAndSymbols_AreIgnored() =>
        Terms("🔥 告警 ★ +++ ©").ShouldBe(["告", "告警", "警"]);

    [Theory]
    [InlineData("")]
    [InlineData("   \t\n")]
    [InlineData("，。！？、“”")]
    [InlineData(null)]
    public void Tokenize_NothingSearchable_GivesNoTerms(string? text) => Terms(text!).ShouldBeEmpty();

    [Fact]
    public void Tokenize_LoneSurrogate_DoesNotThrow() => Terms("告\uD800警").ShouldBe(["告", "警"]);

    [Fact]
    public void Tokenize_HanBeyondTheBasicPlane_IsOneCharacter() =>
        Terms("𠀀𠀁").ShouldBe(["𠀀", "𠀀𠀁", "𠀁"]);

    [Fact]
    public void Tokenize_KanaAndHangul_AreCjkRuns()
    {
        Terms("サーバー").ShouldContain("サー");
        Terms("서버").ShouldBe(["서", "서버", "버"]);
    }

    [Fact]
    public void Tokenize_LongWord_IsCutToTheMaximumLength()
    {
        var term = Terms(new string('a', 500)).ShouldHaveSingleItem();
        term.Length.ShouldBe(CjkTokenizer.MaxTermLength);
    }

    [Fact]
    public void Tokenize_Positions_ShareTheStartAndLeaveAGapBetweenRuns()
    {
        var terms = CjkTokenizer.Tokenize("锁等 oracle");
        terms.ShouldBe([new IndexTerm("锁", 0), new IndexTerm("锁等", 0), new IndexTerm("等", 1), new IndexTerm("oracle", 3)]);
    }

    [Fact]
    public void ToIndexText_JoinsTermsWithSpaces() =>
        CjkTokenizer.ToIndexText("HIS宕机").ShouldBe("his 宕 宕机 机");
}
