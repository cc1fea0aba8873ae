using System.Net;
using System.Text.Json;
using Dapper;
using HospitalOps.Alerting.Contracts;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Events;
using HospitalOps.ServiceDesk.Sla;
using HospitalOps.ServiceDesk.Tests.Tickets;
using Microsoft.Extensions.DependencyInjection;
using HospitalOps.Tests.Support;

namespace HospitalOps.ServiceDesk.Tests.FromAlerts;

/// <summary>
/// Alerts become tickets: an event that reaches people opens one ticket (事态), assigned to the CI's maintainer from the CMDB,
/// with whom to call in its description; an event attached to it (a server down because its switch is) brings that server's
/// maintainer in as a collaborator; the resolution is written on the ticket. Alerts come in through the Alertmanager API.
/// </summary>
public sealed class AlertTicketTests : IAsyncLifetime
{
    private TicketDesk _desk = null!;
    private long _core;
    private ApiClient _prometheus = null!;

    public async Task InitializeAsync()
    {
        _desk = await TicketDesk.StartAsync();
        var admin = _desk.Admin;
        var token = await (await admin.PostAsync("/api/v1/account/tokens", new { name = "prometheus", scopes = new[] { "alerting.ingest" }, expiresInDays = 30 })).JsonAsync();
        _prometheus = _desk.Host.Client();
        _prometheus.BearerToken = token.GetProperty("secret").GetString();

        _core = await admin.CiAsync("network-device", "sw-core", "核心交换机");
        var core = _core;
        var server = await admin.CiAsync("os-instance", "his-db-01", "HIS 数据库服务器");
        var network = await admin.CiAsync("person", "p-zhang", "张伟（网络）", new { userName = "zhangwei", phone = "13800000011" });
        var dba = await admin.CiAsync("person", "p-liu", "刘洋（DBA）", new { userName = "liuyang", phone = "13800000012" });
        var vendor = await admin.CiAsync("vendor", "v-net", "网络设备原厂", new { hotline = "400-800-1234" });
        await RelateAsync("connects-to", server, core);
        await RelateAsync("maintains", network, core);
        await RelateAsync("maintains", vendor, core);
        await RelateAsync("maintains", dba, server);
    }

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    private async Task RelateAsync(string type, long source, long target) =>
        (await _desk.Admin.PostAsync("/api/v1/cmdb/relations", new { type, sourceId = source, targetId = target })).StatusCode.ShouldBe(HttpStatusCode.Created);

    private static object Down(string name, string ci, DateTimeOffset startsAt, DateTimeOffset? endsAt = null) => new
    {
        labels = new Dictionary<string, string> { ["alertname"] = name, ["ci"] = ci, ["severity"] = "critical", ["availability"] = "down" },
        annotations = new Dictionary<string, string> { ["summary"] = $"{ci} 不可达" },
        startsAt,
        endsAt,
    };

    private async Task<List<JsonElement>> TicketsAsync() =>
        (await (await _desk.Admin.GetAsync($"{TicketDesk.Path}/tickets?status=all")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task ASwitchGoingDown_OpensOneAssignedTicket_AndTheServerBehindItAddsItsMaintainer()
    {
        var started = _desk.Clock.GetUtcNow().AddMinutes(-2);
        (await _prometheus.PostAsync("/api/v1/alerting/api/v2/alerts", new[] { Down("DeviceDown", "sw-core", started), Down("HostDown", "his-db-01", started) }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        await Eventually.TrueAsync(async () => (await TicketsAsync()).Count == 1, what: "the ticket of the switch's event");
        JsonElement ticket = default;
        await Eventually.TrueAsync(async () =>
        {
            ticket = await _desk.GetAsync(_desk.Admin, (await TicketsAsync())[0].GetProperty("id").GetInt64());
            return ticket.GetProperty("collaborators").GetArrayLength() == 1;
        }, what: "the server's maintainer as collaborator");

        ticket.GetProperty("type").GetString().ShouldBe("event");
        ticket.GetProperty("number").GetString()!.ShouldStartWith("EVT-");
        ticket.GetProperty("title").GetString().ShouldBe("sw-core 不可达");
        ticket.GetProperty("channel").GetString().ShouldBe("alert");
        ticket.GetProperty("assignee").GetString().ShouldBe("zhangwei");
        ticket.GetProperty("collaborators").EnumerateArray().Select(c => c.GetString()).ShouldBe(["liuyang"]);
        ticket.GetProperty("cis").EnumerateArray().Select(c => c.GetProperty("code").GetString()).Order().ShouldBe(["his-db-01", "sw-core"]);
        var description = ticket.GetProperty("description").GetString()!;
        description.ShouldContain("维护方：张伟（网络） 13800000011");
        description.ShouldContain("热线 400-800-1234");
        ticket.GetProperty("priority").GetInt32().ShouldBe(2); // critical = impact 1 × urgency 1, no business system: level 3
        TicketDesk.Clocks(ticket)["response"].GetProperty("outcome").GetString().ShouldBe("running");

        // The switch comes back: the ticket is told, and stays for the engineer to record what happened.
        (await _prometheus.PostAsync("/api/v1/alerting/api/v2/alerts", new[] { Down("DeviceDown", "sw-core", started, _desk.Clock.GetUtcNow()) })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var id = ticket.GetProperty("id").GetInt64();
        await Eventually.TrueAsync(async () =>
            (await (await _desk.Admin.GetAsync($"{TicketDesk.Path}/tickets/{id}/timeline")).JsonAsync()).EnumerateArray()
                .Any(e => e.GetProperty("kind").GetString() == "alert_update" && e.GetProperty("detail").GetString()!.StartsWith("resolved:", StringComparison.Ordinal)),
            what: "the resolution on the ticket's timeline");
        (await _desk.GetAsync(_desk.Admin, id)).GetProperty("state").GetString().ShouldBe("new");
        (await TicketsAsync()).Count.ShouldBe(1);
    }

    [Fact]
    public async Task AnAlertOnACiTheCmdbNamesNoMaintainerFor_GoesByTheDispatchRules()
    {
        await using (var connection = await _desk.Host.Databases.Config.OpenAsync())
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO org_units (kind, code, name_zh, name_en, parent_id, contact) VALUES ('team', 'team-apps', '管理应用组', 'Apps team', NULL, NULL);
                UPDATE users SET org_unit_id = (SELECT id FROM org_units WHERE code = 'team-apps') WHERE user_name = 'liuyang';
                """);
        }

        (await _desk.Admin.PutAsync($"{TicketDesk.Path}/dispatch-rules", new
        {
            rules = new[]
            {
                new { name = "告警事态", enabled = true, types = new[] { "event" }, systems = Array.Empty<long>(), priorities = Array.Empty<int>(), channels = new[] { "alert" },
                    keywords = Array.Empty<string>(), team = "team-apps", assign = "least_loaded", assignee = (string?)null },
            },
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await _desk.Admin.CiAsync("application", "oa-app", "OA 应用");
        var started = _desk.Clock.GetUtcNow().AddMinutes(-2);
        (await _prometheus.PostAsync("/api/v1/alerting/api/v2/alerts", new[] { Down("AppDown", "oa-app", started), Down("DeviceDown", "sw-core", started) }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        await Eventually.TrueAsync(async () => (await TicketsAsync()).Count == 2, what: "the tickets of both events");
        var tickets = await TicketsAsync();
        var oa = await _desk.GetAsync(_desk.Admin, tickets.Single(t => t.GetProperty("title").GetString() == "oa-app 不可达").GetProperty("id").GetInt64());
        (oa.GetProperty("team").GetString(), oa.GetProperty("assignee").GetString()).ShouldBe(("管理应用组", "liuyang"));
        // the switch's maintainer from the CMDB comes before any rule
        var core = await _desk.GetAsync(_desk.Admin, tickets.Single(t => t.GetProperty("title").GetString() == "sw-core 不可达").GetProperty("id").GetInt64());
        core.GetProperty("assignee").GetString().ShouldBe("zhangwei");
    }

    [Fact]
    public async Task AnAlertOnATypicalFault_FollowsItsPlan_EscalatesWhenNotHandled_AndTheSurveyClosesIt()
    {
        // HIS is down when its only core switch is: the CMDB names that as one of HIS's typical faults.
        await RelateAsync("composed-of", _desk.His, _core);
        var derived = (await (await _desk.Admin.GetAsync($"{TicketDesk.Path}/fault-plans/derived?system={_desk.His}")).JsonAsync()).EnumerateArray().ToList();
        derived.ShouldContain(f => f.GetProperty("cis").EnumerateArray().Select(c => c.GetProperty("code").GetString()).SequenceEqual(new[] { "sw-core" })
            && f.GetProperty("result").GetString() == "down" && f.GetProperty("planId").ValueKind == JsonValueKind.Null);

        var plan = await _desk.Admin.PostAsync($"{TicketDesk.Path}/fault-plans", new
        {
            name = "HIS 核心交换机故障",
            businessSystemId = _desk.His,
            ciCodes = new[] { "sw-core" },
            defaultPriority = 1,
            steps = new[] { "确认核心交换机电源与端口指示灯", "切换到备用上联链路", "通知各科室 HIS 暂停使用，启用应急挂号" },
            escalation = new object[] { new { afterMinutes = 10, users = new[] { "wangli" }, note = "信息科科长" }, new { afterMinutes = 30, users = new[] { "admin" } } },
        });
        plan.StatusCode.ShouldBe(HttpStatusCode.OK, await plan.Content.ReadAsStringAsync());
        (await (await _desk.Admin.GetAsync($"{TicketDesk.Path}/fault-plans/derived?system={_desk.His}")).JsonAsync()).EnumerateArray()
            .Single(f => f.GetProperty("cis").GetArrayLength() == 1 && f.GetProperty("cis")[0].GetProperty("code").GetString() == "sw-core")
            .GetProperty("planName").GetString().ShouldBe("HIS 核心交换机故障");

        (await _prometheus.PostAsync("/api/v1/alerting/api/v2/alerts", new[] { Down("DeviceDown", "sw-core", _desk.Clock.GetUtcNow()) })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.TrueAsync(async () => (await TicketsAsync()).Count == 1, what: "the ticket of the switch's event");
        var id = (await TicketsAsync())[0].GetProperty("id").GetInt64();
        var ticket = await _desk.GetAsync(_desk.Admin, id);
        ticket.GetProperty("priority").GetInt32().ShouldBe(1);
        ticket.GetProperty("businessSystemName").GetString().ShouldBe("医院信息系统（HIS）");
        ticket.GetProperty("faultPlanName").GetString().ShouldBe("HIS 核心交换机故障");
        ticket.GetProperty("checklist").GetArrayLength().ShouldBe(3);
        ticket.GetProperty("assignee").GetString().ShouldBe("zhangwei");

        // Nobody takes it: after ten minutes the first level hears of it, after thirty the second; each once.
        var sweeper = _desk.Host.Services.GetRequiredService<SlaSweeper>();
        await _desk.AdvanceAsync(TimeSpan.FromMinutes(11));
        await sweeper.SweepAsync(default);
        await sweeper.SweepAsync(default);
        ticket = await _desk.GetAsync(_desk.Admin, id);
        ticket.GetProperty("escalations").EnumerateArray().Select(e => e.GetProperty("level").GetInt32()).ShouldBe([1]);
        ticket.GetProperty("collaborators").EnumerateArray().Select(c => c.GetString()).ShouldContain("wangli");
        TicketDesk.Clocks(ticket)["response"].GetProperty("usedMs").GetInt64().ShouldBe(11 * 60_000); // P1 runs around the clock: 11 of 30 minutes used
        TicketDesk.Clocks(ticket)["response"].GetProperty("colour").GetString().ShouldBe("green");
        await using (var connection = await _desk.Host.Databases.Config.OpenAsync())
        {
            var notices = (await Dapper.SqlMapper.QueryAsync<string>(connection, "SELECT payload FROM module_events WHERE topic = 'servicedesk.ticket.notice'")).ToList();
            notices.ShouldContain(n => n.Contains("\"transition\":\"escalation:1\"") && n.Contains("\"to\":[\"wangli\"]"));
        }

        await _desk.AdvanceAsync(TimeSpan.FromMinutes(20));
        await sweeper.SweepAsync(default);
        (await _desk.GetAsync(_desk.Admin, id)).GetProperty("escalations").GetArrayLength().ShouldBe(2);

        // The engineer works through the plan and resolves it; the desk rates it on the caller's behalf and it closes.
        ticket = await _desk.StepOkAsync(_desk.Engineer, await _desk.GetAsync(_desk.Engineer, id), "accept");
        var steps = await (await _desk.Engineer.PostAsync($"{TicketDesk.Path}/tickets/{id}/checklist/0", new { done = true })).JsonAsync();
        steps[0].GetProperty("doneBy").GetString().ShouldBe("zhangwei");
        ticket = await _desk.StepOkAsync(_desk.Engineer, await _desk.GetAsync(_desk.Engineer, id), "resolve", new { fields = new Dictionary<string, string> { ["resolution"] = "交换机电源模块故障，更换后恢复。" } });
        ticket = await _desk.StepOkAsync(_desk.Admin, await _desk.GetAsync(_desk.Admin, id), "confirm", new { rating = 4, ratingComment = "处理及时" });
        ticket.GetProperty("state").GetString().ShouldBe("closed");
        await sweeper.SweepAsync(default);
        (await _desk.GetAsync(_desk.Admin, id)).GetProperty("escalations").GetArrayLength().ShouldBe(2);
    }
    [Fact]
    public async Task SignalsFromACiWithAnOpenTicket_JoinIt_AndAfterItIsResolvedTheNextOneOpensANewTicket()
    {
        var started = _desk.Clock.GetUtcNow().AddMinutes(-2);
        (await _prometheus.PostAsync("/api/v1/alerting/api/v2/alerts", new[] { Down("DeviceDown", "sw-core", started) })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.TrueAsync(async () => (await TicketsAsync()).Count == 1, what: "the switch's ticket");
        var id = (await TicketsAsync())[0].GetProperty("id").GetInt64();

        // A second signal from the same switch, on its own: it joins the open ticket instead of opening another.
        (await _prometheus.PostAsync("/api/v1/alerting/api/v2/alerts", new[] { Down("PortErrors", "sw-core", started) })).StatusCode.ShouldBe(HttpStatusCode.OK);
        async Task<List<string>> AlertLogAsync(long ticket) =>
            (await (await _desk.Admin.GetAsync($"{TicketDesk.Path}/tickets/{ticket}/timeline")).JsonAsync()).EnumerateArray()
                .Where(e => e.GetProperty("kind").GetString() == "alert_update").Select(e => e.GetProperty("detail").GetString()!).ToList();
        await Eventually.TrueAsync(async () => (await AlertLogAsync(id)).Any(d => d.StartsWith("signal:", StringComparison.Ordinal)), what: "the second signal on the ticket");
        (await AlertLogAsync(id)).Single(d => d.StartsWith("signal:", StringComparison.Ordinal)).ShouldEndWith(":critical:sw-core 不可达");
        (await TicketsAsync()).Count.ShouldBe(1);

        // Its resolution is written on the ticket it joined.
        (await _prometheus.PostAsync("/api/v1/alerting/api/v2/alerts", new[] { Down("PortErrors", "sw-core", started, _desk.Clock.GetUtcNow()) })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.TrueAsync(async () => (await AlertLogAsync(id)).Any(d => d.StartsWith("resolved:", StringComparison.Ordinal)), what: "the joined signal's resolution");

        // Once the engineer has resolved the ticket, the switch's next signal is new work: a ticket of its own.
        await _desk.StepOkAsync(_desk.Engineer, await _desk.GetAsync(_desk.Engineer, id), "accept");
        await _desk.StepOkAsync(_desk.Engineer, await _desk.GetAsync(_desk.Engineer, id), "resolve", new { fields = new Dictionary<string, string> { ["resolution"] = "端口光模块松动，重新插紧。" } });
        (await _prometheus.PostAsync("/api/v1/alerting/api/v2/alerts", new[] { Down("FanFailure", "sw-core", _desk.Clock.GetUtcNow()) })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.TrueAsync(async () => (await TicketsAsync()).Count == 2, what: "a new ticket after the first was resolved");
        (await AlertLogAsync(id)).Count(d => d.StartsWith("signal:", StringComparison.Ordinal)).ShouldBe(1);
    }
    [Fact]
    public async Task AnAlertWithAChart_KeepsASnapshotOfItsMetricOnTheTicket_AndABrokenQueryStillOpensTheTicket()
    {
        var firstSeen = _desk.Clock.GetUtcNow().AddMinutes(-10);
        await PublishNoticeAsync(new AlertEventNotice(
            9001, AlertingEvents.Opened, null, "HIS 数据库连接数过高", "major", "his-db-01", 84, firstSeen, _desk.Clock.GetUtcNow(),
            new Dictionary<string, string>(), "vector(42) * 2", null));
        await PublishNoticeAsync(new AlertEventNotice(
            9002, AlertingEvents.Opened, null, "核心交换机端口错误", "minor", "sw-core", null, firstSeen, _desk.Clock.GetUtcNow(),
            new Dictionary<string, string>(), "sum(", null));
        await Eventually.TrueAsync(async () => (await TicketsAsync()).Count == 2, what: "both tickets");

        var tickets = await TicketsAsync();
        var his = tickets.Single(t => t.GetProperty("title").GetString() == "HIS 数据库连接数过高").GetProperty("id").GetInt64();
        var snapshots = (await (await _desk.Admin.GetAsync($"{TicketDesk.Path}/tickets/{his}/metric-snapshots")).JsonAsync()).EnumerateArray().ToList();
        var snapshot = snapshots.ShouldHaveSingleItem();
        snapshot.GetProperty("eventId").GetInt64().ShouldBe(9001);
        snapshot.GetProperty("query").GetString().ShouldBe("vector(42) * 2");
        // From an hour before the first firing to the moment the ticket opened, in steps of at least 15 s.
        var start = snapshot.GetProperty("start").GetDateTimeOffset();
        var end = snapshot.GetProperty("end").GetDateTimeOffset();
        (end - start).ShouldBeInRange(TimeSpan.FromMinutes(69), TimeSpan.FromMinutes(70));
        snapshot.GetProperty("stepSeconds").GetInt64().ShouldBe(18); // 70 minutes in at most 240 steps
        var series = snapshot.GetProperty("result").EnumerateArray().ShouldHaveSingleItem();
        var values = series.GetProperty("values").EnumerateArray().ToList();
        values.Count.ShouldBeGreaterThan(200);
        values.ShouldAllBe(v => v[1].GetString() == "84");

        var core = tickets.Single(t => t.GetProperty("title").GetString() == "核心交换机端口错误").GetProperty("id").GetInt64();
        var broken = (await (await _desk.Admin.GetAsync($"{TicketDesk.Path}/tickets/{core}/metric-snapshots")).JsonAsync()).EnumerateArray().ShouldHaveSingleItem();
        broken.GetProperty("result").ValueKind.ShouldBe(JsonValueKind.Null);
        broken.GetProperty("error").GetString().ShouldNotBeNullOrWhiteSpace();
    }

    private async Task PublishNoticeAsync(AlertEventNotice notice)
    {
        await using var connection = await _desk.Host.Databases.Config.OpenAsync();
        await using var tx = await Database.BeginWriteAsync(connection);
        await ModuleEvents.PublishAsync(connection, tx, AlertingEvents.EventNotice, JsonSerializer.Serialize(notice, new JsonSerializerOptions(JsonSerializerDefaults.Web)), UnixMs.Now(_desk.Clock), default);
        await tx.CommitAsync();
    }
}
