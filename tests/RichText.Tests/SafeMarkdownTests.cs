namespace HospitalOps.RichText.Tests;

public sealed class SafeMarkdownTests
{
    [Fact]
    public void OrdinaryMarkdown_BecomesHtml()
    {
        var html = SafeMarkdown.ToHtml("## 处理步骤\n\n1. 查询 `v$session`\n2. **结束**阻塞会话\n\n| 列 | 值 |\n|---|---|\n| a | b |\n\n~~旧办法~~");
        html.ShouldContain("<h2");
        html.ShouldContain("<ol>");
        html.ShouldContain("<code>v$session</code>");
        html.ShouldContain("<strong>结束</strong>");
        html.ShouldContain("<table>");
        html.ShouldContain("<del>旧办法</del>");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n ")]
    public void BlankText_IsEmpty(string? text) => SafeMarkdown.ToHtml(text).ShouldBe(string.Empty);

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("text <script>alert(1)</script> inline")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>")]
    [InlineData("<div onclick=\"alert(1)\">x</div>")]
    [InlineData("<svg/onload=alert(1)>")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("<style>body{display:none}</style>")]
    public void RawHtml_IsWrittenAsText(string hostile)
    {
        var html = SafeMarkdown.ToHtml(hostile);
        html.ShouldNotContain("<script", Case.Insensitive);
        html.ShouldNotContain("<img", Case.Insensitive);
        html.ShouldNotContain("<iframe", Case.Insensitive);
        html.ShouldNotContain("<div", Case.Insensitive);
        html.ShouldNotContain("<svg", Case.Insensitive);
        html.ShouldNotContain("<style", Case.Insensitive);
        html.ShouldNotContain("<a ", Case.Insensitive);
        html.ShouldContain("&lt;");
    }

    [Theory]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("[x](JavaScript:alert(1))")]
    [InlineData("[x](&#106;avascript:alert(1))")]
    [InlineData("[x](&#x6A;avascript&#x3A;alert(1))")]
    [InlineData("[x](java&#9;script:alert(1))")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("[x](vbscript:msgbox(1))")]
    [InlineData("[x](file:///etc/passwd)")]
    [InlineData("![x](javascript:alert(1))")]
    [InlineData("[x][r]\n\n[r]: javascript:alert(1)")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("[x](<javascript:alert(1)>)")]
    [InlineData("[x]( javascript:alert(1) )")]
    public void DangerousAddresses_AreDropped_TextStays(string hostile)
    {
        var html = SafeMarkdown.ToHtml(hostile);
        html.ShouldNotContain("href=\"javascript", Case.Insensitive);
        html.ShouldNotContain("src=\"javascript", Case.Insensitive);
        html.ShouldNotContain("href=\"data", Case.Insensitive);
        html.ShouldNotContain("href=\"vbscript", Case.Insensitive);
        html.ShouldNotContain("href=\"file", Case.Insensitive);
        html.ShouldNotContain("href=\"&", Case.Insensitive);
        html.ShouldNotContain("href=\"java", Case.Insensitive);
    }

    [Theory]
    [InlineData("[手册](https://wiki.hospital.local/oracle)", "href=\"https://wiki.hospital.local/oracle\"")]
    [InlineData("[手册](http://10.1.2.3/a)", "href=\"http://10.1.2.3/a\"")]
    [InlineData("[联系](mailto:dba@hospital.local)", "href=\"mailto:dba@hospital.local\"")]
    [InlineData("[告警](/alerting/events/12)", "href=\"/alerting/events/12\"")]
    [InlineData("[附件](docs/a:b.txt)", "href=\"docs/a:b.txt\"")]
    [InlineData("见 https://wiki.hospital.local/pacs", "href=\"https://wiki.hospital.local/pacs\"")]
    public void AllowedAddresses_AreLinks(string markdown, string expected)
    {
        var html = SafeMarkdown.ToHtml(markdown);
        html.ShouldContain(expected);
        html.ShouldContain("rel=\"nofollow noopener noreferrer\"");
    }

    [Fact]
    public void QuotesInAnAddressOrTitle_CannotBreakOutOfTheAttribute()
    {
        var html = SafeMarkdown.ToHtml("[x](https://a.example/\"onmouseover=\"alert(1) \"t\\\" onclick=\\\"alert(2)\")");
        html.ShouldNotContain("\"onmouseover=");
        html.ShouldNotContain("\" onclick=");
    }

    [Fact]
    public void GenericAttributes_AreNotAnExtension()
    {
        var html = SafeMarkdown.ToHtml("# 标题 {onclick=alert(1)}\n\n段落{#x .y onmouseover=alert(1)}");
        html.ShouldContain("<h1>");
        html.ShouldContain("<p>");
        html.ShouldNotContain("onclick=\"", Case.Insensitive);
        html.ShouldNotContain("id=\"x\"", Case.Insensitive);
    }

    [Fact]
    public void HugeAndOddInput_RendersWithoutThrowing()
    {
        SafeMarkdown.ToHtml(new string('[', 100_000) + "<script>" + new string(']', 100_000)).ShouldNotContain("<script");
        SafeMarkdown.ToHtml(new string('>', 50_000)).ShouldNotBeNull();
        SafeMarkdown.ToHtml("\uD800 lone surrogate \0 nul 😀").ShouldNotContain("<script");
        SafeMarkdown.ToHtml(new string('a', SafeMarkdown.MaxInputLength + 10)).Length.ShouldBeLessThan(SafeMarkdown.MaxInputLength + 100);
    }

    [Theory]
    [InlineData("javascript:alert(1)", false)]
    [InlineData(" JAVASCRIPT:alert(1)", false)]
    [InlineData("java\nscript:alert(1)", false)]
    [InlineData("data:text/html,x", false)]
    [InlineData("https://a.example", true)]
    [InlineData("/relative/path", true)]
    [InlineData("#anchor", true)]
    [InlineData("?q=a:b", true)]
    public void IsAllowedUrl_ReadsTheSchemeAsBrowsersDo(string url, bool allowed) => SafeMarkdown.IsAllowedUrl(url).ShouldBe(allowed);
}
