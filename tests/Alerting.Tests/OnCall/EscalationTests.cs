using System.Net;
using HospitalOps.Alerting.Tests.Notifications;
using HospitalOps.Tests.Support;

namespace HospitalOps.Alerting.Tests.OnCall;

/// <summary>
/// On duty and escalation through the host with a fake clock: the first message names whoever is on duty; nobody
/// acknowledging brings the second responsible after 10 minutes and the team lead with the duty roster after 30, repeated
/// every 15; acknowledging stops it; the resolution reaches everyone who was told.
/// </summary>
public sealed class EscalationTests : IAsyncLifetime
{
    private NotificationScenario _s = null!;
    private NotificationPeer _robot = null!;
    private long _schedule;

    public async Task InitializeAsync()
    {
        _s = await NotificationScenario.StartAsync();
        _robot = await NotificationPeer.StartAsync();
        await _s.UserAsync("duty1", "duty1@hospital.test", "13800000001");
        await _s.UserAsync("zhang", "zhang@hospital.test", "13800000002");
        await _s.UserAsync("lead", "lead@hospital.test", "13800000003");
        var robot = await _s.ChannelAsync(new { name = "值班群", type = "wecom", secrets = new { url = _robot.BaseUrl + "/send?key=k" } });
        _schedule = await _s.CreateAsync("/api/v1/alerting/oncall-schedules", new
        {
            name = "信息科值班",
            participants = new[] { "duty1" },
            rotationDays = 1,
            handover = "08:30",
            anchorDate = "2026-01-01",
        });
        var policy = await _s.CreateAsync("/api/v1/alerting/escalation-policies", new
        {
            name = "紧急升级",
            steps = new object[]
            {
                new { afterMinutes = 10, users = new[] { "zhang" }, channels = new[] { robot } },
                new { afterMinutes = 30, users = new[] { "lead" }, scheduleId = _schedule, channels = new[] { robot } },
            },
            repeatMinutes = 15,
        });
        var route = await _s.Api.PostAsync("/api/v1/alerting/routes", new { name = "紧急", channels = new[] { robot }, match = new { severities = new[] { "critical" } }, scheduleId = _schedule, escalationPolicyId = policy });
        route.StatusCode.ShouldBe(HttpStatusCode.Created, await route.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync()
    {
        await _robot.DisposeAsync();
        await _s.DisposeAsync();
    }

    private List<string> Mentions(int index) =>
        _robot.Requests.ElementAt(index).Json.GetProperty("text").GetProperty("mentioned_mobile_list").EnumerateArray().Select(m => m.GetString()!).ToList();

    private string Content(int index) => _robot.Requests.ElementAt(index).Json.GetProperty("text").GetProperty("content").GetString()!;

    private async Task AfterAsync(int minutes)
    {
        _s.Host.Clock.Advance(TimeSpan.FromMinutes(minutes));
        await _s.EscalateAsync();
        await _s.DeliverAsync();
    }

    [Fact]
    public async Task NobodyAcknowledging_BringsTheNextLevels_UntilSomeoneDoes_AndTheResolutionReachesEveryone()
    {
        await _s.LoadAsync(12);
        await _s.DeliverAsync();
        Mentions(0).ShouldBe(["13800000001"], "the first message names whoever is on duty");

        await AfterAsync(9);
        _robot.Requests.Count.ShouldBe(1);
        await AfterAsync(1);
        _robot.Requests.Count.ShouldBe(2);
        Content(1).ShouldContain("级别：紧急");
        Mentions(1).ShouldBe(["13800000002"]);

        await AfterAsync(20);
        Mentions(2).ShouldBe(["13800000003", "13800000001"]);
        await _s.EscalateAsync();
        _robot.Requests.Count.ShouldBe(3, "a moment is sent once");
        await AfterAsync(15);
        _robot.Requests.Count.ShouldBe(4, "the last level repeats every 15 minutes");

        var id = (await _s.EventsAsync()).Single().GetProperty("id").GetInt64();
        var deliveries = await _s.DeliveriesAsync(id);
        deliveries.Select(d => d.GetProperty("kind").GetString()).ShouldBe(["firing", "escalated", "escalated", "escalated"]);
        deliveries[1].GetProperty("title").GetString().ShouldBe("【升级·紧急】PACS 服务器负载过高 c0");

        (await _s.Api.PostAsync($"/api/v1/alerting/events/{id}/acknowledge")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await AfterAsync(60);
        _robot.Requests.Count.ShouldBe(4, "acknowledged: no more escalation");

        await _s.LoadAsync(1);
        await _s.DeliverAsync();
        _robot.Requests.Count.ShouldBe(5);
        Content(4).ShouldContain("恢复时间：");
        Mentions(4).Order().ShouldBe(["13800000001", "13800000002", "13800000003"]);

        var timeline = (await (await _s.Api.GetAsync($"/api/v1/alerting/events/{id}/timeline")).JsonAsync()).EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        timeline.ShouldBe(["opened", "escalated", "escalated", "escalated", "acknowledged", "resolved"]);
    }

    [Fact]
    public async Task AnEventResolvedBeforeTheFirstLevel_IsNeverEscalated()
    {
        await _s.LoadAsync(12);
        await _s.DeliverAsync();
        await _s.LoadAsync(1);
        await _s.DeliverAsync();
        await AfterAsync(60);
        _robot.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task TheRosterApi_ShowsWhoIsOnDuty_AndRefusesUnknownPeople()
    {
        var schedule = await (await _s.Api.GetAsync($"/api/v1/alerting/oncall-schedules/{_schedule}")).JsonAsync();
        schedule.GetProperty("onDutyNow").GetString().ShouldBe("duty1");
        var shifts = (await (await _s.Api.GetAsync($"/api/v1/alerting/oncall-schedules/{_schedule}/shifts")).JsonAsync()).EnumerateArray().ToList();
        shifts.Count.ShouldBeInRange(7, 8);
        shifts.ShouldAllBe(s => s.GetProperty("user").GetString() == "duty1");

        var bad = await _s.Api.PostAsync("/api/v1/alerting/oncall-schedules", new
        {
            name = "x",
            participants = new[] { "nobody" },
            handover = "8:75",
            anchorDate = "2026-01-01",
            overrides = new[] { new { from = "2026-12-01T10:00:00+08:00", to = "2026-12-01T09:00:00+08:00", user = "duty1" } },
        });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.FieldErrorAsync("participants")).ShouldBe("invalid_reference");
        (await bad.FieldErrorAsync("handover")).ShouldBe("invalid_value");
        (await bad.FieldErrorAsync("overrides[0].to")).ShouldBe("invalid_window_end");
        (await _s.Api.DeleteAsync($"/api/v1/alerting/oncall-schedules/{_schedule}")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }
}
