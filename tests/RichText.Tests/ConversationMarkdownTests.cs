namespace HospitalOps.RichText.Tests;

/// <summary>Ticket descriptions and comments: line breaks as typed, mentions marked, and the same safety as articles.</summary>
public sealed class ConversationMarkdownTests
{
    private static string Conversation(string text, params string[] mentions) =>
        SafeMarkdown.ToHtml(text, new SafeMarkdownOptions(KeepLineBreaks: true, Mentions: mentions));

    [Fact]
    public void PlainLines_KeepTheirBreaks()
    {
        var html = Conversation("告警事态 #12：磁盘将满\n严重级别：严重\n配置项：HIS 数据库（db-his-01，database）");
        html.ShouldBe("<p>告警事态 #12：磁盘将满<br />\n严重级别：严重<br />\n配置项：HIS 数据库（db-his-01，database）</p>\n");
    }

    [Fact]
    public void ArticleText_JoinsLinesAsMarkdownDoes()
    {
        SafeMarkdown.ToHtml("第一行\n第二行").ShouldBe("<p>第一行\n第二行</p>\n");
    }

    [Fact]
    public void Markdown_StillRenders()
    {
        var html = Conversation("**已重启**服务\n\n- 检查 `listener.ora`\n- 更新证书");
        html.ShouldContain("<strong>已重启</strong>");
        html.ShouldContain("<li>检查 <code>listener.ora</code></li>");
    }

    [Fact]
    public void APlainLine_KeepsTheWords_WithoutTheMarks()
    {
        SafeMarkdown.ToPlainLine("## 处理\n**已重启**服务，见 [手册](https://wiki.hospital.example/x)\n\n- 检查 `listener.ora`\n- 更新证书")
            .ShouldBe("处理 已重启服务，见 手册 检查 listener.ora 更新证书");
        SafeMarkdown.ToPlainLine("<script>alert(1)</script> 文本").ShouldBe("<script>alert(1)</script> 文本");
        SafeMarkdown.ToPlainLine(new string('长', 300)).ShouldBe(new string('长', 200) + "…");
        SafeMarkdown.ToPlainLine("  \n ").ShouldBe("");
    }

    [Fact]
    public void MentionedUsers_AreMarked()
    {
        var html = Conversation("感谢 @huang.qiang 的处理，请 @li_ming 跟进。", "huang.qiang", "li_ming");
        html.ShouldContain("<span class=\"mention\">@huang.qiang</span> 的处理");
        html.ShouldContain("<span class=\"mention\">@li_ming</span> 跟进");
    }

    [Fact]
    public void AtTheEndOfASentence_TheDotIsNotPartOfTheName()
    {
        Conversation("请 @huang.qiang.", "huang.qiang").ShouldBe("<p>请 <span class=\"mention\">@huang.qiang</span>.</p>\n");
    }

    [Theory]
    [InlineData("写信到 ops@huang.qiang")]
    [InlineData("`@huang.qiang` 是登录名")]
    [InlineData("@huang.qiangx")]
    public void AddressesCodeAndOtherNames_AreNotMarked(string text) => Conversation(text, "huang.qiang").ShouldNotContain("mention");

    [Fact]
    public void NamesNotMentioned_StayText() => Conversation("@nobody 看一下", "huang.qiang").ShouldBe("<p>@nobody 看一下</p>\n");

    [Theory]
    [InlineData("<script>alert(1)</script>\n@huang.qiang")]
    [InlineData("[x](javascript:alert(1))\n@huang.qiang")]
    public void Conversation_IsAsSafeAsAnArticle(string hostile)
    {
        var html = Conversation(hostile, "huang.qiang", "\"><script>");
        html.ShouldNotContain("<script", Case.Insensitive);
        html.ShouldNotContain("javascript:", Case.Insensitive);
        html.ShouldContain("<span class=\"mention\">@huang.qiang</span>");
    }
}
