using System.Net;
using System.Text.Json;
using Dapper;
using HospitalOps.ServiceDesk.Tests.Tickets;
using HospitalOps.Tests.Support;

namespace HospitalOps.ServiceDesk.Tests.Changes;

/// <summary>
/// Change management through the API: the CMDB impact set of a change's CIs, kept as submitted beside the live one; approval levels
/// per risk (the wrong person refused, two levels in order, a rejection back to draft); releases that wait for their changes; and a
/// P1 ticket's create-group request received by a local webhook.
/// </summary>
public sealed class ChangeManagementTests : IAsyncLifetime
{
    private TicketDesk _desk = null!;

    public async Task InitializeAsync() => _desk = await TicketDesk.StartAsync();

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    private async Task RelateAsync(string type, long source, long target) =>
        (await _desk.Admin.PostAsync("/api/v1/cmdb/relations", new { type, sourceId = source, targetId = target })).StatusCode.ShouldBe(HttpStatusCode.Created);

    private Task<JsonElement> ChangeAsync(string risk, string title, params long[] ciIds) => _desk.CreateAsync(_desk.Reporter, new
    {
        type = "change",
        title,
        ciIds,
        fields = new Dictionary<string, string> { ["risk"] = risk, ["plannedStart"] = "2026-11-07T22:00:00+08:00", ["plannedEnd"] = "2026-11-08T02:00:00+08:00" },
    });

    private Task<JsonElement> SubmitAsync(JsonElement change, string risk) => risk == "high"
        ? _desk.StepOkAsync(_desk.Reporter, change, "submit_high_risk", new { fields = new Dictionary<string, string> { ["rollbackPlan"] = "恢复快照。" } })
        : _desk.StepOkAsync(_desk.Reporter, change, "submit");

    private async Task<JsonElement> ReviewAsync(ApiClient client, JsonElement ticket) =>
        await (await client.GetAsync($"{TicketDesk.Path}/tickets/{ticket.GetProperty("id").GetInt64()}/change-review")).JsonAsync();

    private static List<string> Codes(JsonElement set, string list) => set.GetProperty(list).EnumerateArray().Select(e => e.GetProperty("code").GetString()!).Order().ToList();

    [Fact]
    public async Task ImpactSet_OfAServerUnderHis_ListsTheChainWithLevels_AndKeepsWhatWasSubmitted()
    {
        var server = await _desk.Admin.CiAsync("os-instance", "srv-his-app", "HIS 应用服务器");
        var app = await _desk.Admin.CiAsync("application", "app-his", "HIS 应用");
        await RelateAsync("runs-on", app, server);
        await RelateAsync("composed-of", _desk.His, app);

        var change = await SubmitAsync(await ChangeAsync("low", "HIS 应用服务器打补丁", server), "low");
        var review = await ReviewAsync(_desk.Admin, change);
        var submitted = review.GetProperty("submitted");
        Codes(submitted, "businessSystems").ShouldBe(["his"]);
        submitted.GetProperty("businessSystems")[0].GetProperty("level").GetInt32().ShouldBe(1);
        submitted.GetProperty("levelOneCount").GetInt32().ShouldBe(1);
        Codes(submitted, "cis").ShouldBe(["app-his", "srv-his-app"]);
        submitted.GetProperty("cis").EnumerateArray().Single(c => c.GetProperty("named").GetBoolean()).GetProperty("code").GetString().ShouldBe("srv-his-app");
        review.GetProperty("impactChanged").GetBoolean().ShouldBeFalse();

        // The follow-up system moves onto the same server after submission: the live set grows, the submitted one stays as evidence.
        var followApp = await _desk.Admin.CiAsync("application", "app-follow-up", "随访应用");
        await RelateAsync("runs-on", followApp, server);
        await RelateAsync("composed-of", _desk.FollowUp, followApp);
        review = await ReviewAsync(_desk.Admin, change);
        Codes(review.GetProperty("live"), "businessSystems").ShouldBe(["follow-up", "his"]);
        review.GetProperty("live").GetProperty("businessSystems")[0].GetProperty("code").GetString().ShouldBe("his");
        Codes(review.GetProperty("submitted"), "businessSystems").ShouldBe(["his"]);
        review.GetProperty("impactChanged").GetBoolean().ShouldBeTrue();
    }

    private async Task HighRiskTwoLevelsAsync()
    {
        var (security, _) = await _desk.Host.UserAsync("anquan2", "secadmin");
        (await security.PostAsync("/api/v1/roles", new { name = "it-director", labelZh = "信息科主任", labelEn = "IT director", permissions = new[] { "servicedesk.read", "servicedesk.work" } }))
            .EnsureSuccessStatusCode();
        var response = await _desk.Admin.PutAsync($"{TicketDesk.Path}/change-approval-policies", new
        {
            levels = new Dictionary<string, object>
            {
                ["high"] = new object[]
                {
                    new { name = "科室主任", nameEn = "Head of department", roles = Array.Empty<string>(), users = new[] { "zhangwei" } },
                    new { name = "信息科主任", nameEn = "IT director", roles = new[] { "it-director" }, users = Array.Empty<string>() },
                },
            },
        });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ApprovalPolicies_RefuseUnknownRolesAndEmptyLevels_AndChangeNothing()
    {
        var response = await _desk.Admin.PutAsync($"{TicketDesk.Path}/change-approval-policies", new
        {
            levels = new Dictionary<string, object>
            {
                ["high"] = new object[] { new { name = "主任", roles = new[] { "no-such-role" }, users = Array.Empty<string>() } },
                ["medium"] = Array.Empty<object>(),
                ["extreme"] = new object[] { new { name = "x", users = new[] { "zhangwei" } } },
            },
        });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.FieldErrorAsync("levels.high[0].roles")).ShouldBe("change_approval_unknown_role");
        (await response.FieldErrorAsync("levels.medium")).ShouldBe("change_approval_level_count");
        (await response.FieldErrorAsync("levels.extreme")).ShouldBe("change_unknown_risk");
        var policies = await (await _desk.Admin.GetAsync($"{TicketDesk.Path}/change-approval-policies")).JsonAsync();
        policies.GetProperty("policies").EnumerateArray().ShouldAllBe(p => !p.GetProperty("configured").GetBoolean());
    }

    [Fact]
    public async Task AHighRiskChange_IsApprovedAtTwoLevelsInOrder_TheWrongPersonIsRefusedWithTheReason()
    {
        await HighRiskTwoLevelsAsync();
        var (director, _) = await _desk.Host.UserAsync("director", "it-director");
        var app = await _desk.Admin.CiAsync("application", "his-app", "HIS 应用服务");
        var change = await SubmitAsync(await ChangeAsync("high", "HIS 数据库迁移", app), "high");

        // The administrator may approve in general, but the first level names 科室主任 (zhangwei) only.
        var refused = await _desk.StepAsync(_desk.Admin, change, "approve");
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var problem = await refused.JsonAsync();
        problem.GetProperty("code").GetString().ShouldBe("change_approval_not_allowed");
        problem.GetProperty("title").GetString()!.ShouldContain("科室主任");
        (await _desk.StepAsync(director, change, "approve")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        change = await _desk.StepOkAsync(_desk.Engineer, change, "approve", new { comment = "同意，注意备份。" });
        change.GetProperty("state").GetString().ShouldBe("submitted");
        var review = await ReviewAsync(_desk.Admin, change);
        var levels = review.GetProperty("approval").GetProperty("levels").EnumerateArray().ToList();
        levels.Select(l => l.GetProperty("status").GetString()).ShouldBe(["approved", "current"]);
        levels[0].GetProperty("actor").GetString().ShouldBe("zhangwei");
        levels[0].GetProperty("comment").GetString().ShouldBe("同意，注意备份。");
        (await ReviewAsync(director, change)).GetProperty("approval").GetProperty("canDecide").GetBoolean().ShouldBeTrue();
        (await ReviewAsync(_desk.Engineer, change)).GetProperty("approval").GetProperty("canDecide").GetBoolean().ShouldBeFalse();
        (await (await _desk.StepAsync(_desk.Engineer, change, "approve")).CodeAsync()).ShouldBe("change_approval_not_allowed");

        change = await _desk.StepOkAsync(director, change, "approve");
        change.GetProperty("state").GetString().ShouldBe("approved");
        review = await ReviewAsync(_desk.Admin, change);
        review.GetProperty("approval").GetProperty("approved").GetBoolean().ShouldBeTrue();
        review.GetProperty("approval").GetProperty("levels").EnumerateArray().Select(l => l.GetProperty("actor").GetString()).ShouldBe(["zhangwei", "director"]);
        await using var connection = await _desk.Host.Databases.Config.OpenAsync();
        (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM module_events WHERE topic = 'servicedesk.change.approved'")).ShouldBe(1);
    }

    [Fact]
    public async Task ARejection_ReturnsTheChangeToDraft_AndTheNextSubmissionStartsANewRound()
    {
        await HighRiskTwoLevelsAsync();
        var change = await SubmitAsync(await ChangeAsync("high", "PACS 存储扩容"), "high");
        (await (await _desk.StepAsync(_desk.Engineer, change, "reject")).FieldErrorAsync("comment")).ShouldBe("required");
        (await (await _desk.StepAsync(_desk.Other, change, "reject", new { comment = "不行" })).CodeAsync()).ShouldBe("change_approval_not_allowed");
        change = await _desk.StepOkAsync(_desk.Engineer, change, "reject", new { comment = "回退方案不完整。" });
        change.GetProperty("state").GetString().ShouldBe("draft");

        change = await SubmitAsync(change, "high");
        var approval = (await ReviewAsync(_desk.Admin, change)).GetProperty("approval");
        approval.GetProperty("round").GetInt64().ShouldBe(2);
        approval.GetProperty("levels").EnumerateArray().Select(l => l.GetProperty("status").GetString()).ShouldBe(["current", "waiting"]);
        var earlier = approval.GetProperty("earlier").EnumerateArray().Single();
        earlier.GetProperty("decision").GetString().ShouldBe("rejected");
        earlier.GetProperty("comment").GetString().ShouldBe("回退方案不完整。");
    }

    [Fact]
    public async Task ARelease_IsCompletedOnlyAfterTheChangesItShips()
    {
        var change = await ChangeAsync("low", "LIS 接口升级");
        var release = await _desk.CreateAsync(_desk.Reporter, new
        {
            type = "release",
            title = "LIS 5.3 发布",
            fields = new Dictionary<string, string> { ["risk"] = "low", ["plannedStart"] = "2026-11-07T22:00:00+08:00", ["plannedEnd"] = "2026-11-08T02:00:00+08:00" },
        });
        var releaseId = release.GetProperty("id").GetInt64();
        var bad = await _desk.Reporter.PutAsync($"{TicketDesk.Path}/tickets/{releaseId}/release-changes", new { changes = new[] { "CHG-NOPE" } });
        (await bad.FieldErrorAsync("changes[0]")).ShouldBe("release_unknown_change");
        (await (await _desk.Reporter.PutAsync($"{TicketDesk.Path}/tickets/{change.GetProperty("id").GetInt64()}/release-changes", new { changes = Array.Empty<string>() })).CodeAsync())
            .ShouldBe("release_not_a_release");
        var linked = await _desk.Reporter.PutAsync($"{TicketDesk.Path}/tickets/{releaseId}/release-changes", new { changes = new[] { change.GetProperty("number").GetString() } });
        linked.StatusCode.ShouldBe(HttpStatusCode.OK, await linked.Content.ReadAsStringAsync());
        (await ReviewAsync(_desk.Admin, change)).GetProperty("links").GetProperty("releases").EnumerateArray().Single().GetProperty("number").GetString()
            .ShouldBe(release.GetProperty("number").GetString());

        release = await _desk.GetAsync(_desk.Admin, releaseId);
        release = await _desk.StepOkAsync(_desk.Reporter, release, "submit");
        release = await _desk.StepOkAsync(_desk.Admin, release, "approve");
        release = await _desk.StepOkAsync(_desk.Admin, release, "start");
        var refused = await _desk.StepAsync(_desk.Admin, release, "complete", new { fields = new Dictionary<string, string> { ["resolution"] = "已发布" } });
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await refused.JsonAsync();
        problem.GetProperty("code").GetString().ShouldBe("release_changes_incomplete");
        problem.GetProperty("title").GetString()!.ShouldContain(change.GetProperty("number").GetString()!);
        (await _desk.GetAsync(_desk.Admin, releaseId)).GetProperty("state").GetString().ShouldBe("implementing");

        change = await SubmitAsync(change, "low");
        change = await _desk.StepOkAsync(_desk.Admin, change, "approve");
        change = await _desk.StepOkAsync(_desk.Admin, change, "start");
        change = await _desk.StepOkAsync(_desk.Admin, change, "complete", new { fields = new Dictionary<string, string> { ["resolution"] = "接口已升级" } });
        var links = (await ReviewAsync(_desk.Admin, release)).GetProperty("links").GetProperty("changes").EnumerateArray().Single();
        links.GetProperty("completed").GetBoolean().ShouldBeTrue();
        links.GetProperty("stateName").GetString().ShouldBe("已完成");

        release = await _desk.StepOkAsync(_desk.Admin, release, "complete", new { fields = new Dictionary<string, string> { ["resolution"] = "已发布" } });
        release.GetProperty("state").GetString().ShouldBe("completed");
    }

    [Fact]
    public async Task AP1Ticket_PostsACreateGroupRequest_ToTheWebhookMarkedForP1Groups()
    {
        await using var receiver = await GroupReceiver.StartAsync();
        var channel = await _desk.Admin.PostAsync("/api/v1/alerting/channels", new
        {
            name = "P1 建群",
            type = "webhook",
            language = "zh-CN",
            settings = new { url = receiver.Url, p1Groups = true },
        });
        channel.StatusCode.ShouldBe(HttpStatusCode.Created, await channel.Content.ReadAsStringAsync());
        (await channel.JsonAsync()).GetProperty("settings").GetProperty("p1Groups").GetBoolean().ShouldBeTrue();

        var server = await _desk.Admin.CiAsync("os-instance", "his-db-01", "HIS 数据库服务器");
        var minor = await _desk.CreateAsync(_desk.Admin, new { type = "incident", title = "随访系统打印慢", impact = 3, urgency = 3, businessSystemId = _desk.FollowUp });
        minor.GetProperty("priority").GetInt32().ShouldNotBe(1);
        var p1 = await _desk.CreateAsync(_desk.Admin, new
        {
            type = "incident",
            title = "HIS 全院无法登录",
            impact = 1,
            urgency = 1,
            businessSystemId = _desk.His,
            ciIds = new[] { server },
            assignee = "zhangwei",
            reporterUser = "wangli",
        });
        p1.GetProperty("priority").GetInt32().ShouldBe(1);

        await Eventually.TrueAsync(() => receiver.Received.Count > 0, TimeSpan.FromSeconds(20), "the create-group request");
        await Task.Delay(300);
        var (body, key) = receiver.Received.ShouldHaveSingleItem();
        key.ShouldNotBeNullOrEmpty();
        body.GetProperty("kind").GetString().ShouldBe("p1-group");
        var request = body.GetProperty("event");
        request.GetProperty("action").GetString().ShouldBe("create_group");
        request.GetProperty("ticket").GetProperty("number").GetString().ShouldBe(p1.GetProperty("number").GetString());
        request.GetProperty("groupName").GetString()!.ShouldContain("HIS 全院无法登录");
        request.GetProperty("businessSystem").GetString().ShouldBe("医院信息系统（HIS）");
        request.GetProperty("cis").EnumerateArray().Select(c => c.GetProperty("code").GetString()).ShouldBe(["his-db-01"]);
        request.GetProperty("assignee").GetString().ShouldBe("zhangwei");
        request.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("userName").GetString()).Order().ShouldBe(["wangli", "zhangwei"]);
    }
}
