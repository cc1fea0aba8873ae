using System.Net;
using HospitalOps.Alerting.Events;
using HospitalOps.Alerting.Tests.Notifications;
using HospitalOps.Tests.Support;

namespace HospitalOps.Alerting.Tests.Events;

/// <summary>An event's context (CI, maintainers and vendor from the CMDB, rule, chart) and closing it by hand.</summary>
public sealed class EventContextTests : IAsyncLifetime
{
    private NotificationScenario _s = null!;
    private NotificationPeer _robot = null!;

    public async Task InitializeAsync()
    {
        _s = await NotificationScenario.StartAsync();
        _robot = await NotificationPeer.StartAsync();
        var admin = await _s.Host.AdminAsync();
        var host = (await (await admin.GetAsync("/api/v1/cmdb/cis?query=pacs-web-01")).JsonAsync()).GetProperty("items")[0].GetProperty("id").GetInt64();
        var person = await admin.CiAsync("person", "p-wang", "王工", new { phone = "13800000009", email = "wang@hospital.test" });
        var vendor = await admin.CiAsync("vendor", "v-pacs", "某影像厂商", new { hotline = "400-800-0000", contact = "李经理" });
        foreach (var maintainer in new[] { person, vendor })
        {
            (await admin.PostAsync("/api/v1/cmdb/relations", new { type = "maintains", sourceId = maintainer, targetId = host })).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var robot = await _s.ChannelAsync(new { name = "值班群", type = "wecom", secrets = new { url = _robot.BaseUrl + "/send?key=k" } });
        await _s.RouteAsync("all", [robot]);
    }

    public async Task DisposeAsync()
    {
        await _robot.DisposeAsync();
        await _s.DisposeAsync();
    }

    [Fact]
    public async Task TheContext_NamesTheCiItsMaintainersAndVendor_AndChartsTheRulesExpressionWithItsThreshold()
    {
        await _s.LoadAsync(12);
        var id = (await _s.EventsAsync()).Single().GetProperty("id").GetInt64();

        var context = await (await _s.Api.GetAsync($"/api/v1/alerting/events/{id}/context")).JsonAsync();
        context.GetProperty("ci").GetProperty("name").GetString().ShouldBe("PACS Web");
        var maintainers = context.GetProperty("maintainers").EnumerateArray().ToDictionary(m => m.GetProperty("code").GetString()!);
        maintainers["p-wang"].GetProperty("phone").GetString().ShouldBe("13800000009");
        maintainers["p-wang"].GetProperty("email").GetString().ShouldBe("wang@hospital.test");
        maintainers["v-pacs"].GetProperty("hotline").GetString().ShouldBe("400-800-0000");
        maintainers["v-pacs"].GetProperty("type").GetString().ShouldBe("vendor");
        context.GetProperty("rule").GetProperty("expr").GetString().ShouldBe("node_load1 > 8");
        var chart = context.GetProperty("chart");
        chart.GetProperty("query").GetString().ShouldBe("node_load1");
        chart.GetProperty("threshold").GetDouble().ShouldBe(8);
        (chart.GetProperty("to").GetDateTimeOffset() - chart.GetProperty("from").GetDateTimeOffset()).TotalMinutes.ShouldBe(60, 0.01);
    }

    [Theory]
    [InlineData("(rate(x[5m]) * 100) >= 90", "rate(x[5m]) * 100", 90.0)]
    [InlineData("5 < up", "up", 5.0)]
    [InlineData("max_over_time(up[1h]) unless up", "max_over_time(up[1h]) unless up", null)]
    [InlineData("up == bool 0", "up == bool 0", null)]
    public void TheChart_IsTheConditionWithoutItsThreshold(string expr, string query, double? threshold)
    {
        var chart = EventContext.Chart(expr, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1))!;
        chart.Query.ShouldBe(query);
        chart.Threshold.ShouldBe(threshold);
    }

    [Fact]
    public async Task ClosingAnEventByHand_RecordsWhoAndWhy_NotifiesTheResolution_AndOpensNoNewEventWhileTheAlertFires()
    {
        await _s.LoadAsync(12);
        await _s.DeliverAsync();
        var id = (await _s.EventsAsync()).Single().GetProperty("id").GetInt64();

        var closed = await _s.Api.PostAsync($"/api/v1/alerting/events/{id}/resolve", new { note = "已重启 PACS 服务" });
        closed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await closed.JsonAsync()).GetProperty("state").GetString().ShouldBe("resolved");
        await _s.DeliverAsync();
        _robot.Requests.Count.ShouldBe(2);
        _robot.Requests.Last().Json.GetProperty("text").GetProperty("content").GetString()!.ShouldContain("恢复时间：");
        var entry = (await (await _s.Api.GetAsync($"/api/v1/alerting/events/{id}/timeline")).JsonAsync()).EnumerateArray().Last();
        entry.GetProperty("kind").GetString().ShouldBe("resolved");
        entry.GetProperty("actor").GetString().ShouldNotBeNull();
        entry.GetProperty("detail").GetString().ShouldBe("已重启 PACS 服务");

        (await _s.Api.PostAsync($"/api/v1/alerting/events/{id}/resolve", new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        await _s.LoadAsync(12);
        (await _s.EventsAsync()).Count.ShouldBe(1, "the alert still fires: no new event until it resolves and fires again");
        await _s.LoadAsync(1);
        await _s.LoadAsync(12);
        (await _s.EventsAsync()).Count.ShouldBe(2);
    }
}
