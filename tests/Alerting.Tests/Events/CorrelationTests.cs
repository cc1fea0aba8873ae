using System.Net;
using HospitalOps.Alerting.Evaluation;
using HospitalOps.Alerting.Tests.Notifications;
using HospitalOps.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Alerting.Tests.Events;

/// <summary>
/// Correlation over the CMDB: a host behind a switch that is down is attached to the switch's event and not notified on its
/// own; a host behind a redundant pair of switches, one of which is down, keeps its own event and is notified.
/// </summary>
public sealed class CorrelationTests : IAsyncLifetime
{
    private readonly Dictionary<string, (FakeExporter Exporter, long Target)> _devices = [];
    private NotificationScenario _s = null!;
    private NotificationPeer _robot = null!;
    private ApiClient _admin = null!;

    public async Task InitializeAsync()
    {
        _s = await NotificationScenario.StartAsync();
        _robot = await NotificationPeer.StartAsync();
        _admin = await _s.Host.AdminAsync();
        var switchA = await DeviceAsync("network-device", "sw-a", "接入交换机 A");
        var switchB = await DeviceAsync("network-device", "sw-b", "核心交换机 B");
        var switchC = await DeviceAsync("network-device", "sw-c", "核心交换机 C");
        var pair = await _admin.CiAsync("cluster", "core-pair", "核心交换机组");
        var host1 = await DeviceAsync("os-instance", "lis-app-01", "LIS 应用 1");
        var host2 = await DeviceAsync("os-instance", "his-app-01", "HIS 应用 1");
        await RelateAsync("member-of", switchB, pair);
        await RelateAsync("member-of", switchC, pair);
        await RelateAsync("connects-to", host1, switchA);
        await RelateAsync("connects-to", host2, pair);
        (await _s.Api.PostAsync("/api/v1/alerting/rules", new
        {
            name = "设备不可达",
            group = "g",
            expr = "device_up == 0",
            severity = "critical",
            labels = new Dictionary<string, string> { ["availability"] = "down" },
        })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var robot = await _s.ChannelAsync(new { name = "值班群", type = "wecom", secrets = new { url = _robot.BaseUrl + "/send?key=k" } });
        await _s.RouteAsync("all", [robot]);
    }

    public async Task DisposeAsync()
    {
        foreach (var (exporter, _) in _devices.Values)
        {
            await exporter.DisposeAsync();
        }

        await _robot.DisposeAsync();
        await _s.DisposeAsync();
    }

    private async Task<long> DeviceAsync(string type, string code, string name)
    {
        var ci = await _admin.CiAsync(type, code, name);
        var exporter = await FakeExporter.StartAsync();
        var target = (await _admin.TargetAsync(new { ciId = ci, kind = "prometheus", name = code, address = exporter.Url, settings = new { } })).GetProperty("id").GetInt64();
        _devices[code] = (exporter, target);
        return ci;
    }

    private async Task RelateAsync(string type, long source, long target) =>
        (await _admin.PostAsync("/api/v1/cmdb/relations", new { type, sourceId = source, targetId = target })).StatusCode.ShouldBe(HttpStatusCode.Created);

    /// <summary>Switches A and B and both hosts go down; the rule is evaluated and what is due is delivered.</summary>
    private async Task FailAsync()
    {
        _s.Host.Clock.Advance(TimeSpan.FromMinutes(1));
        foreach (var (code, (exporter, target)) in _devices)
        {
            exporter.Serve($"device_up {(code is "sw-a" or "sw-b" or "lis-app-01" or "his-app-01" ? 0 : 1)}\n");
            await _s.Api.CollectAsync(target);
        }

        await _s.Host.Services.GetRequiredService<RuleEvaluator>().EvaluateGroupAsync("g", _s.Host.Clock.GetUtcNow().ToUnixTimeMilliseconds(), CancellationToken.None);
        await _s.DeliverAsync();
    }

    private async Task<List<string>> CiCodesAsync(string query) =>
        (await (await _s.Api.GetAsync($"/api/v1/alerting/events{query}")).JsonAsync()).GetProperty("items").EnumerateArray()
            .Select(e => e.GetProperty("ciCode").GetString()!).Order().ToList();

    [Fact]
    public async Task AHostBehindADownSwitch_IsAttachedToTheSwitchsEvent_ButRedundancyKeepsTheOtherHostsAlertStanding()
    {
        await FailAsync();

        var events = (await _s.EventsAsync()).ToDictionary(e => e.GetProperty("ciCode").GetString()!);
        events.Keys.Order().ShouldBe(["his-app-01", "lis-app-01", "sw-a", "sw-b"]);
        var switchA = events["sw-a"].GetProperty("id").GetInt64();
        events["lis-app-01"].GetProperty("parentEventId").GetInt64().ShouldBe(switchA);
        events["sw-a"].GetProperty("childCount").GetInt32().ShouldBe(1);
        events["his-app-01"].GetProperty("parentEventId").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null, "one switch of the redundant pair is still up");

        var notified = _robot.Requests.Select(r => r.Json.GetProperty("text").GetProperty("content").GetString()!).ToList();
        notified.Count.ShouldBe(3);
        notified.ShouldNotContain(c => c.Contains("lis-app-01"));
        notified.ShouldContain(c => c.Contains("his-app-01"));

        var children = (await (await _s.Api.GetAsync($"/api/v1/alerting/events?parent={switchA}")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();
        children.Single().GetProperty("ciCode").GetString().ShouldBe("lis-app-01");
        var timeline = (await (await _s.Api.GetAsync($"/api/v1/alerting/events/{events["lis-app-01"].GetProperty("id").GetInt64()}/timeline")).JsonAsync()).EnumerateArray()
            .Select(e => e.GetProperty("kind").GetString()).ToList();
        timeline.ShouldBe(["opened", "correlated"]);
    }

    [Fact]
    public async Task ListingEventsNotAttached_LeavesOutTheEventsCorrelatedToARoot_AndAttachedListsOnlyThose()
    {
        await FailAsync();

        (await CiCodesAsync("?attached=false")).ShouldBe(["his-app-01", "sw-a", "sw-b"]);
        (await CiCodesAsync("?attached=true")).ShouldBe(["lis-app-01"]);
        (await CiCodesAsync("?attached=false&state=open")).ShouldBe(["his-app-01", "sw-a", "sw-b"]);
        var page = await (await _s.Api.GetAsync("/api/v1/alerting/events?attached=false")).JsonAsync();
        page.GetProperty("total").GetInt64().ShouldBe(3, "the count follows the filter, so paging stays right");
    }
}
