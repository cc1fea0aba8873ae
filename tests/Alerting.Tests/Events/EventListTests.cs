using System.Net;
using System.Text.Json;
using HospitalOps.Alerting.Tests.Notifications;
using HospitalOps.Tests.Support;

namespace HospitalOps.Alerting.Tests.Events;

/// <summary>The event list as the events page groups it: each event with the business systems its CI serves.</summary>
public sealed class EventListTests : IAsyncLifetime
{
    private NotificationScenario _s = null!;

    public async Task InitializeAsync()
    {
        _s = await NotificationScenario.StartAsync();
        var admin = await _s.Host.AdminAsync();
        var host = (await (await admin.GetAsync("/api/v1/cmdb/cis?query=pacs-web-01")).JsonAsync()).GetProperty("items")[0].GetProperty("id").GetInt64();
        foreach (var (code, name) in new[] { ("pacs", "影像归档与通信系统"), ("ris", "放射信息系统") })
        {
            var business = await admin.CiAsync("business", code, name, new { level = "1" });
            var app = await admin.CiAsync("application", code + "-app", name + " 应用");
            foreach (var (source, target) in new[] { (business, app), (app, host) })
            {
                (await admin.PostAsync("/api/v1/cmdb/relations", new { type = "depends-on", sourceId = source, targetId = target })).StatusCode.ShouldBe(HttpStatusCode.Created);
            }
        }

        // An alert of no CI: a heartbeat that always fires.
        (await _s.Api.PostAsync("/api/v1/alerting/rules", new { name = "heartbeat", group = "g", expr = "vector(1) > 0", severity = "info" })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    public async Task DisposeAsync() => await _s.DisposeAsync();

    private static List<string> Businesses(JsonElement evt) =>
        evt.GetProperty("businessSystems").EnumerateArray().Select(b => b.GetProperty("code").GetString()!).Order().ToList();

    [Fact]
    public async Task ListingEvents_GivesEachTheBusinessSystemsItsCiServes_AndNoneToAnEventWithoutACi()
    {
        await _s.LoadAsync(12);

        var events = await _s.EventsAsync();
        events.Count.ShouldBe(2);
        var pacs = events.Single(e => e.GetProperty("ciCode").GetString() == "pacs-web-01");
        Businesses(pacs).ShouldBe(["pacs", "ris"]);
        pacs.GetProperty("businessSystems").EnumerateArray().Single(b => b.GetProperty("code").GetString() == "ris").GetProperty("name").GetString().ShouldBe("放射信息系统");
        var heartbeat = events.Single(e => e.GetProperty("ciCode").ValueKind == JsonValueKind.Null);
        Businesses(heartbeat).ShouldBeEmpty();

        var one = await (await _s.Api.GetAsync($"/api/v1/alerting/events/{pacs.GetProperty("id").GetInt64()}")).JsonAsync();
        Businesses(one).ShouldBe(["pacs", "ris"]);
        var acknowledged = await (await _s.Api.PostAsync($"/api/v1/alerting/events/{pacs.GetProperty("id").GetInt64()}/acknowledge")).JsonAsync();
        Businesses(acknowledged).ShouldBe(["pacs", "ris"]);
    }
}
