using System.Net;
using Dapper;
using HospitalOps.Alerting.Notifications.Delivery;
using HospitalOps.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Alerting.Tests.Notifications;

/// <summary>
/// From a firing rule to a message at a (local) WeCom robot, through routes and the outbox: delivery, the resolved
/// message, retries with back-off while the peer fails, permanent failures, rate limits, maintenance, idempotency.
/// </summary>
public sealed class DeliveryTests : IAsyncLifetime
{
    private NotificationScenario _s = null!;
    private NotificationPeer _robot = null!;
    private long _channel;

    public async Task InitializeAsync()
    {
        _s = await NotificationScenario.StartAsync();
        _robot = await NotificationPeer.StartAsync();
        _channel = await _s.ChannelAsync(new
        {
            name = "信息科值班群",
            type = "wecom",
            secrets = new { url = _robot.BaseUrl + "/cgi-bin/webhook/send?key=robot-key-7f3a" },
        });
        await _s.RouteAsync("紧急告警", [_channel], new { severities = new[] { "critical" } });
    }

    public async Task DisposeAsync()
    {
        await _robot.DisposeAsync();
        await _s.DisposeAsync();
    }

    [Fact]
    public async Task FiringAndResolvedEvents_ReachTheRobot_AndTheDeliveryLogSaysSo()
    {
        await _s.LoadAsync(12);
        (await _s.DeliverAsync()).ShouldBe((1, 1));

        var request = _robot.Requests.Single();
        request.Method.ShouldBe("POST");
        request.QueryValue("key").ShouldBe("robot-key-7f3a");
        var content = request.Json.GetProperty("text").GetProperty("content").GetString()!;
        request.Json.GetProperty("msgtype").GetString().ShouldBe("text");
        content.ShouldStartWith("事态：PACS 服务器负载过高 c0");
        content.ShouldContain("级别：紧急");
        content.ShouldContain("配置项：PACS Web (pacs-web-01)");
        content.ShouldContain("当前值：12");
        var evt = (await _s.EventsAsync()).Single();
        var id = evt.GetProperty("id").GetInt64();
        content.ShouldContain($"处理：https://ops.hospital.test/alerting/events/{id}");

        var log = (await _s.DeliveriesAsync(id)).Single();
        log.GetProperty("state").GetString().ShouldBe("sent");
        log.GetProperty("kind").GetString().ShouldBe("firing");
        log.GetProperty("channelName").GetString().ShouldBe("信息科值班群");
        log.GetProperty("title").GetString().ShouldBe("【紧急】PACS 服务器负载过高 c0");
        log.GetProperty("history").EnumerateArray().Single().GetProperty("outcome").GetString().ShouldBe("sent");

        await _s.LoadAsync(1);
        (await _s.DeliverAsync()).ShouldBe((1, 1));
        var resolved = _robot.Requests.Last().Json.GetProperty("text").GetProperty("content").GetString()!;
        resolved.ShouldContain("恢复时间：");
        resolved.ShouldContain("持续：2 分钟");
        (await _s.DeliveriesAsync(id)).Select(d => d.GetProperty("kind").GetString()).ShouldBe(["firing", "resolved"]);

        var timeline = (await (await _s.Api.GetAsync($"/api/v1/alerting/events/{id}/timeline")).JsonAsync()).EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        timeline.ShouldBe(["opened", "resolved"]);
    }

    [Fact]
    public async Task ThePeerFailing_DelaysTheMessage_WithGrowingBackOff_AndNeverLosesIt()
    {
        _robot.Answer(HttpStatusCode.BadGateway, "bad gateway");
        _robot.Answer(HttpStatusCode.BadGateway, "bad gateway");
        await _s.LoadAsync(12);
        (await _s.DeliverAsync()).ShouldBe((1, 1));
        var id = (await _s.EventsAsync()).Single().GetProperty("id").GetInt64();
        var log = (await _s.DeliveriesAsync(id)).Single();
        log.GetProperty("state").GetString().ShouldBe("pending");
        log.GetProperty("lastError").GetString().ShouldBe("HTTP 502");
        (log.GetProperty("nextAttemptAt").GetDateTimeOffset() - _s.Host.Clock.GetUtcNow()).TotalSeconds.ShouldBe(30, 0.01);

        (await _s.DeliverAsync()).Attempted.ShouldBe(0, "nothing is due before the back-off ends");
        _s.Host.Clock.Advance(TimeSpan.FromSeconds(30));
        (await _s.DeliverAsync()).Attempted.ShouldBe(1);
        _s.Host.Clock.Advance(TimeSpan.FromSeconds(59));
        (await _s.DeliverAsync()).Attempted.ShouldBe(0, "the second back-off is a minute");
        _s.Host.Clock.Advance(TimeSpan.FromSeconds(1));
        (await _s.DeliverAsync()).Attempted.ShouldBe(1);

        log = (await _s.DeliveriesAsync(id)).Single();
        log.GetProperty("state").GetString().ShouldBe("sent");
        log.GetProperty("attempts").GetInt32().ShouldBe(3);
        log.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("outcome").GetString()).ShouldBe(["retry", "retry", "sent"]);
        _robot.Requests.Count.ShouldBe(3);
    }

    [Fact]
    public async Task APeerThatIsNotListening_IsRetried_UntilItComesBack()
    {
        await _robot.DisposeAsync();
        await _s.LoadAsync(12);
        await _s.DeliverAsync();
        var id = (await _s.EventsAsync()).Single().GetProperty("id").GetInt64();
        var log = (await _s.DeliveriesAsync(id)).Single();
        log.GetProperty("state").GetString().ShouldBe("pending");
        log.GetProperty("lastError").GetString()!.ShouldStartWith("connection failed");
        log.GetProperty("lastError").GetString()!.ShouldNotContain("robot-key");

        // The robot comes back on a new port: the channel is pointed at it, and the waiting message goes out.
        _robot = await NotificationPeer.StartAsync();
        var channel = await (await _s.Api.GetAsync($"/api/v1/alerting/channels/{_channel}")).JsonAsync();
        (await _s.Api.PutAsync($"/api/v1/alerting/channels/{_channel}", new
        {
            secrets = new { url = _robot.BaseUrl + "/cgi-bin/webhook/send?key=robot-key-7f3a" },
            version = channel.GetProperty("version").GetInt32(),
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        _s.Host.Clock.Advance(TimeSpan.FromSeconds(30));
        await _s.DeliverAsync();
        (await _s.DeliveriesAsync(id)).Single().GetProperty("state").GetString().ShouldBe("sent");
        _robot.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task APermanentRefusal_EndsTheMessageAsFailed_WithTheRobotsReason()
    {
        _robot.DefaultAnswer = (HttpStatusCode.OK, """{"errcode":93000,"errmsg":"invalid webhook url"}""");
        await _s.LoadAsync(12);
        await _s.DeliverAsync();
        _s.Host.Clock.Advance(TimeSpan.FromHours(1));
        await _s.DeliverAsync();

        var id = (await _s.EventsAsync()).Single().GetProperty("id").GetInt64();
        var log = (await _s.DeliveriesAsync(id)).Single();
        log.GetProperty("state").GetString().ShouldBe("failed");
        log.GetProperty("lastError").GetString().ShouldBe("errcode 93000: invalid webhook url");
        _robot.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task AHostTheAllowListNoLongerNames_GetsNothing_AndTheLogSaysWhyInEitherLanguage()
    {
        // The channel was saved while any host was allowed; then the administrator restricted notifications to WeCom.
        _s.Host.Services.GetRequiredService<AlertingOptions>().NotificationHosts = ["qyapi.weixin.qq.com", "*.hospital.test"];
        await _s.LoadAsync(12);
        (await _s.DeliverAsync()).ShouldBe((1, 1));
        _s.Host.Clock.Advance(TimeSpan.FromHours(1));
        (await _s.DeliverAsync()).Attempted.ShouldBe(0, "a refusal is permanent, not retried");

        var id = (await _s.EventsAsync()).Single().GetProperty("id").GetInt64();
        var log = (await _s.DeliveriesAsync(id)).Single();
        log.GetProperty("state").GetString().ShouldBe("failed");
        log.GetProperty("lastError").GetString().ShouldBe("127.0.0.1 不在允许的通知主机列表中，消息未发送。请修改渠道地址，或由管理员将该主机加入 Alerting:NotificationHosts。");
        log.GetProperty("history").EnumerateArray().Single().GetProperty("outcome").GetString().ShouldBe("failed");
        var english = _s.Host.Client("en-US");
        english.BearerToken = _s.Token;
        var en = (await (await english.GetAsync($"/api/v1/alerting/events/{id}/deliveries")).JsonAsync())[0];
        en.GetProperty("lastError").GetString()!.ShouldStartWith("127.0.0.1 is not among the hosts notifications may reach; nothing was sent.");
        en.GetProperty("history")[0].GetProperty("detail").GetString()!.ShouldStartWith("127.0.0.1 is not among the hosts");

        // The test button refuses as well, without calling the robot.
        var test = await english.PostAsync($"/api/v1/alerting/channels/{_channel}/test");
        test.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await test.JsonAsync();
        problem.GetProperty("code").GetString().ShouldBe("channel_host_not_allowed");
        problem.GetProperty("title").GetString()!.ShouldStartWith("127.0.0.1 is not among the hosts");
        _robot.Requests.ShouldBeEmpty();

        // Allowed again, the next message goes out.
        _s.Host.Services.GetRequiredService<AlertingOptions>().NotificationHosts = ["127.0.0.1"];
        await _s.LoadAsync(1);
        await _s.LoadAsync(12, 13);
        await _s.DeliverAsync();
        _robot.Requests.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task TheRobotsRateLimit_IsKept_AndTheRestWaitsForTheNextMinute()
    {
        var channel = await (await _s.Api.GetAsync($"/api/v1/alerting/channels/{_channel}")).JsonAsync();
        (await _s.Api.PutAsync($"/api/v1/alerting/channels/{_channel}", new { ratePerMinute = 2, version = channel.GetProperty("version").GetInt32() })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await _s.LoadAsync(12, 13, 14, 15, 16);

        (await _s.DeliverAsync()).Queued.ShouldBe(5);
        _robot.Requests.Count.ShouldBe(2);
        _s.Host.Clock.Advance(TimeSpan.FromSeconds(30));
        await _s.DeliverAsync();
        _robot.Requests.Count.ShouldBe(2, "still inside the minute");
        _s.Host.Clock.Advance(TimeSpan.FromSeconds(31));
        await _s.DeliverAsync();
        _robot.Requests.Count.ShouldBe(4);
        _s.Host.Clock.Advance(TimeSpan.FromSeconds(61));
        await _s.DeliverAsync();
        _robot.Requests.Count.ShouldBe(5);
        var sent = new List<string>();
        foreach (var evt in await _s.EventsAsync())
        {
            sent.AddRange((await _s.DeliveriesAsync(evt.GetProperty("id").GetInt64())).Select(d => d.GetProperty("state").GetString()!));
        }

        sent.ShouldBe(Enumerable.Repeat("sent", 5));
    }

    [Fact]
    public async Task AnEventInMaintenance_IsRecorded_ButNotNotified()
    {
        (await _s.Api.PostAsync("/api/v1/alerting/maintenance-windows", new
        {
            name = "PACS 升级",
            scope = new { ciCodes = new[] { "pacs-web-01" } },
            startsAt = _s.Host.Clock.GetUtcNow(),
            endsAt = _s.Host.Clock.GetUtcNow().AddHours(2),
        })).StatusCode.ShouldBe(HttpStatusCode.Created);
        await _s.LoadAsync(12);
        (await _s.DeliverAsync()).ShouldBe((0, 0));

        var evt = (await _s.EventsAsync()).Single();
        evt.GetProperty("inMaintenance").GetBoolean().ShouldBeTrue();
        var timeline = (await (await _s.Api.GetAsync($"/api/v1/alerting/events/{evt.GetProperty("id").GetInt64()}/timeline")).JsonAsync()).EnumerateArray().ToList();
        timeline.Single().GetProperty("kind").GetString().ShouldBe("opened_in_maintenance");
        _robot.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task AnEventNoRouteTakes_IsNotNotified_AndAResolvedMessageOnlyFollowsANotifiedFiring()
    {
        var rule = (await (await _s.Api.GetAsync("/api/v1/alerting/rules")).JsonAsync()).GetProperty("items").EnumerateArray().Single();
        (await _s.Api.PutAsync($"/api/v1/alerting/rules/{rule.GetProperty("id").GetInt64()}", new
        {
            name = "load",
            group = "g",
            expr = "node_load1 > 8",
            severity = "minor",
            version = rule.GetProperty("version").GetInt32(),
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await _s.LoadAsync(12);
        await _s.LoadAsync(1);
        (await _s.DeliverAsync()).ShouldBe((0, 0));
        _robot.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task PlanningTheSameNoticesAgain_QueuesNothingTwice()
    {
        await _s.LoadAsync(12);
        await _s.DeliverAsync();
        await using (var connection = await _s.Host.Databases.Config.OpenAsync(CancellationToken.None))
        {
            // As if a second node had read the same notices before the first marked them planned.
            await connection.ExecuteAsync("UPDATE alert_event_log SET notice_pending = @yes", new { yes = true });
        }

        (await _s.DeliverAsync()).ShouldBe((0, 0));
        (await _s.OutboxCountAsync()).ShouldBe(1);
        _robot.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task AMessageClaimedByANodeThatDied_IsSentWhenTheClaimExpires()
    {
        await _s.LoadAsync(12);
        await _s.Host.Services.GetRequiredService<NotificationPlanner>().PlanPendingAsync(CancellationToken.None);
        var now = _s.Host.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using (var connection = await _s.Host.Databases.Config.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("UPDATE notification_outbox SET claimed_by = 'node-gone', claimed_until = @until", new { until = now + (long)OutboxDispatcher.ClaimTime.TotalMilliseconds });
        }

        (await _s.DeliverAsync()).Attempted.ShouldBe(0);
        _s.Host.Clock.Advance(OutboxDispatcher.ClaimTime + TimeSpan.FromSeconds(1));
        (await _s.DeliverAsync()).Attempted.ShouldBe(1);
        _robot.Requests.Count.ShouldBe(1);
    }
}
