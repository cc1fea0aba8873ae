using System.Net;
using System.Text.Json;
using HospitalOps.Alerting.Evaluation;
using HospitalOps.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Alerting.Tests.Rules;

/// <summary>
/// A rule over a real collected metric, through the real host: samples come from a scraped exporter, evaluation is
/// driven by the test at times of the manual clock, and everything is read back through the API.
/// </summary>
public sealed class AlertRuleFlowTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> Settings = new(MonitoringApi.Manual) { ["Alerting:EvaluationEnabled"] = "false" };

    private TestHost _host = null!;
    private FakeExporter _exporter = null!;
    private ApiClient _admin = null!;
    private long _target;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(Settings);
        _exporter = await FakeExporter.StartAsync();
        _admin = await _host.AdminAsync();
        var ci = await _admin.CiAsync("os-instance", "his-db-01", "HIS 数据库服务器", new { os = "linux" });
        _target = (await _admin.TargetAsync(new { ciId = ci, kind = "prometheus", name = "his-db-01 node", address = _exporter.Url, settings = new { } })).GetProperty("id").GetInt64();
    }

    public async Task DisposeAsync()
    {
        await _exporter.DisposeAsync();
        await _host.DisposeAsync();
    }

    private async Task CollectAsync(double usedPercent)
    {
        _exporter.Serve($"disk_used_pct{{mountpoint=\"/u01\"}} {usedPercent.ToString(System.Globalization.CultureInfo.InvariantCulture)}\n");
        await _admin.CollectAsync(_target);
    }

    private async Task EvaluateAsync(string group = "storage") =>
        await _host.Services.GetRequiredService<RuleEvaluator>().EvaluateGroupAsync(group, _host.Clock.GetUtcNow().ToUnixTimeMilliseconds(), CancellationToken.None);

    private async Task<JsonElement> CreateRuleAsync(object rule)
    {
        var response = await _admin.PostAsync("/api/v1/alerting/rules", rule);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    private static object DiskRule(string name = "磁盘使用率过高") => new
    {
        name,
        group = "storage",
        expr = "disk_used_pct > 85",
        forSeconds = 60,
        recoverExpr = "disk_used_pct < 80",
        severity = "major",
        labels = new Dictionary<string, string> { ["team"] = "dba" },
        annotations = new Dictionary<string, string> { ["summary"] = "{{ $labels.ci }} {{ $labels.mountpoint }} 已用 {{ $value }}%" },
        runbookUrl = "https://wiki.example.org/disk-full",
        intervalSeconds = 30,
    };

    private async Task<List<JsonElement>> EventsAsync(string query = "") =>
        (await (await _admin.GetAsync("/api/v1/alerting/events" + query)).JsonAsync()).GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task Rule_FiresAfterItsDuration_IsAcknowledged_HeldByRecovery_ThenResolves()
    {
        var rule = await CreateRuleAsync(DiskRule());
        var id = rule.GetProperty("id").GetInt64();

        await CollectAsync(90);
        await EvaluateAsync();
        var detail = await (await _admin.GetAsync($"/api/v1/alerting/rules/{id}")).JsonAsync();
        detail.GetProperty("rule").GetProperty("pending").GetInt32().ShouldBe(1);
        detail.GetProperty("alerts")[0].GetProperty("state").GetString().ShouldBe("pending");
        (await EventsAsync()).ShouldBeEmpty();

        _host.Clock.Advance(TimeSpan.FromSeconds(60));
        await CollectAsync(91);
        await EvaluateAsync();
        var fired = (await EventsAsync("?state=open")).ShouldHaveSingleItem();
        fired.GetProperty("state").GetString().ShouldBe("firing");
        fired.GetProperty("severity").GetString().ShouldBe("major");
        fired.GetProperty("ciCode").GetString().ShouldBe("his-db-01");
        fired.GetProperty("title").GetString().ShouldBe("his-db-01 /u01 已用 91%");
        fired.GetProperty("labels").GetProperty("team").GetString().ShouldBe("dba");
        fired.GetProperty("labels").GetProperty("alertname").GetString().ShouldBe("磁盘使用率过高");
        var eventId = fired.GetProperty("id").GetInt64();

        // Every later evaluation that still sees it updates the same event.
        _host.Clock.Advance(TimeSpan.FromSeconds(30));
        await CollectAsync(95);
        await EvaluateAsync();
        var same = (await EventsAsync()).ShouldHaveSingleItem();
        same.GetProperty("id").GetInt64().ShouldBe(eventId);
        same.GetProperty("value").GetDouble().ShouldBe(95);
        same.GetProperty("fireCount").GetInt32().ShouldBe(1);

        var ack = await _admin.PostAsync($"/api/v1/alerting/events/{eventId}/acknowledge");
        ack.StatusCode.ShouldBe(HttpStatusCode.OK);
        var acknowledged = await ack.JsonAsync();
        acknowledged.GetProperty("state").GetString().ShouldBe("acknowledged");
        acknowledged.GetProperty("acknowledgedBy").GetString().ShouldBe("admin");

        // 83 %: no longer above 85, not yet below 80 — held by the recovery condition.
        _host.Clock.Advance(TimeSpan.FromSeconds(30));
        await CollectAsync(83);
        await EvaluateAsync();
        (await EventsAsync("?state=open")).ShouldHaveSingleItem().GetProperty("state").GetString().ShouldBe("acknowledged");

        _host.Clock.Advance(TimeSpan.FromSeconds(30));
        await CollectAsync(70);
        await EvaluateAsync();
        (await EventsAsync("?state=open")).ShouldBeEmpty();
        var resolved = (await EventsAsync("?state=resolved")).ShouldHaveSingleItem();
        resolved.GetProperty("id").GetInt64().ShouldBe(eventId);
        resolved.GetProperty("resolvedAt").GetDateTimeOffset().ToUnixTimeMilliseconds().ShouldBe(_host.Clock.GetUtcNow().ToUnixTimeMilliseconds());
        (await _admin.PostAsync($"/api/v1/alerting/events/{eventId}/acknowledge")).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        await using var connection = await _host.Databases.Config.OpenAsync();
        var transitions = (await Dapper.SqlMapper.QueryAsync<(string From, string To)>(connection, "SELECT from_state, to_state FROM alert_transitions WHERE rule_id = @id ORDER BY id", new { id })).ToList();
        transitions.ShouldBe([("inactive", "pending"), ("pending", "firing"), ("firing", "resolved")]);
    }

    [Fact]
    public async Task Rule_ConditionChangedOrDeleted_EndsItsAlerts_AndKeepsTheEvents()
    {
        var rule = await CreateRuleAsync(new { name = "disk", group = "storage", expr = "disk_used_pct > 85", severity = "critical", intervalSeconds = 30 });
        var id = rule.GetProperty("id").GetInt64();
        await CollectAsync(90);
        await EvaluateAsync();
        (await EventsAsync("?state=firing")).Count.ShouldBe(1);

        var update = await _admin.PutAsync($"/api/v1/alerting/rules/{id}", new { name = "disk", group = "storage", expr = "disk_used_pct > 95", severity = "critical", intervalSeconds = 30, version = 1 });
        update.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await EventsAsync("?state=open")).ShouldBeEmpty();
        (await EventsAsync("?state=resolved")).Count.ShouldBe(1);

        // A stale version is refused.
        (await _admin.PutAsync($"/api/v1/alerting/rules/{id}", new { name = "disk", group = "storage", expr = "disk_used_pct > 90", severity = "critical", version = 1 })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var lower = await _admin.PutAsync($"/api/v1/alerting/rules/{id}", new { name = "disk", group = "storage", expr = "disk_used_pct > 50", severity = "critical", intervalSeconds = 30, version = 2 });
        lower.StatusCode.ShouldBe(HttpStatusCode.OK);
        await EvaluateAsync();
        (await EventsAsync("?state=firing")).Count.ShouldBe(1);

        (await _admin.DeleteAsync($"/api/v1/alerting/rules/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await EventsAsync("?state=open")).ShouldBeEmpty();
        (await EventsAsync()).Count.ShouldBe(2);
        (await _admin.GetAsync($"/api/v1/alerting/rules/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Rule_ThatFailsToEvaluate_RecordsItsError_AndTheOthersStillRun()
    {
        // Parses as a vector, but the two series on the left both match the one on the right: refused while evaluating.
        await CreateRuleAsync(new { name = "ambiguous", group = "storage", expr = "{__name__=~\"disk_used_pct|up\"} + on() vector(1)", severity = "info" });
        await CreateRuleAsync(new { name = "disk", group = "storage", expr = "disk_used_pct > 85", severity = "minor" });
        await CollectAsync(99);

        await EvaluateAsync();

        var rules = (await (await _admin.GetAsync("/api/v1/alerting/rules?group=storage")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();
        rules.Single(r => r.GetProperty("name").GetString() == "ambiguous").GetProperty("lastError").GetString()!.ShouldContain("match");
        var disk = rules.Single(r => r.GetProperty("name").GetString() == "disk");
        disk.GetProperty("lastError").ValueKind.ShouldBe(JsonValueKind.Null);
        disk.GetProperty("firing").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task BadRules_AreRefusedByField_WithTheReason_AndNothingIsSaved()
    {
        var badQuery = await _admin.PostAsync("/api/v1/alerting/rules", new { name = "x", expr = "disk_used_pct >", severity = "major" });
        badQuery.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badQuery.FieldErrorAsync("expr")).ShouldBe("invalid_promql");
        var message = (await badQuery.JsonAsync()).GetProperty("errors").GetProperty("expr").GetProperty("message").GetString()!;
        message.ShouldStartWith("查询语句有误：");
        message.ShouldContain("1:16: parse error");

        var scalar = await _admin.PostAsync("/api/v1/alerting/rules", new { name = "x", expr = "1 > bool 0", severity = "major" });
        scalar.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await scalar.JsonAsync()).GetProperty("errors").GetProperty("expr").GetProperty("message").GetString()!.ShouldContain("instant vector (one alert per series), not a scalar");

        var many = await _admin.PostAsync("/api/v1/alerting/rules", new
        {
            name = "",
            expr = "up == 0",
            severity = "urgent",
            forSeconds = -1,
            intervalSeconds = 1,
            labels = new Dictionary<string, string> { ["severity"] = "x" },
            annotations = new Dictionary<string, string> { ["summary"] = "{{ $value | shout }}" },
            runbookUrl = "ftp://wiki",
        });
        many.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await many.FieldErrorAsync("name")).ShouldBe("required");
        (await many.FieldErrorAsync("severity")).ShouldBe("invalid_value");
        (await many.FieldErrorAsync("forSeconds")).ShouldBe("invalid_for_duration");
        (await many.FieldErrorAsync("intervalSeconds")).ShouldBe("invalid_rule_interval");
        (await many.FieldErrorAsync("labels")).ShouldBe("reserved_label");
        (await many.FieldErrorAsync("annotations")).ShouldBe("invalid_template");
        (await many.FieldErrorAsync("runbookUrl")).ShouldBe("invalid_url");

        await CreateRuleAsync(DiskRule());
        var duplicate = await _admin.PostAsync("/api/v1/alerting/rules", DiskRule());
        duplicate.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await duplicate.FieldErrorAsync("name")).ShouldBe("rule_name_taken");

        (await (await _admin.GetAsync("/api/v1/alerting/rules")).JsonAsync()).GetProperty("total").GetInt64().ShouldBe(1);
    }

    [Fact]
    public async Task Events_BulkAcknowledge_SkipsWhatIsNotFiring_AndNeedsThePermission()
    {
        await CreateRuleAsync(new { name = "disk", group = "storage", expr = "disk_used_pct > 85", severity = "major" });
        await CollectAsync(90);
        await EvaluateAsync();
        var id = (await EventsAsync()).Single().GetProperty("id").GetInt64();

        var (reader, _) = await _host.UserAsync("viewer", "readonly");
        (await reader.PostAsync("/api/v1/alerting/events/acknowledge", new { ids = new[] { id } })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await reader.GetAsync("/api/v1/alerting/events")).JsonAsync()).GetProperty("total").GetInt64().ShouldBe(1);

        var result = await (await _admin.PostAsync("/api/v1/alerting/events/acknowledge", new { ids = new[] { id, id, 999_999 } })).JsonAsync();
        result.GetProperty("acknowledged").GetInt32().ShouldBe(1);
        result.GetProperty("skipped").GetInt32().ShouldBe(1);
        var again = await (await _admin.PostAsync("/api/v1/alerting/events/acknowledge", new { ids = new[] { id } })).JsonAsync();
        again.GetProperty("acknowledged").GetInt32().ShouldBe(0);
        (await _admin.PostAsync("/api/v1/alerting/events/acknowledge", new { ids = Array.Empty<long>() })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _admin.GetAsync("/api/v1/alerting/events?state=sleeping")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task GroupSlot_IsClaimedOnce_EvenWhenTwoNodesTry()
    {
        var scheduler = _host.Services.GetRequiredService<EvaluationScheduler>();
        (await scheduler.ClaimAsync("storage", 60_000, CancellationToken.None)).ShouldBeTrue();
        (await scheduler.ClaimAsync("storage", 60_000, CancellationToken.None)).ShouldBeFalse();
        (await scheduler.ClaimAsync("storage", 30_000, CancellationToken.None)).ShouldBeFalse();
        (await scheduler.ClaimAsync("storage", 90_000, CancellationToken.None)).ShouldBeTrue();
        (await scheduler.ClaimAsync("network", 60_000, CancellationToken.None)).ShouldBeTrue();
    }
}
