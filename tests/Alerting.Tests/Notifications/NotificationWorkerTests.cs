using System.Net;
using HospitalOps.Tests.Support;

namespace HospitalOps.Alerting.Tests.Notifications;

/// <summary>The background notification work as a node runs it (delivery on): planning and delivery do not wait for each other.</summary>
public sealed class NotificationWorkerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task APeerThatHangs_DoesNotHoldUpPlanningOfTheNextEvents()
    {
        await using var s = await NotificationScenario.StartAsync(new Dictionary<string, string?> { ["Alerting:DeliveryEnabled"] = "true" });
        await using var peer = await NotificationPeer.StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        peer.Hold = release.Task;
        var channel = await s.ChannelAsync(new { name = "工单系统", type = "webhook", settings = new { url = peer.BaseUrl + "/hook" } });
        await s.RouteAsync("全部事态", [channel]);
        var admin = await s.Host.AdminAsync();
        var prometheus = s.Host.Client();
        prometheus.BearerToken = (await (await admin.PostAsync("/api/v1/account/tokens", new { name = "prometheus", scopes = new[] { "alerting.ingest" }, expiresInDays = 30 })).JsonAsync())
            .GetProperty("secret").GetString();

        async Task FireAsync(string name) =>
            (await prometheus.PostAsync("/api/v1/alerting/api/v2/alerts", new[] { new { labels = new Dictionary<string, string> { ["alertname"] = name, ["ci"] = "his-db-01" } } }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        await FireAsync("HisDbDown");
        (await WithinAsync(() => Task.FromResult(!peer.Requests.IsEmpty))).ShouldBeTrue("the first message reaches the peer, which holds it");

        // While the first message hangs at the peer (up to the sender's 10 s timeout), the next event is planned all the same.
        await FireAsync("HisDbReplicationLag");
        (await WithinAsync(async () => await s.OutboxCountAsync() == 2)).ShouldBeTrue("the second event's message is queued while the first one hangs");
        peer.Requests.Count.ShouldBe(1);

        release.SetResult();
        (await WithinAsync(() => Task.FromResult(peer.Requests.Count == 2))).ShouldBeTrue("the second message follows once the peer answers");
    }

    private static async Task<bool> WithinAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return await condition();
    }
}
