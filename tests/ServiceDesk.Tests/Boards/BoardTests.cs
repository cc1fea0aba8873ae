using System.Net;
using System.Text.Json;
using Dapper;
using HospitalOps.ServiceDesk.Boards;
using HospitalOps.ServiceDesk.Sla;
using HospitalOps.ServiceDesk.Tests.Tickets;
using HospitalOps.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.ServiceDesk.Tests.Boards;

/// <summary>
/// The live boards through the API: what each board shows as tickets are opened, dispatched, age and are resolved, and the event
/// stream that tells an open page to fetch its board again.
/// </summary>
public sealed class BoardTests : IAsyncLifetime
{
    private const string Boards = $"{TicketDesk.Path}/boards";
    private TicketDesk _desk = null!;

    public async Task InitializeAsync() => _desk = await TicketDesk.StartAsync();

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    private Task<JsonElement> FaultAsync(string title, int impact, int urgency, long? system = null, IReadOnlyList<long>? cis = null, string? assignee = null) =>
        _desk.CreateAsync(_desk.Admin, new
        {
            type = "incident",
            title,
            description = "现场反馈",
            impact,
            urgency,
            businessSystemId = system ?? _desk.His,
            ciIds = cis,
            assignee,
        });

    private async Task<JsonElement> BoardAsync(string board, ApiClient? client = null)
    {
        var response = await (client ?? _desk.Admin).GetAsync($"{Boards}/{board}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    private static List<string> Numbers(JsonElement list) => list.EnumerateArray().Select(t => t.GetProperty("number").GetString()!).ToList();

    private async Task SweepAsync() => await _desk.Host.Services.GetRequiredService<SlaSweeper>().SweepAsync(default);

    [Fact]
    public async Task InformationBoard_CountsOpenTicketsByColour_AndMovesThemAsTheirClocksRunOut()
    {
        var p1 = await FaultAsync("门诊挂号 HIS 无法登录", 1, 1);
        var p3 = await FaultAsync("住院部打印机卡纸", 3, 3);

        var board = await BoardAsync("information");
        board.GetProperty("counts").GetProperty("green").GetInt32().ShouldBe(2);
        board.GetProperty("counts").GetProperty("black").GetInt32().ShouldBe(0);
        Numbers(board.GetProperty("tickets").GetProperty("green")).ShouldBe([p1.GetProperty("number").GetString()!, p3.GetProperty("number").GetString()!]);
        var shown = board.GetProperty("tickets").GetProperty("green")[0];
        shown.GetProperty("priority").GetInt32().ShouldBe(1);
        shown.GetProperty("businessSystemName").GetString().ShouldBe("医院信息系统（HIS）");
        // The P1's response is due 30 minutes after opening.
        shown.GetProperty("slaDueAt").GetDateTimeOffset().ShouldBe(_desk.Clock.GetUtcNow().AddMinutes(30));

        // 50 % of the P1's response time is yellow, 80 % red, past it black.
        await _desk.AdvanceAsync(TimeSpan.FromMinutes(20));
        await SweepAsync();
        board = await BoardAsync("information");
        Numbers(board.GetProperty("tickets").GetProperty("yellow")).ShouldContain(p1.GetProperty("number").GetString()!);
        board.GetProperty("counts").GetProperty("black").GetInt32().ShouldBe(0);

        await _desk.AdvanceAsync(TimeSpan.FromMinutes(11));
        await SweepAsync();
        board = await BoardAsync("information");
        Numbers(board.GetProperty("tickets").GetProperty("black")).ShouldContain(p1.GetProperty("number").GetString()!);
        var black = board.GetProperty("tickets").GetProperty("black")[0];
        black.GetProperty("number").GetString().ShouldBe(p1.GetProperty("number").GetString());
        black.GetProperty("slaBreached").GetBoolean().ShouldBeTrue();

        // A cancelled ticket leaves the board.
        await _desk.StepOkAsync(_desk.Admin, await _desk.GetAsync(_desk.Admin, p3.GetProperty("id").GetInt64()), "cancel", new { comment = "重复报修" });
        board = await BoardAsync("information");
        board.GetProperty("counts").EnumerateObject().Sum(c => c.Value.GetInt32()).ShouldBe(1);
        BoardTickets.Colours.SelectMany(c => Numbers(board.GetProperty("tickets").GetProperty(c))).ShouldBe([p1.GetProperty("number").GetString()!]);
    }

    [Fact]
    public async Task DispatchBoard_ShowsEachEngineersQueueAndWorkload_AndTheUnassignedTickets()
    {
        var first = await FaultAsync("HIS 收费窗口卡顿", 1, 1, assignee: "zhangwei");
        var second = await FaultAsync("随访系统短信未发送", 3, 3, _desk.FollowUp, assignee: "zhangwei");
        var third = await FaultAsync("护士站电脑蓝屏", 3, 3, assignee: "liuyang");
        var nobody = await FaultAsync("门诊医生站无法打印处方", 2, 2);

        var board = await BoardAsync("dispatch");
        var engineers = board.GetProperty("engineers").EnumerateArray().ToList();
        // The busiest first; then everyone else who may work tickets, idle (the administrator and wangli here), for a dispatcher looking for who is free.
        engineers.Select(e => e.GetProperty("userName").GetString()).ShouldBe(["zhangwei", "liuyang", "admin", "wangli"]);
        engineers.Skip(2).ShouldAllBe(e => e.GetProperty("total").GetInt32() == 0 && e.GetProperty("tickets").GetArrayLength() == 0);
        engineers.ShouldNotContain(e => e.GetProperty("userName").GetString() == "anquan"); // a security administrator works no tickets
        var zhang = engineers[0];
        zhang.GetProperty("total").GetInt32().ShouldBe(2);
        zhang.GetProperty("byPriority").EnumerateArray().Select(p => p.GetInt32()).ShouldBe([1, 0, 0, 1]);
        zhang.GetProperty("byColour").GetProperty("green").GetInt32().ShouldBe(2);
        Numbers(zhang.GetProperty("tickets")).ShouldBe([first.GetProperty("number").GetString()!, second.GetProperty("number").GetString()!]);
        Numbers(engineers[1].GetProperty("tickets")).ShouldBe([third.GetProperty("number").GetString()!]);
        Numbers(board.GetProperty("unassigned")).ShouldBe([nobody.GetProperty("number").GetString()!]);

        // Dispatching the unassigned ticket moves it into that engineer's queue.
        await _desk.StepOkAsync(_desk.Admin, nobody, "assign", new { assignee = "liuyang" });
        board = await BoardAsync("dispatch");
        board.GetProperty("unassigned").GetArrayLength().ShouldBe(0);
        board.GetProperty("engineers").EnumerateArray().Single(e => e.GetProperty("userName").GetString() == "liuyang").GetProperty("total").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task StatusBoard_ListsTheCisWithOpenFaults_WhoHandlesThem_AndSinceWhen()
    {
        var db = await _desk.Admin.CiAsync("database", "db-his-main", "HIS 主数据库");
        var web = await _desk.Admin.CiAsync("middleware", "mw-his-web", "HIS Web 中间件");
        var opened = _desk.Clock.GetUtcNow();
        var first = await FaultAsync("HIS 数据库连接数告警", 2, 1, cis: [db], assignee: "zhangwei");
        await _desk.AdvanceAsync(TimeSpan.FromMinutes(5));
        await FaultAsync("HIS 数据库锁等待", 1, 1, cis: [db, web]);

        var board = await BoardAsync("status");
        var cis = board.GetProperty("cis").EnumerateArray().ToList();
        cis.Select(c => c.GetProperty("ciCode").GetString()).ShouldBe(["db-his-main", "mw-his-web"]);
        var row = cis[0];
        row.GetProperty("ciName").GetString().ShouldBe("HIS 主数据库");
        row.GetProperty("ciType").GetString().ShouldBe("database");
        row.GetProperty("ticketCount").GetInt32().ShouldBe(2);
        row.GetProperty("ticket").GetProperty("priority").GetInt32().ShouldBe(1);
        row.GetProperty("handlers").EnumerateArray().Select(h => h.GetString()).ShouldBe(["zhangwei"]);
        row.GetProperty("since").GetDateTimeOffset().ShouldBe(opened);
        row.GetProperty("businessSystems").EnumerateArray().Select(b => b.GetString()).ShouldBe(["医院信息系统（HIS）"]);

        // Once its tickets are resolved, the CI is no longer listed.
        await _desk.StepOkAsync(_desk.Engineer, first, "accept");
        var accepted = await _desk.GetAsync(_desk.Engineer, first.GetProperty("id").GetInt64());
        await _desk.StepOkAsync(_desk.Engineer, accepted, "resolve", new { fields = new Dictionary<string, string> { ["resolution"] = "调大连接池" } });
        board = await BoardAsync("status");
        board.GetProperty("cis").EnumerateArray().Single(c => c.GetProperty("ciCode").GetString() == "db-his-main").GetProperty("ticketCount").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task ServiceModelBoard_ColoursEachBusinessSystemByItsWorstOpenTicket_AndIsGreenWithNothingOpen()
    {
        await FaultAsync("HIS 门诊挂号缓慢", 3, 3);
        await FaultAsync("HIS 无法登录", 1, 1);
        await _desk.AdvanceAsync(TimeSpan.FromMinutes(20));
        await SweepAsync();

        var board = await BoardAsync("service-model");
        var systems = board.GetProperty("systems").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetInt64());
        systems[_desk.His].GetProperty("colour").GetString().ShouldBe("yellow");
        systems[_desk.His].GetProperty("worstPriority").GetInt32().ShouldBe(1);
        systems[_desk.His].GetProperty("openTickets").GetInt32().ShouldBe(2);
        systems[_desk.His].GetProperty("level").GetInt32().ShouldBe(1);
        systems[_desk.FollowUp].GetProperty("colour").GetString().ShouldBe("green");
        systems[_desk.FollowUp].GetProperty("worstPriority").ValueKind.ShouldBe(JsonValueKind.Null);
        board.GetProperty("links").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Boards_NeedTheServiceDeskReadPermission_AndAnUnknownBoardIsNotFound()
    {
        var (auditor, _) = await _desk.Host.UserAsync("shenji", "auditor");
        (await auditor.GetAsync($"{Boards}/information")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await auditor.GetAsync($"{Boards}/stream")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _desk.Admin.GetAsync($"{Boards}/weather")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Stream_SaysChanged_SoonAfterATicketChanges()
    {
        await using var stream = await BoardStreamReader.OpenAsync(_desk.Engineer.Http, $"{Boards}/stream");
        stream.Response.StatusCode.ShouldBe(HttpStatusCode.OK);
        stream.Response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        (await stream.NextOfTypeAsync("ready", TimeSpan.FromSeconds(10))).ShouldNotBeNull();

        await FaultAsync("PACS 影像调阅缓慢", 2, 2);

        var changed = await stream.NextOfTypeAsync("changed", TimeSpan.FromSeconds(10));
        changed.ShouldNotBeNull();
        JsonDocument.Parse(changed.Data).RootElement.GetProperty("version").GetInt64().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Stream_CoalescesABurstOfChanges_IntoFewNotices()
    {
        var changes = _desk.Host.Services.GetRequiredService<BoardChanges>();
        await using var stream = await BoardStreamReader.OpenAsync(_desk.Engineer.Http, $"{Boards}/stream");
        (await stream.NextOfTypeAsync("ready", TimeSpan.FromSeconds(10))).ShouldNotBeNull();
        var before = changes.Version;

        for (var i = 0; i < 50; i++)
        {
            changes.Request();
        }

        (await stream.NextOfTypeAsync("changed", TimeSpan.FromSeconds(10))).ShouldNotBeNull();
        await Task.Delay(BoardChanges.CoalesceWindow * 3);
        // The first of the burst at once; the rest within the window fold into one more. Other sources may add a notice of their
        // own meanwhile (the SLA sweep, the poll for other nodes), so the bound leaves room for them: without coalescing it would be 50.
        (changes.Version - before).ShouldBeLessThanOrEqualTo(5);
    }

    [Fact]
    public async Task Stream_NoticesAChangeMadeByAnotherNode_ThroughTheDatabase()
    {
        var ticket = await FaultAsync("LIS 检验结果回传失败", 2, 2);
        await using var stream = await BoardStreamReader.OpenAsync(_desk.Engineer.Http, $"{Boards}/stream");
        (await stream.NextOfTypeAsync("ready", TimeSpan.FromSeconds(10))).ShouldNotBeNull();
        // Let the poll learn the current state first.
        await Task.Delay(BoardChanges.PollInterval * 1.5);

        // Another node's change: written to the shared database, with no signal in this process.
        await using (var connection = await _desk.Host.Databases.Config.OpenAsync(default))
        {
            await connection.ExecuteAsync("UPDATE sd_tickets SET assignee = 'zhangwei', updated_at = updated_at + 1000 WHERE id = @id", new { id = ticket.GetProperty("id").GetInt64() });
        }

        (await stream.NextOfTypeAsync("changed", BoardChanges.PollInterval * 4)).ShouldNotBeNull();
    }

    [Fact]
    public async Task Stream_EndsItsLoopWhenTheBrowserGoesAway()
    {
        var changes = _desk.Host.Services.GetRequiredService<BoardChanges>();
        var stream = await BoardStreamReader.OpenAsync(_desk.Engineer.Http, $"{Boards}/stream");
        (await stream.NextOfTypeAsync("ready", TimeSpan.FromSeconds(10))).ShouldNotBeNull();
        changes.Subscribers.ShouldBe(1);

        await stream.DisposeAsync();

        await Eventually.TrueAsync(() => changes.Subscribers == 0, TimeSpan.FromSeconds(10), "the stream's loop to end");
    }

    [Fact]
    public async Task Stream_IsNotActivity_ThatKeepsAnIdleSessionAlive()
    {
        // Signed in at 09:30; the page opens its stream 20 minutes later and nothing else happens.
        _desk.Clock.Advance(TimeSpan.FromMinutes(20));
        await using (var stream = await BoardStreamReader.OpenAsync(_desk.Engineer.Http, $"{Boards}/stream"))
        {
            (await stream.NextOfTypeAsync("ready", TimeSpan.FromSeconds(10))).ShouldNotBeNull();
        }

        // 31 minutes after the last thing the user did, the session has ended although the stream reconnected meanwhile.
        _desk.Clock.Advance(TimeSpan.FromMinutes(11));
        (await _desk.Engineer.GetAsync($"{Boards}/information")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
