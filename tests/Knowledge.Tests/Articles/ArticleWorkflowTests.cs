using System.Net;
using System.Text.Json;
using HospitalOps.Kernel.Data;
using HospitalOps.Knowledge.Contracts;
using HospitalOps.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Dapper;

namespace HospitalOps.Knowledge.Tests.Articles;

/// <summary>An article's life through the API: drafted, reviewed by someone else, published, edited into a new version, rejected.</summary>
public sealed class ArticleWorkflowTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private ApiClient _author = null!;
    private long _authorId;
    private ApiClient _reviewer = null!;
    private ApiClient _reader = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync();
        (_author, _authorId) = await _host.UserAsync("author1", "engineer");
        (_reviewer, _) = await _host.UserAsync("reviewer1", "engineer");
        (_reader, _) = await _host.UserAsync("reader1", "readonly");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static object Article(string title, string solution = "重启 **接口服务**。", int? version = null) => new
    {
        title,
        symptom = "检验结果不回传，接口日志停在同一条消息。",
        cause = "MLLP 连接半开。",
        solution,
        tags = new[] { "LIS", "HL7" },
        monitors = new[] { new { title = "HL7 ACK 成功率", query = "avg(hl7_ack_success)" } },
        version,
    };

    private async Task<JsonElement> CreateAsync(string title)
    {
        var created = await _author.PostAsync("/api/v1/knowledge/articles", Article(title));
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        return await created.JsonAsync();
    }

    private static async Task<List<string>> TitlesAsync(ApiClient client, string q) =>
        (await (await client.GetAsync($"/api/v1/knowledge/articles?q={Uri.EscapeDataString(q)}")).JsonAsync())
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()!).ToList();

    [Fact]
    public async Task ADraft_IsApprovedByAnotherReviewer_ThenPublishedAndFound()
    {
        var article = await CreateAsync("仪器接口消息堵塞");
        var id = article.GetProperty("id").GetInt64();
        article.GetProperty("state").GetString().ShouldBe("draft");
        article.GetProperty("working").GetProperty("solutionHtml").GetString().ShouldBe("<p>重启 <strong>接口服务</strong>。</p>\n");
        (await TitlesAsync(_author, "堵塞")).ShouldBeEmpty();

        (await _author.PostAsync($"/api/v1/knowledge/articles/{id}/submit", new { version = 1 })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var own = await _author.PostAsync($"/api/v1/knowledge/articles/{id}/approve", new { version = 1 });
        own.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await own.CodeAsync()).ShouldBe("knowledge_review_own");

        var approved = await (await _reviewer.PostAsync($"/api/v1/knowledge/articles/{id}/approve", new { version = 1 })).JsonAsync();
        approved.GetProperty("state").GetString().ShouldBe("published");
        approved.GetProperty("published").GetProperty("reviewerName").GetString().ShouldBe("reviewer1");
        approved.GetProperty("published").GetProperty("authorName").GetString().ShouldBe("author1");
        (await TitlesAsync(_reader, "堵塞")).ShouldBe(["仪器接口消息堵塞"]);
        (await TitlesAsync(_reader, "接口")).ShouldContain("仪器接口消息堵塞");
    }

    [Fact]
    public async Task EditingAPublishedArticle_MakesANewDraft_WhileReadersKeepThePublishedVersion()
    {
        var id = (await CreateAsync("PACS 调阅缓慢")).GetProperty("id").GetInt64();
        await _author.PostAsync($"/api/v1/knowledge/articles/{id}/submit", new { version = 1 });
        await _reviewer.PostAsync($"/api/v1/knowledge/articles/{id}/approve", new { version = 1 });

        var stale = await _author.PutAsync($"/api/v1/knowledge/articles/{id}", Article("PACS 调阅缓慢", "清理缓存。", version: 0));
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var edited = await (await _author.PutAsync($"/api/v1/knowledge/articles/{id}", Article("PACS 调阅缓慢（第二版）", "清理 **影像缓存**。", version: 1))).JsonAsync();
        edited.GetProperty("latestVersion").GetInt32().ShouldBe(2);
        edited.GetProperty("publishedVersion").GetInt32().ShouldBe(1);
        edited.GetProperty("working").GetProperty("state").GetString().ShouldBe("draft");

        var asReader = await (await _reader.GetAsync($"/api/v1/knowledge/articles/{id}")).JsonAsync();
        asReader.GetProperty("published").GetProperty("title").GetString().ShouldBe("PACS 调阅缓慢");
        asReader.GetProperty("working").ValueKind.ShouldBe(JsonValueKind.Null);
        (await TitlesAsync(_reader, "第二版")).ShouldBeEmpty();
        (await _reader.GetAsync($"/api/v1/knowledge/articles/{id}/versions/2")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        await _author.PostAsync($"/api/v1/knowledge/articles/{id}/submit", new { version = 2 });
        (await _author.PutAsync($"/api/v1/knowledge/articles/{id}", Article("改不了", version: 2))).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        await _reviewer.PostAsync($"/api/v1/knowledge/articles/{id}/approve", new { version = 2 });

        (await TitlesAsync(_reader, "第二版")).ShouldBe(["PACS 调阅缓慢（第二版）"]);
        var versions = (await (await _reader.GetAsync($"/api/v1/knowledge/articles/{id}/versions")).JsonAsync()).EnumerateArray().ToList();
        versions.Select(v => (v.GetProperty("number").GetInt32(), v.GetProperty("state").GetString())).ShouldBe([(2, "published"), (1, "superseded")]);
        var first = await (await _reader.GetAsync($"/api/v1/knowledge/articles/{id}/versions/1")).JsonAsync();
        first.GetProperty("solution").GetString().ShouldBe("重启 **接口服务**。");
    }

    [Fact]
    public async Task ARejectedVersion_GoesBackToDraftWithTheReason()
    {
        var id = (await CreateAsync("退回测试")).GetProperty("id").GetInt64();
        await _author.PostAsync($"/api/v1/knowledge/articles/{id}/submit", new { version = 1 });
        var noReason = await _reviewer.PostAsync($"/api/v1/knowledge/articles/{id}/reject", new { version = 1, reason = " " });
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var rejected = await (await _reviewer.PostAsync($"/api/v1/knowledge/articles/{id}/reject", new { version = 1, reason = "缺少验证步骤" })).JsonAsync();
        rejected.GetProperty("state").GetString().ShouldBe("draft");
        rejected.GetProperty("working").GetProperty("rejectReason").GetString().ShouldBe("缺少验证步骤");
        (await _reader.GetAsync($"/api/v1/knowledge/articles/{id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _reviewer.PostAsync($"/api/v1/knowledge/articles/{id}/approve", new { version = 1 })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task BadInput_IsRefusedFieldByField_InTheReadersLanguage_AndChangesNothing()
    {
        var bad = await _author.PostAsync("/api/v1/knowledge/articles", new
        {
            title = "",
            symptom = new string('x', 20_001),
            tags = new[] { "a|b" },
            systemIds = new[] { 999_999L },
            monitors = new[] { new { title = "坏查询", query = "sum(rate(" } },
            source = "ticket 12",
        });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await bad.JsonAsync()).GetProperty("errors");
        var text = errors.ToString();
        foreach (var field in new[] { "title", "symptom", "tags[0]", "monitors[0].query", "source" })
        {
            text.ShouldContain(field);
        }

        var english = _host.Client("en-US");
        (await english.LoginAsync("author1", TestHost.UserPassword)).EnsureSuccessStatusCode();
        var en = await english.PostAsync("/api/v1/knowledge/articles", new { title = "x", symptom = "y", systemIds = new[] { 999_999L } });
        (await en.Content.ReadAsStringAsync()).ShouldContain("There is no such business system in the CMDB.");

        var submitEmpty = await (await _author.PostAsync("/api/v1/knowledge/articles", new { title = "只有症状", symptom = "y" })).JsonAsync();
        var incomplete = await _author.PostAsync($"/api/v1/knowledge/articles/{submitEmpty.GetProperty("id").GetInt64()}/submit", new { version = 1 });
        incomplete.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await incomplete.Content.ReadAsStringAsync()).ShouldContain("knowledge_section_required");

        await using var connection = await _host.Databases.Config.OpenAsync();
        (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM knowledge_articles")).ShouldBe(1);
    }

    [Fact]
    public async Task HostileMarkdown_IsShownAsText_AndDangerousLinksLoseTheirAddress()
    {
        var created = await _author.PostAsync("/api/v1/knowledge/articles", new
        {
            title = "恶意内容",
            symptom = "<script>alert(1)</script> <img src=x onerror=alert(2)>",
            solution = "[点我](javascript:alert(3)) [手册](https://wiki.hospital.local/a)",
        });
        var working = (await created.JsonAsync()).GetProperty("working");
        var symptom = working.GetProperty("symptomHtml").GetString()!;
        symptom.ShouldNotContain("<script");
        symptom.ShouldNotContain("<img");
        symptom.ShouldContain("&lt;script&gt;");
        var solution = working.GetProperty("solutionHtml").GetString()!;
        solution.ShouldNotContain("javascript:");
        solution.ShouldContain("href=\"https://wiki.hospital.local/a\"");
        working.GetProperty("symptom").GetString().ShouldBe("<script>alert(1)</script> <img src=x onerror=alert(2)>");

        var preview = await (await _author.PostAsync("/api/v1/knowledge/preview", new { markdown = "**粗体** <b>x</b>" })).JsonAsync();
        preview.GetProperty("html").GetString().ShouldBe("<p><strong>粗体</strong> &lt;b&gt;x&lt;/b&gt;</p>\n");
    }

    [Fact]
    public async Task Readers_CannotWriteOrReview_AndDoNotSeeDrafts()
    {
        var id = (await CreateAsync("草稿不公开")).GetProperty("id").GetInt64();
        (await _reader.PostAsync("/api/v1/knowledge/articles", Article("读者写"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _reader.PostAsync($"/api/v1/knowledge/articles/{id}/approve", new { version = 1 })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var list = await (await _reader.GetAsync("/api/v1/knowledge/articles?state=draft")).JsonAsync();
        list.GetProperty("total").GetInt64().ShouldBe(0);
        var mine = await (await _author.GetAsync("/api/v1/knowledge/articles?state=draft")).JsonAsync();
        mine.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ShouldContain(id);
        (await _reader.GetAsync($"/api/v1/knowledge/articles/{id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _reader.GetAsync("/api/v1/knowledge/articles/987654")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheServiceDesk_DraftsFromATicket_AndTheAuditTrailRecordsEveryStep()
    {
        var drafts = _host.Services.GetRequiredService<IKnowledgeDrafts>();
        var id = await drafts.DraftFromAsync("ticket:123", "LIS 结果不回传", "样本一直显示已上机。", "接口断开。", "重连通道。", _authorId, default);
        await Should.ThrowAsync<ArgumentException>(() => drafts.DraftFromAsync("ticket 123", "x", "y", null, null, _authorId, default));

        var view = await (await _author.GetAsync($"/api/v1/knowledge/articles/{id}")).JsonAsync();
        view.GetProperty("working").GetProperty("source").GetString().ShouldBe("ticket:123");
        view.GetProperty("working").GetProperty("sourceTitle").GetString().ShouldBe("LIS 结果不回传");
        (await _author.PostAsync($"/api/v1/knowledge/articles/{id}/submit", new { version = 1 })).EnsureSuccessStatusCode();
        (await _author.PostAsync($"/api/v1/knowledge/articles/{id}/approve", new { version = 1 })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _reviewer.PostAsync($"/api/v1/knowledge/articles/{id}/approve", new { version = 1 })).EnsureSuccessStatusCode();

        var similar = await _host.Services.GetRequiredService<IKnowledgeSearch>().SimilarAsync("LIS 检验结果没有回传到医生站", 5, default);
        similar.Select(s => s.Id).ShouldContain(id);

        await using var connection = await _host.Databases.Config.OpenAsync();
        var actions = (await connection.QueryAsync<string>("SELECT action FROM audit_log WHERE object_id = @id AND action LIKE 'knowledge.%' ORDER BY seq", new { id = id.ToString(System.Globalization.CultureInfo.InvariantCulture) })).ToList();
        actions.ShouldBe(["knowledge.article.create", "knowledge.article.submit", "knowledge.article.approve"]);
    }
}
