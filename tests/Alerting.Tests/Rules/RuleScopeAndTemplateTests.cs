using System.Net;
using System.Text.Json;
using HospitalOps.Alerting.Evaluation;
using HospitalOps.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Alerting.Tests.Rules;

/// <summary>Rules scoped by the CMDB, and the template library applied to such scopes.</summary>
public sealed class RuleScopeAndTemplateTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> Settings = new(MonitoringApi.Manual) { ["Alerting:EvaluationEnabled"] = "false" };

    private readonly List<FakeExporter> _exporters = [];
    private TestHost _host = null!;
    private ApiClient _admin = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(Settings);
        _admin = await _host.AdminAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var exporter in _exporters)
        {
            await exporter.DisposeAsync();
        }

        await _host.DisposeAsync();
    }

    /// <summary>A CI with a scraped target whose disk is at <paramref name="usedPercent"/>, collected once.</summary>
    private async Task WatchedCiAsync(string type, string code, object attributes, double usedPercent)
    {
        var exporter = await FakeExporter.StartAsync();
        _exporters.Add(exporter);
        exporter.Serve($"disk_used_pct{{mountpoint=\"/data\"}} {usedPercent}\n");
        var ci = await _admin.CiAsync(type, code, code, attributes);
        var target = (await _admin.TargetAsync(new { ciId = ci, kind = "prometheus", name = code + " node", address = exporter.Url, settings = new { } })).GetProperty("id").GetInt64();
        await _admin.CollectAsync(target);
    }

    private Task EvaluateAsync(string group) =>
        _host.Services.GetRequiredService<RuleEvaluator>().EvaluateGroupAsync(group, _host.Clock.GetUtcNow().ToUnixTimeMilliseconds(), CancellationToken.None);

    private async Task<List<string>> FiringCisAsync() =>
        (await (await _admin.GetAsync("/api/v1/alerting/events?state=open")).JsonAsync()).GetProperty("items").EnumerateArray()
            .Select(e => e.GetProperty("ciCode").GetString()!).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task ScopedRule_AlertsOnlyForCisInItsScope_AndCoversANewCiWithoutAnEdit()
    {
        await WatchedCiAsync("os-instance", "srv-a", new { os = "linux" }, 95);
        await WatchedCiAsync("database", "db-ora", new { engine = "oracle" }, 95);
        await WatchedCiAsync("database", "db-pg", new { engine = "postgresql" }, 95);
        var created = await _admin.PostAsync("/api/v1/alerting/rules", new
        {
            name = "oracle disk", group = "scoped", expr = "disk_used_pct > 90", severity = "major",
            scope = new { type = "database", attributes = new Dictionary<string, string> { ["engine"] = "oracle" } },
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await created.JsonAsync()).GetProperty("scope").GetProperty("attributes").GetProperty("engine").GetString().ShouldBe("oracle");

        await EvaluateAsync("scoped");
        (await FiringCisAsync()).ShouldBe(["db-ora"]);

        await WatchedCiAsync("database", "db-ora-2", new { engine = "oracle" }, 97);
        await EvaluateAsync("scoped");
        (await FiringCisAsync()).ShouldBe(["db-ora", "db-ora-2"]);
    }

    [Fact]
    public async Task Scope_WithNothingInIt_IsRefused()
    {
        var response = await _admin.PostAsync("/api/v1/alerting/rules", new { name = "x", expr = "up == 0", severity = "info", scope = new { type = " " } });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.FieldErrorAsync("scope")).ShouldBe("scope_empty");
    }

    [Fact]
    public async Task Templates_AreListed_AndApplyToTheirScopeWithTheCallersThreshold()
    {
        var templates = (await (await _admin.GetAsync("/api/v1/alerting/rule-templates")).JsonAsync()).EnumerateArray().ToList();
        templates.Select(t => t.GetProperty("id").GetString()).ShouldContain("oracle-tablespace");
        templates.Select(t => t.GetProperty("id").GetString()).ShouldContain("modality-dicom-echo");
        templates.Select(t => t.GetProperty("id").GetString()).ShouldContain("server-clock-offset");
        templates.Select(t => t.GetProperty("id").GetString()).ShouldContain("business-http-down");

        var applied = await _admin.PostAsync("/api/v1/alerting/rule-templates/filesystem-usage/apply", new { threshold = 80 });
        applied.StatusCode.ShouldBe(HttpStatusCode.Created);
        var rule = await applied.JsonAsync();
        rule.GetProperty("expr").GetString().ShouldBe("(1 - node_filesystem_avail_bytes / node_filesystem_size_bytes) * 100 > 80");
        rule.GetProperty("recoverExpr").GetString().ShouldBe("(1 - node_filesystem_avail_bytes / node_filesystem_size_bytes) * 100 < 75");
        rule.GetProperty("scope").GetProperty("type").GetString().ShouldBe("os-instance");
        rule.GetProperty("template").GetString().ShouldBe("filesystem-usage");
        rule.GetProperty("forSeconds").GetInt64().ShouldBe(600);

        // Applied again under the same name: refused, the first one stays.
        (await _admin.PostAsync("/api/v1/alerting/rule-templates/filesystem-usage/apply", new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await _admin.PostAsync("/api/v1/alerting/rule-templates/no-such-template/apply", new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TemplateRule_FiresForTheServersOfItsScope()
    {
        var exporter = await FakeExporter.StartAsync();
        _exporters.Add(exporter);
        exporter.Serve("node_filesystem_avail_bytes{mountpoint=\"/u01\"} 5\nnode_filesystem_size_bytes{mountpoint=\"/u01\"} 100\n");
        var ci = await _admin.CiAsync("os-instance", "his-app-01", "HIS 应用服务器", new { os = "linux" });
        var target = (await _admin.TargetAsync(new { ciId = ci, kind = "prometheus", name = "his-app-01 node", address = exporter.Url, settings = new { } })).GetProperty("id").GetInt64();
        await _admin.CollectAsync(target);
        (await _admin.PostAsync("/api/v1/alerting/rule-templates/filesystem-usage/apply", new { forSeconds = 0 })).StatusCode.ShouldBe(HttpStatusCode.Created);

        await EvaluateAsync("standard");

        var item = (await (await _admin.GetAsync("/api/v1/alerting/events?state=open")).JsonAsync()).GetProperty("items").EnumerateArray().ShouldHaveSingleItem();
        item.GetProperty("title").GetString().ShouldBe("his-app-01 /u01 已用 95.0%");
        item.GetProperty("labels").GetProperty("alertname").GetString().ShouldBe("文件系统使用率过高");
    }
}
