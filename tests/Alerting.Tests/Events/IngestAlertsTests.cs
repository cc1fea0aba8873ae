using System.Net;
using HospitalOps.Alerting.Tests.Notifications;
using HospitalOps.Tests.Support;

namespace HospitalOps.Alerting.Tests.Events;

/// <summary>Alerts from outside through the Alertmanager v2 API: de-duplicated by labels, resolved by endsAt, refused whole when bad.</summary>
public sealed class IngestAlertsTests : IAsyncLifetime
{
    private NotificationScenario _s = null!;
    private ApiClient _prometheus = null!;

    public async Task InitializeAsync()
    {
        _s = await NotificationScenario.StartAsync();
        var admin = await _s.Host.AdminAsync();
        var token = await (await admin.PostAsync("/api/v1/account/tokens", new { name = "prometheus", scopes = new[] { "alerting.ingest" }, expiresInDays = 30 })).JsonAsync();
        _prometheus = _s.Host.Client();
        _prometheus.BearerToken = token.GetProperty("secret").GetString();
    }

    public Task DisposeAsync() => _s.DisposeAsync().AsTask();

    private static object Alert(string name, string instance, string severity = "warning", DateTimeOffset? endsAt = null, string? ci = null) => new
    {
        labels = ci is null
            ? new Dictionary<string, string> { ["alertname"] = name, ["instance"] = instance, ["severity"] = severity }
            : new Dictionary<string, string> { ["alertname"] = name, ["instance"] = instance, ["severity"] = severity, ["ci"] = ci },
        annotations = new Dictionary<string, string> { ["summary"] = $"{instance} 上 {name}" },
        startsAt = DateTimeOffset.UtcNow.AddMinutes(-5),
        endsAt,
        generatorURL = "http://prometheus.hospital.local/graph",
    };

    [Fact]
    public async Task RepeatedAlerts_AreOneEventEach_AndAnEndedAlertResolvesIt()
    {
        var first = await _prometheus.PostAsync("/api/v1/alerting/api/v2/alerts", new[]
        {
            Alert("HighLoad", "lis-db-01:9100", "critical", ci: "pacs-web-01"), Alert("DiskFull", "lis-db-01:9100"), Alert("HighLoad", "lis-db-01:9100", "critical", ci: "pacs-web-01"),
        });
        first.StatusCode.ShouldBe(HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        var result = await first.JsonAsync();
        result.GetProperty("accepted").GetInt32().ShouldBe(2);
        result.GetProperty("opened").GetInt32().ShouldBe(2);

        (await (await _prometheus.PostAsync("/api/v1/alerting/alerts", new[] { Alert("HighLoad", "lis-db-01:9100", "critical", ci: "pacs-web-01") })).JsonAsync())
            .GetProperty("opened").GetInt32().ShouldBe(0);
        var events = (await _s.EventsAsync()).ToDictionary(e => e.GetProperty("labels").GetProperty("alertname").GetString()!);
        events.Count.ShouldBe(2);
        events["HighLoad"].GetProperty("severity").GetString().ShouldBe("critical");
        events["HighLoad"].GetProperty("ciCode").GetString().ShouldBe("pacs-web-01");
        events["HighLoad"].GetProperty("source").GetString().ShouldBe("external");
        events["DiskFull"].GetProperty("severity").GetString().ShouldBe("minor");
        events["DiskFull"].GetProperty("title").GetString().ShouldBe("lis-db-01:9100 上 DiskFull");

        var ended = await (await _prometheus.PostAsync("/api/v1/alerting/alerts", new[] { Alert("DiskFull", "lis-db-01:9100", endsAt: DateTimeOffset.UtcNow.AddMinutes(-1)) })).JsonAsync();
        ended.GetProperty("resolved").GetInt32().ShouldBe(1);
        (await _s.EventsAsync()).Single(e => e.GetProperty("labels").GetProperty("alertname").GetString() == "DiskFull").GetProperty("state").GetString().ShouldBe("resolved");
    }

    [Fact]
    public async Task ConcurrentPostsOfTheSameNewAlerts_OpenOneEventEach()
    {
        // As two Prometheus servers of an HA pair (or a sender's retry) post the same new alerts at the same moment.
        var alerts = Enumerable.Range(0, 25).Select(i => Alert("LinkDown", $"switch-{i:D2}:161", "critical", ci: $"sw-{i:D2}")).ToArray();
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            var response = await _prometheus.PostAsync("/api/v1/alerting/api/v2/alerts", alerts);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            return (await response.JsonAsync()).GetProperty("opened").GetInt32();
        }));

        answers.Sum().ShouldBe(25);
        var events = (await (await _s.Api.GetAsync("/api/v1/alerting/events?pageSize=100")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();
        events.Count.ShouldBe(25);
        events.Select(e => e.GetProperty("fingerprint").GetString()).Distinct().Count().ShouldBe(25);
    }

    [Fact]
    public async Task AReSentAlert_MovesLastSeenAtMostEvery15Seconds_AndNewTextReplacesTheOld()
    {
        var first = new[] { Alert("HighLoad", "lis-db-01:9100", "critical", ci: "lis-db-01"), Alert("DiskFull", "lis-db-01:9100", ci: "lis-db-01") };
        (await _prometheus.PostAsync("/api/v1/alerting/api/v2/alerts", first)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var before = (await _s.EventsAsync()).ToDictionary(e => e.GetProperty("labels").GetProperty("alertname").GetString()!, e => e.GetProperty("lastSeen").GetDateTimeOffset());

        _s.Host.Clock.Advance(TimeSpan.FromMinutes(1));
        var changed = new
        {
            labels = new Dictionary<string, string> { ["alertname"] = "DiskFull", ["instance"] = "lis-db-01:9100", ["severity"] = "warning", ["ci"] = "lis-db-01" },
            annotations = new Dictionary<string, string> { ["summary"] = "lis-db-01 /data 剩余 3%" },
            startsAt = DateTimeOffset.UtcNow.AddMinutes(-5),
            endsAt = (DateTimeOffset?)null,
            generatorURL = "http://prometheus.hospital.local/graph",
        };
        var again = await (await _prometheus.PostAsync("/api/v1/alerting/api/v2/alerts", new[] { first[0], changed })).JsonAsync();
        again.GetProperty("opened").GetInt32().ShouldBe(0);

        var events = (await _s.EventsAsync()).ToDictionary(e => e.GetProperty("labels").GetProperty("alertname").GetString()!);
        events.Count.ShouldBe(2);
        events["HighLoad"].GetProperty("lastSeen").GetDateTimeOffset().ShouldBe(before["HighLoad"].AddMinutes(1));
        events["HighLoad"].GetProperty("title").GetString().ShouldBe("lis-db-01:9100 上 HighLoad");
        events["DiskFull"].GetProperty("lastSeen").GetDateTimeOffset().ShouldBe(before["DiskFull"].AddMinutes(1));
        events["DiskFull"].GetProperty("title").GetString().ShouldBe("lis-db-01 /data 剩余 3%");
        events["DiskFull"].GetProperty("annotations").GetProperty("summary").GetString().ShouldBe("lis-db-01 /data 剩余 3%");

        // Re-sent again a few seconds later, unchanged: last_seen moves at most every 15 s (a storm re-sends far more often).
        _s.Host.Clock.Advance(TimeSpan.FromSeconds(5));
        (await _prometheus.PostAsync("/api/v1/alerting/api/v2/alerts", new[] { first[0] })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _s.EventsAsync()).Single(e => e.GetProperty("labels").GetProperty("alertname").GetString() == "HighLoad")
            .GetProperty("lastSeen").GetDateTimeOffset().ShouldBe(before["HighLoad"].AddMinutes(1));
        _s.Host.Clock.Advance(TimeSpan.FromSeconds(10));
        (await _prometheus.PostAsync("/api/v1/alerting/api/v2/alerts", new[] { first[0] })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _s.EventsAsync()).Single(e => e.GetProperty("labels").GetProperty("alertname").GetString() == "HighLoad")
            .GetProperty("lastSeen").GetDateTimeOffset().ShouldBe(before["HighLoad"].AddMinutes(1).AddSeconds(15));
    }

    [Fact]
    public async Task ABadAlert_RefusesThePostWhole_WithTheFieldThatIsWrong()
    {
        var response = await _prometheus.PostAsync("/api/v1/alerting/alerts", new object[]
        {
            Alert("Fine", "a:1"),
            new { labels = new Dictionary<string, string> { ["instance"] = "b:1" } },
        });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.FieldErrorAsync("[1].labels.alertname")).ShouldBe("required");
        var badName = await _prometheus.PostAsync("/api/v1/alerting/alerts", new[] { new { labels = new Dictionary<string, string> { ["alertname"] = "x", ["bad-name"] = "v" } } });
        (await badName.FieldErrorAsync("[0].labels")).ShouldBe("invalid_label_name");
        (await _s.EventsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task OnlyATokenAllowedToSendAlerts_MaySend()
    {
        var reader = _s.Host.Client();
        var admin = await _s.Host.AdminAsync();
        var token = await (await admin.PostAsync("/api/v1/account/tokens", new { name = "reader", scopes = new[] { "alerting.read" }, expiresInDays = 30 })).JsonAsync();
        reader.BearerToken = token.GetProperty("secret").GetString();
        (await reader.PostAsync("/api/v1/alerting/alerts", new[] { Alert("X", "a:1") })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _s.Host.Client().PostAsync("/api/v1/alerting/alerts", new[] { Alert("X", "a:1") })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
