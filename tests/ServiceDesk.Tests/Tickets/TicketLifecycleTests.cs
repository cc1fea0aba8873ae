using System.Net;
using System.Text.Json;
using Dapper;
using HospitalOps.ServiceDesk.Sla;
using HospitalOps.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.ServiceDesk.Tests.Tickets;

/// <summary>
/// Tickets through the API, end to end on the built-in fault workflow: priority from the matrix and the CMDB's system level, the
/// SLA policy that fits, dispatch → accept → arrive → resolve → confirm and rate, every refusal with its reason and no change,
/// waiting that pauses the clock, and a breach recorded with the party responsible. The clock is moved by hand.
/// </summary>
public sealed class TicketLifecycleTests : IAsyncLifetime
{
    private TicketDesk _desk = null!;

    public async Task InitializeAsync() => _desk = await TicketDesk.StartAsync();

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    private Task<JsonElement> HisFaultAsync(int impact = 1, int urgency = 1) => _desk.CreateAsync(_desk.Reporter, new
    {
        type = "incident",
        title = "门诊挂号 HIS 无法登录",
        description = "门诊一楼挂号窗口全部无法登录 HIS，提示连接超时。",
        impact,
        urgency,
        businessSystemId = _desk.His,
        fields = new Dictionary<string, string> { ["onSiteRequired"] = "true" },
    });

    [Fact]
    public async Task AFreshInstall_ShipsTicketTypes_TheMatrix_AndContractPolicies()
    {
        var policies = (await (await _desk.Admin.GetAsync($"{TicketDesk.Path}/sla-policies")).JsonAsync()).EnumerateArray().ToList();
        policies.Select(p => p.GetProperty("name").GetString()).ShouldBe(["P1 紧急故障（7×24）", "P2 严重故障（7×24）", "一般（工作时间，2 个工作日修复）"]);
        policies[0].GetProperty("responseMinutes").GetInt32().ShouldBe(30);
        policies[0].GetProperty("responseOutsideMinutes").GetInt32().ShouldBe(60);

        var matrix = (await (await _desk.Admin.GetAsync($"{TicketDesk.Path}/priority-matrix")).JsonAsync()).EnumerateArray().ToList();
        matrix.Count.ShouldBe(27);
        int Cell(int i, int u, int l) => matrix.Single(c => c.GetProperty("impact").GetInt32() == i && c.GetProperty("urgency").GetInt32() == u && c.GetProperty("systemLevel").GetInt32() == l).GetProperty("priority").GetInt32();
        Cell(1, 1, 1).ShouldBe(1);
        Cell(1, 1, 3).ShouldBe(2);
        Cell(3, 3, 1).ShouldBe(3);
        Cell(3, 3, 3).ShouldBe(4);
    }

    [Fact]
    public async Task AHospitalWideHisFault_IsP1_OnTheRoundTheClockPolicy_WithGreenClocks()
    {
        var ticket = await HisFaultAsync();

        ticket.GetProperty("number").GetString().ShouldBe("INC-20261102-0001");
        ticket.GetProperty("priority").GetInt32().ShouldBe(1);
        ticket.GetProperty("systemLevel").GetInt32().ShouldBe(1);
        ticket.GetProperty("businessSystemName").GetString().ShouldBe("医院信息系统（HIS）");
        ticket.GetProperty("state").GetString().ShouldBe("new");
        ticket.GetProperty("reporterUser").GetString().ShouldBe("wangli");
        var clocks = TicketDesk.Clocks(ticket);
        clocks.Keys.ShouldBe(["response", "arrival", "resolution"]);
        clocks["response"].GetProperty("allowedMs").GetInt64().ShouldBe(30 * 60_000);
        clocks["arrival"].GetProperty("allowedMs").GetInt64().ShouldBe(60 * 60_000);
        clocks["resolution"].GetProperty("allowedMs").GetInt64().ShouldBe(8 * 3_600_000);
        clocks["response"].GetProperty("deadline").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.FromHours(8)));
        clocks.Values.ShouldAllBe(c => c.GetProperty("colour").GetString() == "green");

        var second = await HisFaultAsync(impact: 3, urgency: 3);
        second.GetProperty("number").GetString().ShouldBe("INC-20261102-0002");
        second.GetProperty("priority").GetInt32().ShouldBe(3);
        TicketDesk.Clocks(second)["resolution"].GetProperty("allowedMs").GetInt64().ShouldBe(20 * 3_600_000);
    }

    [Fact]
    public async Task AFault_IsDispatchedAccepted_Attended_Resolved_AndClosedByTheReportersRating()
    {
        var ticket = await HisFaultAsync();
        TicketDesk.Offered(ticket).ShouldBe(["assign", "accept", "cancel"]);
        // Anyone who works tickets may take an unassigned one; only a dispatcher assigns it to someone else.
        TicketDesk.Offered(await _desk.GetAsync(_desk.Other, ticket.GetProperty("id").GetInt64())).ShouldBe(["accept"]);

        ticket = await _desk.StepOkAsync(_desk.Admin, ticket, "assign", new { assignee = "zhangwei" });
        ticket.GetProperty("state").GetString().ShouldBe("assigned");
        ticket.GetProperty("assignee").GetString().ShouldBe("zhangwei");

        await _desk.AdvanceAsync(TimeSpan.FromMinutes(10));
        ticket = await _desk.GetAsync(_desk.Engineer, ticket.GetProperty("id").GetInt64());
        TicketDesk.Offered(ticket).ShouldContain("accept");
        ticket = await _desk.StepOkAsync(_desk.Engineer, ticket, "accept");
        ticket.GetProperty("stateName").GetString().ShouldBe("处理中");
        TicketDesk.Clocks(ticket)["response"].GetProperty("outcome").GetString().ShouldBe("met");

        await _desk.AdvanceAsync(TimeSpan.FromMinutes(35));
        ticket = await _desk.StepOkAsync(_desk.Engineer, ticket, "arrive", new { location = new { latitude = 31.2304, longitude = 121.4737, accuracyMeters = 12.0 } });
        ticket.GetProperty("arrivedAt").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 11, 2, 10, 15, 0, TimeSpan.FromHours(8)));
        TicketDesk.Clocks(ticket)["arrival"].GetProperty("outcome").GetString().ShouldBe("met");

        var noResolution = await _desk.StepAsync(_desk.Engineer, ticket, "resolve");
        noResolution.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noResolution.FieldErrorAsync("resolution")).ShouldBe("required");

        await _desk.AdvanceAsync(TimeSpan.FromHours(1));
        ticket = await _desk.StepOkAsync(_desk.Engineer, ticket, "resolve", new { fields = new Dictionary<string, string> { ["resolution"] = "数据库连接池耗尽，重启应用服务并调大连接池。" } });
        ticket.GetProperty("stateCategory").GetString().ShouldBe("resolved");
        var resolution = TicketDesk.Clocks(ticket)["resolution"];
        resolution.GetProperty("outcome").GetString().ShouldBe("met");
        resolution.GetProperty("usedMs").GetInt64().ShouldBe((10 + 35 + 60) * 60_000);

        // The engineer cannot close it for the requester: the satisfaction survey is theirs.
        var selfRating = await _desk.StepAsync(_desk.Engineer, ticket, "confirm", new { rating = 5 });
        selfRating.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await selfRating.CodeAsync()).ShouldBe("transition_self_rating");
        TicketDesk.Offered(ticket).ShouldNotContain("confirm");
        var noRating = await _desk.StepAsync(_desk.Reporter, ticket, "confirm");
        (await noRating.FieldErrorAsync("rating")).ShouldBe("required");
        ticket = await _desk.StepOkAsync(_desk.Reporter, ticket, "confirm", new { rating = 5, ratingComment = "到场及时，处理专业" });
        ticket.GetProperty("state").GetString().ShouldBe("closed");
        ticket.GetProperty("rating").GetInt32().ShouldBe(5);
        ticket.GetProperty("closedAt").ValueKind.ShouldBe(JsonValueKind.String);
        TicketDesk.Offered(ticket).ShouldBeEmpty();

        var timeline = (await (await _desk.Admin.GetAsync($"{TicketDesk.Path}/tickets/{ticket.GetProperty("id").GetInt64()}/timeline")).JsonAsync()).EnumerateArray().ToList();
        timeline.Where(e => e.GetProperty("kind").GetString() == "transition").Select(e => e.GetProperty("toState").GetString())
            .ShouldBe(["assigned", "accepted", "on_site", "resolved", "closed"]);
        timeline.Single(e => e.GetProperty("toState").GetString() == "on_site").GetProperty("detail").GetString()!.ShouldContain("31.2304");
        timeline.ShouldContain(e => e.GetProperty("kind").GetString() == "rated" && e.GetProperty("detail").GetString() == "5: 到场及时，处理专业");
    }

    [Fact]
    public async Task ATransitionThatDoesNotFit_IsRefusedWithItsReason_AndChangesNothing()
    {
        var ticket = await HisFaultAsync();
        var id = ticket.GetProperty("id").GetInt64();

        var wrongState = await _desk.StepAsync(_desk.Admin, ticket, "resolve", new { fields = new Dictionary<string, string> { ["resolution"] = "x" } });
        wrongState.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await wrongState.CodeAsync()).ShouldBe("transition_wrong_state");
        (await wrongState.JsonAsync()).GetProperty("title").GetString()!.ShouldContain("新建");

        var notAllowed = await _desk.StepAsync(_desk.Other, ticket, "assign", new { assignee = "liuyang" });
        notAllowed.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await notAllowed.CodeAsync()).ShouldBe("transition_not_allowed");

        var unknown = await _desk.StepAsync(_desk.Admin, ticket, "teleport");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await unknown.CodeAsync()).ShouldBe("transition_unknown");

        var assigned = await _desk.StepOkAsync(_desk.Admin, ticket, "assign", new { assignee = "zhangwei" });
        var stale = await _desk.StepAsync(_desk.Admin, ticket, "accept");
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);

        // Only the engineer it was dispatched to (or a dispatcher) accepts it.
        (await _desk.StepAsync(_desk.Other, assigned, "accept")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var holdWithoutReason = await _desk.StepAsync(_desk.Engineer, await _desk.StepOkAsync(_desk.Engineer, assigned, "accept"), "hold");
        (await holdWithoutReason.FieldErrorAsync("comment")).ShouldBe("required");

        var after = await _desk.GetAsync(_desk.Admin, id);
        after.GetProperty("state").GetString().ShouldBe("accepted");
        after.GetProperty("version").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task WaitingOnTheRequester_PausesTheResolutionClock()
    {
        var ticket = await HisFaultAsync(impact: 3, urgency: 3); // P3: working hours, 2 working days
        ticket = await _desk.StepOkAsync(_desk.Admin, ticket, "assign", new { assignee = "zhangwei" });
        ticket = await _desk.StepOkAsync(_desk.Engineer, ticket, "accept");
        await _desk.AdvanceAsync(TimeSpan.FromMinutes(30)); // 10:00
        ticket = await _desk.StepOkAsync(_desk.Engineer, ticket, "hold", new { comment = "等待科室确认打印机型号" });
        TicketDesk.Clocks(ticket)["resolution"].GetProperty("paused").GetBoolean().ShouldBeTrue();

        await _desk.AdvanceAsync(TimeSpan.FromHours(3)); // 13:00
        ticket = await _desk.GetAsync(_desk.Engineer, ticket.GetProperty("id").GetInt64());
        TicketDesk.Clocks(ticket)["resolution"].GetProperty("usedMs").GetInt64().ShouldBe(30 * 60_000);
        ticket = await _desk.StepOkAsync(_desk.Engineer, ticket, "resume");
        await _desk.AdvanceAsync(TimeSpan.FromHours(1)); // 14:00

        var resolution = TicketDesk.Clocks(await _desk.GetAsync(_desk.Engineer, ticket.GetProperty("id").GetInt64()))["resolution"];
        resolution.GetProperty("usedMs").GetInt64().ShouldBe(90 * 60_000);
        resolution.GetProperty("paused").GetBoolean().ShouldBeFalse();
        // 20 working hours from Monday 09:30 (8.5 h on Monday, 10 h on Tuesday, 1.5 h on Wednesday) end Wednesday 09:30; the 3 hours waited move it to 12:30.
        resolution.GetProperty("deadline").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 11, 4, 12, 30, 0, TimeSpan.FromHours(8)));
    }

    [Fact]
    public async Task TheSweep_WritesOnlyClocksThatMoved_AndTheExportComputesTheRunningOnes()
    {
        var waiting = await HisFaultAsync(impact: 3, urgency: 3);
        waiting = await _desk.StepOkAsync(_desk.Admin, waiting, "assign", new { assignee = "zhangwei" });
        waiting = await _desk.StepOkAsync(_desk.Engineer, waiting, "accept");
        waiting = await _desk.StepOkAsync(_desk.Engineer, waiting, "hold", new { comment = "等待厂商备件" });
        var running = await HisFaultAsync(impact: 3, urgency: 3);
        var openedAt = _desk.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var sweeper = _desk.Host.Services.GetRequiredService<SlaSweeper>();
        await using var connection = await _desk.Host.Databases.Config.OpenAsync();
        async Task<Dictionary<string, (long UsedMs, long ComputedAt, string Colour)>> StoredAsync(JsonElement ticket) =>
            (await connection.QueryAsync<(string Kind, long UsedMs, long ComputedAt, string Colour)>(
                "SELECT kind, used_ms, computed_at, colour FROM sd_sla_clocks WHERE ticket_id = @id", new { id = ticket.GetProperty("id").GetInt64() }))
                .ToDictionary(c => c.Kind, c => (c.UsedMs, c.ComputedAt, c.Colour));

        await _desk.AdvanceAsync(TimeSpan.FromMinutes(40));
        await sweeper.SweepAsync(default);
        var waitingBefore = await StoredAsync(waiting);
        await _desk.AdvanceAsync(TimeSpan.FromMinutes(40));
        await sweeper.SweepAsync(default);

        // The waiting ticket's clocks are stopped (response) and paused (resolution): the sweep had nothing to write.
        (await StoredAsync(waiting)).ShouldBe(waitingBefore);
        // The running ticket's resolution clock is still green, 80 minutes into working hours: its row, written when the ticket
        // opened, says the same colour and deadline, so no sweep rewrote it.
        var shown = TicketDesk.Clocks(await _desk.GetAsync(_desk.Admin, running.GetProperty("id").GetInt64()));
        shown["resolution"].GetProperty("usedMs").GetInt64().ShouldBe(80 * 60_000);
        var stored = await StoredAsync(running);
        stored.Keys.Order().ShouldBe(shown.Keys.Order());
        stored["resolution"].Colour.ShouldBe(shown["resolution"].GetProperty("colour").GetString());
        stored["resolution"].ComputedAt.ShouldBe(openedAt);
        stored["resolution"].UsedMs.ShouldBe(0);

        // The records export reads a running clock as of now, as the ticket page does.
        var export = await _desk.Admin.GetAsync($"{TicketDesk.Path}/tickets/export?status=active");
        export.StatusCode.ShouldBe(HttpStatusCode.OK, await export.Content.ReadAsStringAsync());
        var rows = Records.Workbook.Open(await export.Content.ReadAsByteArrayAsync())["工单记录"];
        var row = rows.Single(r => r[0] == running.GetProperty("number").GetString());
        (row[rows[0].IndexOf("解决用时（分钟）")], row[rows[0].IndexOf("解决结果")]).ShouldBe(("80", "计时中"));

        // Once its colour turns, the row is rewritten with the time used then: Tuesday 10:50 is Monday 09:30–18:00 and Tuesday
        // 08:00–10:50 of the office calendar, 680 of the 1,200 minutes (yellow from half).
        await _desk.AdvanceAsync(TimeSpan.FromDays(1));
        await sweeper.SweepAsync(default);
        var yellow = TicketDesk.Clocks(await _desk.GetAsync(_desk.Admin, running.GetProperty("id").GetInt64()))["resolution"];
        (yellow.GetProperty("usedMs").GetInt64(), yellow.GetProperty("colour").GetString()).ShouldBe((680 * 60_000L, "yellow"));
        stored = await StoredAsync(running);
        stored["resolution"].ShouldBe((yellow.GetProperty("usedMs").GetInt64(), _desk.Clock.GetUtcNow().ToUnixTimeMilliseconds(), "yellow"));
    }

    [Fact]
    public async Task TheSweep_RecomputesOnlyTicketsWhoseClocksChangeColour_AndEveryTicketAfterAPolicyIsEdited()
    {
        await using var connection = await _desk.Host.Databases.Config.OpenAsync();
        // The server's own sweep is kept idle (its lease held by another node) so that every sweep here is one this test runs.
        await connection.ExecuteAsync(
            """
            INSERT INTO leases (name, holder, expires_at) VALUES ('servicedesk-sla-sweeper', 'elsewhere', @expires)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            """, new { expires = _desk.Clock.GetUtcNow().AddDays(30).ToUnixTimeMilliseconds() });
        var sweeper = _desk.Host.Services.GetRequiredService<SlaSweeper>();
        var urgent = await HisFaultAsync();
        // A waiting ticket: response met, the other clocks paused; nothing about it changes by itself.
        var waiting = await HisFaultAsync(impact: 3, urgency: 3);
        waiting = await _desk.StepOkAsync(_desk.Admin, waiting, "assign", new { assignee = "zhangwei" });
        waiting = await _desk.StepOkAsync(_desk.Engineer, waiting, "accept");
        waiting = await _desk.StepOkAsync(_desk.Engineer, waiting, "hold", new { comment = "等待厂商备件" });
        async Task<long?> NextAtAsync(JsonElement ticket) =>
            await connection.ExecuteScalarAsync<long?>("SELECT sla_next_at FROM sd_tickets WHERE id = @id", new { id = ticket.GetProperty("id").GetInt64() });
        async Task<string?> ColourAsync(JsonElement ticket) =>
            (await _desk.GetAsync(_desk.Admin, ticket.GetProperty("id").GetInt64())).GetProperty("slaColour").GetString();

        // Opened Monday 09:30: the P1's response clock (30 minutes, 7×24) turns yellow at 09:45, which its creation stored.
        var opened = _desk.Clock.GetUtcNow();
        (await NextAtAsync(urgent)).ShouldBe(opened.AddMinutes(15).ToUnixTimeMilliseconds());
        (await NextAtAsync(waiting)).ShouldBeNull();
        // A ticket cancelled before anyone answered: its response clock would still run, but a closed ticket is not swept.
        var cancelled = await _desk.StepOkAsync(_desk.Admin, await HisFaultAsync(), "cancel", new { comment = "重复报修" });
        cancelled.GetProperty("state").GetString().ShouldBe("closed");
        (await NextAtAsync(cancelled)).ShouldBeNull();
        await sweeper.SweepAsync(default); // the first sweep of this process (unless the server's ran before the lease was taken) reads every ticket

        await _desk.AdvanceAsync(TimeSpan.FromMinutes(10));
        (await sweeper.SweepAsync(default)).ShouldBe(new SweepOutcome(Everything: false, Recomputed: 0, Written: 0, Changed: 0));

        await _desk.AdvanceAsync(TimeSpan.FromMinutes(6));
        (await sweeper.SweepAsync(default)).ShouldBe(new SweepOutcome(Everything: false, Recomputed: 1, Written: 1, Changed: 1));
        (await ColourAsync(urgent)).ShouldBe("yellow");
        (await NextAtAsync(urgent)).ShouldBe(opened.AddMinutes(24).ToUnixTimeMilliseconds()); // red at 80 %

        // An edited policy (red from 90 %) may move any clock: the next sweep recomputes every ticket that is not closed.
        var policy = (await (await _desk.Admin.GetAsync($"{TicketDesk.Path}/sla-policies")).JsonAsync()).EnumerateArray().First();
        var edited = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(policy.GetRawText())!;
        edited["redAt"] = JsonSerializer.SerializeToElement(0.9);
        (await _desk.Admin.PutAsync($"{TicketDesk.Path}/sla-policies/{policy.GetProperty("id").GetInt64()}", edited)).EnsureSuccessStatusCode();
        var after = await sweeper.SweepAsync(default);
        (after.Everything, after.Recomputed).ShouldBe((true, 2));
        (await NextAtAsync(urgent)).ShouldBe(opened.AddMinutes(27).ToUnixTimeMilliseconds());
        (await sweeper.SweepAsync(default)).Everything.ShouldBeFalse();
        // So do the public holidays, which the office calendar follows.
        (await _desk.Admin.PutAsync("/api/v1/calendars/holidays/2027", new { days = new[] { new { date = "2027-01-01", kind = "holiday", festival = "元旦" } } }))
            .EnsureSuccessStatusCode();
        (await sweeper.SweepAsync(default)).ShouldBe(new SweepOutcome(Everything: true, Recomputed: 2, Written: 0, Changed: 0));
        (await sweeper.SweepAsync(default)).Everything.ShouldBeFalse();

        // At 09:57 it turns red, at 10:00 black (and its arrival clock yellow).
        await _desk.AdvanceAsync(TimeSpan.FromMinutes(11));
        (await sweeper.SweepAsync(default)).ShouldBe(new SweepOutcome(Everything: false, Recomputed: 1, Written: 1, Changed: 1));
        (await ColourAsync(urgent)).ShouldBe("red");
        await _desk.AdvanceAsync(TimeSpan.FromMinutes(3));
        (await sweeper.SweepAsync(default)).ShouldBe(new SweepOutcome(Everything: false, Recomputed: 1, Written: 1, Changed: 1));
        (await ColourAsync(urgent)).ShouldBe("black");
        (await NextAtAsync(urgent)).ShouldBe(opened.AddMinutes(54).ToUnixTimeMilliseconds()); // the arrival clock (60 minutes) turns red next
        (await sweeper.SweepAsync(default)).Recomputed.ShouldBe(0);
    }

    [Fact]
    public async Task AnUnansweredTicket_TurnsRedThenBlack_AndTheBreachIsRecordedAgainstItsAssignee()
    {
        var ticket = await HisFaultAsync();
        ticket = await _desk.StepOkAsync(_desk.Admin, ticket, "assign", new { assignee = "zhangwei" });
        var id = ticket.GetProperty("id").GetInt64();
        var sweeper = _desk.Host.Services.GetRequiredService<SlaSweeper>();

        await _desk.AdvanceAsync(TimeSpan.FromMinutes(25));
        await sweeper.SweepAsync(default);
        var list = await (await _desk.Admin.GetAsync($"{TicketDesk.Path}/tickets?status=active")).JsonAsync();
        list.GetProperty("items")[0].GetProperty("slaColour").GetString().ShouldBe("red");

        await _desk.AdvanceAsync(TimeSpan.FromMinutes(10));
        await sweeper.SweepAsync(default);
        var black = await (await _desk.Admin.GetAsync($"{TicketDesk.Path}/tickets?colour=black")).JsonAsync();
        black.GetProperty("total").GetInt64().ShouldBe(1);
        black.GetProperty("items")[0].GetProperty("slaBreached").GetBoolean().ShouldBeTrue();

        await using var connection = await _desk.Host.Databases.Config.OpenAsync();
        var breach = await connection.QuerySingleAsync<(string Kind, long BreachedAt, string Responsible)>(
            "SELECT kind, breached_at, responsible FROM sd_sla_breaches WHERE ticket_id = @id", new { id });
        breach.Kind.ShouldBe("response");
        breach.BreachedAt.ShouldBe(new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeMilliseconds());
        breach.Responsible.ShouldBe("zhangwei");

        // Sweeping again records nothing twice.
        await sweeper.SweepAsync(default);
        (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sd_sla_breaches WHERE ticket_id = @id", new { id })).ShouldBe(1);
        var timeline = (await (await _desk.Admin.GetAsync($"{TicketDesk.Path}/tickets/{id}/timeline")).JsonAsync()).EnumerateArray();
        timeline.Count(e => e.GetProperty("kind").GetString() == "sla_breached").ShouldBe(1);
    }

    [Fact]
    public async Task AMention_MakesACollaborator_AndSendsANoticeThroughTheOutbox()
    {
        // A channel that carries the desk's notices (a webhook here; e-mail, SMS and robots address the people named).
        var channel = await _desk.Admin.PostAsync("/api/v1/alerting/channels", new { name = "工单通知", type = "webhook", settings = new { url = "http://127.0.0.1:9/hook", ticketNotices = true } });
        channel.StatusCode.ShouldBe(HttpStatusCode.Created, await channel.Content.ReadAsStringAsync());
        var ticket = await HisFaultAsync();
        var id = ticket.GetProperty("id").GetInt64();

        var response = await _desk.Reporter.PostAsync($"{TicketDesk.Path}/tickets/{id}/comments", new { body = "@zhangwei 请协助查看数据库锁等待；邮件抄送 dba@hospital.cn 和 @nobody" });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await response.JsonAsync()).GetProperty("mentions").EnumerateArray().Select(m => m.GetString()).ShouldBe(["zhangwei"]);

        var after = await _desk.GetAsync(_desk.Admin, id);
        after.GetProperty("collaborators").EnumerateArray().Select(c => c.GetString()).ShouldBe(["zhangwei"]);
        var comments = (await (await _desk.Admin.GetAsync($"{TicketDesk.Path}/tickets/{id}/comments")).JsonAsync()).EnumerateArray().ToList();
        comments.Single().GetProperty("author").GetString().ShouldBe("wangli");

        await using var connection = await _desk.Host.Databases.Config.OpenAsync();
        var notice = await connection.QuerySingleAsync<string>("SELECT payload FROM module_events WHERE topic = 'servicedesk.ticket.notice'");
        notice.ShouldContain("\"to\":[\"zhangwei\"]");
        notice.ShouldContain("INC-20261102-0001");
        await Eventually.TrueAsync(async () => await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM notification_outbox WHERE kind = 'ticket'") == 1, what: "the notice queued on the channel");
        var queued = await connection.QuerySingleAsync<(string Title, string Body)>("SELECT title, body FROM notification_outbox WHERE kind = 'ticket'");
        queued.Title.ShouldBe("[P1] INC-20261102-0001 门诊挂号 HIS 无法登录");
        queued.Body.ShouldStartWith("有人在工单中提到了您");
    }

    [Fact]
    public async Task BadInput_IsRefusedOnItsField_AndOpensNoTicket()
    {
        async Task<string?> FieldAsync(object request, string field) => await (await _desk.Reporter.PostAsync($"{TicketDesk.Path}/tickets", request)).FieldErrorAsync(field);

        (await FieldAsync(new { type = "incident", title = " " }, "title")).ShouldBe("required");
        (await FieldAsync(new { type = "incident", title = new string('长', 201) }, "title")).ShouldBe("too_long");
        (await FieldAsync(new { type = "nonsense", title = "x" }, "type")).ShouldBe("ticket_unknown_type");
        (await FieldAsync(new { type = "incident", title = "x", impact = 7 }, "impact")).ShouldBe("invalid_value");
        (await FieldAsync(new { type = "incident", title = "x", channel = "pigeon" }, "channel")).ShouldBe("invalid_value");
        (await FieldAsync(new { type = "incident", title = "x", ciIds = new[] { 999_999L } }, "ciIds")).ShouldBe("ticket_unknown_ci");
        (await FieldAsync(new { type = "change", title = "x", fields = new Dictionary<string, string> { ["risk"] = "extreme" } }, "fields.risk")).ShouldBe("invalid_value");
        (await FieldAsync(new { type = "change", title = "x", fields = new Dictionary<string, string> { ["colour"] = "red" } }, "fields.colour")).ShouldBe("ticket_unknown_field");
        (await FieldAsync(new { type = "incident", title = "x", assignee = "zhangwei" }, "assignee")).ShouldBeNull(); // an engineer may dispatch
        (await (await _desk.Other.PostAsync($"{TicketDesk.Path}/tickets", new { type = "incident", title = "x", assignee = "zhangwei" })).FieldErrorAsync("assignee")).ShouldBe("ticket_assign_not_allowed");

        var english = _desk.Host.Client("en-US");
        var list = await (await _desk.Admin.GetAsync($"{TicketDesk.Path}/tickets")).JsonAsync();
        list.GetProperty("total").GetInt64().ShouldBe(1);
    }

    [Fact]
    public async Task AHighRiskChange_NeedsARollbackPlan_AndItsApprovalAnnouncesTheMaintenanceWindow()
    {
        var app = await _desk.Admin.CiAsync("application", "his-app", "HIS 应用服务");
        var change = await _desk.CreateAsync(_desk.Reporter, new
        {
            type = "change",
            title = "HIS 数据库迁移到新存储",
            ciIds = new[] { app },
            businessSystemId = _desk.His,
            fields = new Dictionary<string, string> { ["risk"] = "high", ["plannedStart"] = "2026-11-07T22:00:00+08:00", ["plannedEnd"] = "2026-11-08T04:00:00+08:00" },
        });
        change.GetProperty("number").GetString()!.ShouldStartWith("CHG-");
        TicketDesk.Offered(change).ShouldBe(["submit_high_risk", "withdraw"]);

        (await (await _desk.StepAsync(_desk.Reporter, change, "submit")).CodeAsync()).ShouldBe("transition_condition_failed");
        (await (await _desk.StepAsync(_desk.Reporter, change, "submit_high_risk")).FieldErrorAsync("rollbackPlan")).ShouldBe("required");
        change = await _desk.StepOkAsync(_desk.Reporter, change, "submit_high_risk", new { fields = new Dictionary<string, string> { ["rollbackPlan"] = "切回原存储上的数据库副本，恢复 DNS 指向。" } });
        change.GetProperty("stateName").GetString().ShouldBe("待审批");

        change = await _desk.StepOkAsync(_desk.Admin, change, "approve");
        change.GetProperty("state").GetString().ShouldBe("approved");
        await using var connection = await _desk.Host.Databases.Config.OpenAsync();
        var approved = JsonDocument.Parse(await connection.QuerySingleAsync<string>("SELECT payload FROM module_events WHERE topic = 'servicedesk.change.approved'")).RootElement;
        approved.GetProperty("ciCodes").EnumerateArray().Select(c => c.GetString()).ShouldBe(["his-app"]);
        approved.GetProperty("plannedStart").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 11, 7, 22, 0, 0, TimeSpan.FromHours(8)));

        // Alerting opens the change's maintenance window over its CIs and times, once.
        JsonElement window = default;
        await Eventually.TrueAsync(async () =>
        {
            var windows = (await (await _desk.Admin.GetAsync("/api/v1/alerting/maintenance-windows")).JsonAsync()).EnumerateArray().ToList();
            window = windows.FirstOrDefault(w => w.GetProperty("name").GetString()!.StartsWith(change.GetProperty("number").GetString()!, StringComparison.Ordinal));
            return window.ValueKind == JsonValueKind.Object;
        }, what: "the change's maintenance window");
        window.GetProperty("scope").GetProperty("ciCodes").EnumerateArray().Select(c => c.GetString()).ShouldBe(["his-app"]);
        window.GetProperty("startsAt").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 11, 7, 22, 0, 0, TimeSpan.FromHours(8)));
        window.GetProperty("endsAt").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 11, 8, 4, 0, 0, TimeSpan.FromHours(8)));
    }
}
