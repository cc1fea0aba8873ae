using System.Net;
using System.Text.Json;
using HospitalOps.ServiceDesk.Tests.Tickets;
using HospitalOps.Tests.Support;

namespace HospitalOps.ServiceDesk.Tests.Records;

/// <summary>
/// Bulk actions of the ticket list: each picked ticket goes through its own workflow's checks; those allowed change, the others are
/// listed with the reason and stay exactly as they were.
/// </summary>
public sealed class BulkTicketActionTests : IAsyncLifetime
{
    private TicketDesk _desk = null!;

    public async Task InitializeAsync() => _desk = await TicketDesk.StartAsync();

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    private Task<JsonElement> FaultAsync(string title) =>
        _desk.CreateAsync(_desk.Reporter, new { type = "incident", title, description = title, impact = 2, urgency = 2, businessSystemId = _desk.His });

    private static long Id(JsonElement ticket) => ticket.GetProperty("id").GetInt64();

    private async Task<JsonElement> BulkAsync(ApiClient client, object body)
    {
        var response = await client.PostAsync($"{TicketDesk.Path}/tickets/bulk", body);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    private static Dictionary<long, JsonElement> ById(JsonElement result) =>
        result.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetInt64());

    [Fact]
    public async Task BulkAssign_DispatchesThoseThatCanBe_AndNamesWhyTheOthersWereNot()
    {
        var fresh = await FaultAsync("门诊自助机无法打印发票");
        var alsoFresh = await FaultAsync("检验科条码打印机卡纸");
        var cancelled = await _desk.StepOkAsync(_desk.Reporter, await FaultAsync("重复报修"), "cancel", new { comment = "重复提交" });
        var change = await _desk.CreateAsync(_desk.Reporter, new { type = "change", title = "HIS 数据库补丁升级", description = "季度补丁", impact = 2, urgency = 3 });

        var result = await BulkAsync(_desk.Admin, new { ids = new[] { Id(fresh), Id(alsoFresh), Id(cancelled), Id(change), 999_999L }, action = "assign", assignee = "zhangwei" });

        result.GetProperty("succeeded").GetInt32().ShouldBe(2);
        result.GetProperty("refused").GetInt32().ShouldBe(3);
        var outcomes = ById(result);
        outcomes[Id(fresh)].GetProperty("ok").GetBoolean().ShouldBeTrue();
        outcomes[Id(cancelled)].GetProperty("code").GetString().ShouldBe("ticket_bulk_no_assign_step");
        outcomes[Id(cancelled)].GetProperty("number").GetString().ShouldBe(cancelled.GetProperty("number").GetString());
        outcomes[Id(cancelled)].GetProperty("message").GetString()!.ShouldContain("派单");
        outcomes[Id(change)].GetProperty("code").GetString().ShouldBe("ticket_bulk_no_assign_step");
        outcomes[999_999].GetProperty("code").GetString().ShouldBe("not_found");

        foreach (var t in new[] { fresh, alsoFresh })
        {
            var now = await _desk.GetAsync(_desk.Admin, Id(t));
            (now.GetProperty("state").GetString(), now.GetProperty("assignee").GetString()).ShouldBe(("assigned", "zhangwei"));
        }

        var unchanged = await _desk.GetAsync(_desk.Admin, Id(cancelled));
        unchanged.GetProperty("version").GetInt32().ShouldBe(cancelled.GetProperty("version").GetInt32());
        unchanged.GetProperty("assignee").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task SomeoneWhoMayNotDispatch_IsRefusedOnEveryTicket_AndNothingChanges()
    {
        var fault = await FaultAsync("病案室扫描仪驱动丢失");

        var result = await BulkAsync(_desk.Other, new { ids = new[] { Id(fault) }, action = "assign", assignee = "zhangwei" });

        result.GetProperty("succeeded").GetInt32().ShouldBe(0);
        ById(result)[Id(fault)].GetProperty("code").GetString().ShouldBe("transition_not_allowed");
        (await _desk.GetAsync(_desk.Admin, Id(fault))).GetProperty("version").GetInt32().ShouldBe(fault.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task BulkTransition_TakesTheStepWhereItIsAllowed_AndAFailedCheckLeavesTheTicketWhole()
    {
        var accepted = await _desk.StepOkAsync(_desk.Admin, await FaultAsync("PACS 阅片终端黑屏"), "accept");
        var alsoAccepted = await _desk.StepOkAsync(_desk.Admin, await FaultAsync("PACS 工作站网络中断"), "accept");
        var fresh = await FaultAsync("手麻系统时间不同步");

        var noResolution = await BulkAsync(_desk.Admin, new { ids = new[] { Id(accepted) }, action = "transition", transition = "resolve", comment = "批量处理" });
        var refused = ById(noResolution)[Id(accepted)];
        refused.GetProperty("code").GetString().ShouldBe("validation_failed");
        refused.GetProperty("fieldErrors").GetProperty("resolution").GetString().ShouldBe("required");
        (await (await _desk.Admin.GetAsync($"{TicketDesk.Path}/tickets/{Id(accepted)}/comments")).JsonAsync()).GetArrayLength().ShouldBe(0);

        var result = await BulkAsync(_desk.Admin, new
        {
            ids = new[] { Id(accepted), Id(alsoAccepted), Id(fresh) },
            action = "transition",
            transition = "resolve",
            comment = "更换显卡驱动后恢复",
            fields = new Dictionary<string, string> { ["resolution"] = "更换显卡驱动" },
        });

        result.GetProperty("succeeded").GetInt32().ShouldBe(2);
        var outcomes = ById(result);
        outcomes[Id(fresh)].GetProperty("code").GetString().ShouldBe("transition_wrong_state");
        outcomes[Id(fresh)].GetProperty("message").GetString().ShouldBe("工单当前为“新建”，不能执行“解决”。");
        (await _desk.GetAsync(_desk.Admin, Id(accepted))).GetProperty("stateCategory").GetString().ShouldBe("resolved");
        (await _desk.GetAsync(_desk.Admin, Id(fresh))).GetProperty("state").GetString().ShouldBe("new");
        (await (await _desk.Admin.GetAsync($"{TicketDesk.Path}/tickets/{Id(alsoAccepted)}/comments")).JsonAsync())[0].GetProperty("body").GetString().ShouldBe("更换显卡驱动后恢复");
    }

    [Fact]
    public async Task BulkComment_AddsTheCommentToEach_AndMentionsBringCollaboratorsIn()
    {
        var one = await FaultAsync("自助机网络慢");
        var two = await FaultAsync("自助机读卡器失灵");

        var result = await BulkAsync(_desk.Admin, new { ids = new[] { Id(one), Id(two) }, action = "comment", comment = "@liuyang 请一并检查门诊一楼交换机" });

        result.GetProperty("succeeded").GetInt32().ShouldBe(2);
        foreach (var t in new[] { one, two })
        {
            var ticket = await _desk.GetAsync(_desk.Admin, Id(t));
            ticket.GetProperty("collaborators").EnumerateArray().Select(c => c.GetString()).ShouldContain("liuyang");
            var comments = await (await _desk.Admin.GetAsync($"{TicketDesk.Path}/tickets/{Id(t)}/comments")).JsonAsync();
            comments[0].GetProperty("mentions")[0].GetString().ShouldBe("liuyang");
        }
    }

    [Fact]
    public async Task TheStepsEachPickedTicketOffers_AreListed()
    {
        var fresh = await FaultAsync("门诊叫号屏不显示");
        var accepted = await _desk.StepOkAsync(_desk.Admin, await FaultAsync("住院叫号屏不显示"), "accept");

        var response = await _desk.Admin.PostAsync($"{TicketDesk.Path}/tickets/bulk/offered", new { ids = new[] { Id(fresh), Id(accepted) } });
        var offered = (await response.JsonAsync()).EnumerateArray().ToDictionary(o => o.GetProperty("id").GetInt64(),
            o => o.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("key").GetString()).ToList());
        offered[Id(fresh)].ShouldBe(["assign", "accept", "cancel"]);
        offered[Id(accepted)].ShouldContain("resolve");
        offered[Id(accepted)].ShouldContain("assign");
    }

    [Theory]
    [InlineData("""{"ids":[],"action":"comment","comment":"x"}""", "ids", "required")]
    [InlineData("""{"ids":[1],"action":"delete"}""", "action", "ticket_bulk_unknown_action")]
    [InlineData("""{"ids":[1],"action":"assign","assignee":"nobody"}""", "assignee", "ticket_unknown_user")]
    [InlineData("""{"ids":[1],"action":"comment","comment":"  "}""", "comment", "required")]
    [InlineData("""{"ids":[1],"action":"transition"}""", "transition", "required")]
    public async Task BadInput_IsRefusedWhole(string body, string field, string code)
    {
        var fault = await FaultAsync("挂号系统提示内存不足");
        var response = await _desk.Admin.PostAsync($"{TicketDesk.Path}/tickets/bulk", JsonDocument.Parse(body.Replace("[1]", $"[{Id(fault)}]")).RootElement);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.FieldErrorAsync(field)).ShouldBe(code);
        (await _desk.GetAsync(_desk.Admin, Id(fault))).GetProperty("version").GetInt32().ShouldBe(fault.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task MoreThanTwoHundredTickets_AreRefused()
    {
        var response = await _desk.Admin.PostAsync($"{TicketDesk.Path}/tickets/bulk", new { ids = Enumerable.Range(1, 201).Select(i => (long)i).ToArray(), action = "comment", comment = "x" });
        (await response.FieldErrorAsync("ids")).ShouldBe("ticket_bulk_too_many");
    }
}
