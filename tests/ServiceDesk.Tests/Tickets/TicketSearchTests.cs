using System.Net;
using System.Text.Json;
using HospitalOps.Tests.Support;

namespace HospitalOps.ServiceDesk.Tests.Tickets;

/// <summary>
/// Finding tickets by what people type: Chinese words of one or two characters, codes and numbers, on SQLite and PostgreSQL;
/// the resolved tickets like a new one; and a resolved ticket turned into a knowledge draft in one click.
/// </summary>
public sealed class TicketSearchTests : IAsyncLifetime
{
    private TicketDesk _desk = null!;
    private JsonElement _lock;

    public async Task InitializeAsync()
    {
        _desk = await TicketDesk.StartAsync();
        _lock = await CreateAsync("HIS 收费窗口卡住", "Oracle 出现锁等待，收费员无法提交。ORA-00060 deadlock detected");
        await CreateAsync("PACS 影像调阅缓慢", "放射科调阅 CT 影像需要一分钟以上");
        await CreateAsync("打印机卡纸", "门诊二楼挂号窗口打印机卡纸");
        _lock = await _desk.StepOkAsync(_desk.Engineer, _lock, "accept");
        _lock = await _desk.StepOkAsync(_desk.Engineer, _lock, "resolve", new
        {
            fields = new Dictionary<string, string> { ["resolution"] = "杀掉阻塞会话，调整收费模块提交顺序", ["rootCause"] = "两个收费事务交叉更新同一张发票表" },
        });
    }

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    private Task<JsonElement> CreateAsync(string title, string description) =>
        _desk.CreateAsync(_desk.Reporter, new { type = "incident", title, description, businessSystemId = _desk.His });

    private async Task<List<string>> TitlesAsync(string q) =>
        (await (await _desk.Admin.GetAsync($"{TicketDesk.Path}/tickets?q={Uri.EscapeDataString(q)}")).JsonAsync()).GetProperty("items").EnumerateArray()
            .Select(t => t.GetProperty("title").GetString()!).ToList();

    [Theory]
    [InlineData("锁", "HIS 收费窗口卡住")]
    [InlineData("锁等待", "HIS 收费窗口卡住")]
    [InlineData("Oracle锁等待", "HIS 收费窗口卡住")]
    [InlineData("ORA-00060", "HIS 收费窗口卡住")]
    [InlineData("ＯＲＡ－００060", "HIS 收费窗口卡住")]
    [InlineData("发票", "HIS 收费窗口卡住")]
    [InlineData("影像", "PACS 影像调阅缓慢")]
    [InlineData("卡纸", "打印机卡纸")]
    [InlineData("INC-20261102-0003", "打印机卡纸")]
    [InlineData("inc-20261102-000", null)]
    public async Task TheListFindsTicketsByWordsAndNumbers(string q, string? only)
    {
        var titles = await TitlesAsync(q);
        if (only is null)
        {
            titles.Count.ShouldBe(3);
        }
        else
        {
            titles.ShouldBe([only]);
        }
    }

    [Fact]
    public async Task TextThatIsNoWord_FindsNothing_AndBreaksNothing()
    {
        (await TitlesAsync("\"(*)\" AND OR NOT")).ShouldBeEmpty();
        (await TitlesAsync("宕机")).ShouldBeEmpty();
    }

    [Fact]
    public async Task ANewTicketsText_FindsTheResolvedTicketLikeIt_WithItsResolution()
    {
        var similar = await (await _desk.Reporter.GetAsync($"{TicketDesk.Path}/similar?text={Uri.EscapeDataString("收费处 Oracle 锁 超时")}")).JsonAsync();
        var tickets = similar.GetProperty("tickets").EnumerateArray().ToList();
        tickets.Count.ShouldBe(1);
        tickets[0].GetProperty("number").GetString().ShouldBe("INC-20261102-0001");
        tickets[0].GetProperty("resolution").GetString().ShouldBe("杀掉阻塞会话，调整收费模块提交顺序");
        similar.GetProperty("articles").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task AResolvedTicket_BecomesAKnowledgeDraftInOneClick()
    {
        var open = (await (await _desk.Admin.GetAsync($"{TicketDesk.Path}/tickets?q=INC-20261102-0002")).JsonAsync()).GetProperty("items")[0].GetProperty("id").GetInt64();
        (await (await _desk.Engineer.PostAsync($"{TicketDesk.Path}/tickets/{open}/knowledge-draft")).CodeAsync()).ShouldBe("ticket_not_resolved");

        var response = await _desk.Engineer.PostAsync($"{TicketDesk.Path}/tickets/{_lock.GetProperty("id").GetInt64()}/knowledge-draft");
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var articleId = (await response.JsonAsync()).GetProperty("articleId").GetInt64();
        var article = await (await _desk.Engineer.GetAsync($"/api/v1/knowledge/articles/{articleId}")).JsonAsync();
        article.ToString().ShouldContain("杀掉阻塞会话");
        article.ToString().ShouldContain("两个收费事务交叉更新同一张发票表");
        article.ToString().ShouldContain("draft");
    }
}
