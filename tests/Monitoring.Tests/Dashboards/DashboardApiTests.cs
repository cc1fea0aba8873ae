using System.Net;
using System.Text.Json;
using HospitalOps.Tests.Support;

namespace HospitalOps.Monitoring.Tests.Dashboards;

public sealed class DashboardApiTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(MonitoringApi.Manual);
        _admin = await _host.AdminAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static object Definition(string expr = "sum by (ci) (rate(node_cpu_seconds_total{ci=~\"$ci\",mode!=\"idle\"}[$__rate_interval]))") => new
    {
        time = new { from = "now-6h", to = "now" },
        refreshSeconds = 60,
        variables = new[] { new { name = "ci", title = "主机", kind = "label_values", metric = "up", label = "ci" } },
        panels = new[]
        {
            new { id = "cpu", title = "CPU", type = "timeseries", grid = new { x = 0, y = 0, w = 12, h = 8 }, queries = new[] { new { expr, legend = "{{ci}}" } }, unit = "percent", thresholds = new[] { new { value = 80, color = "#e6a23c" } } },
        },
    };

    [Fact]
    public async Task Create_Read_Update_Delete_WithVersionsAndAudit()
    {
        var created = await _admin.PostAsync("/api/v1/dashboards", new { title = "我的看板", description = "HIS 主机", tags = new[] { "his" }, shared = false, definition = Definition() });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var dashboard = await created.JsonAsync();
        var uid = dashboard.GetProperty("uid").GetString()!;
        dashboard.GetProperty("mine").GetBoolean().ShouldBeTrue();
        dashboard.GetProperty("version").GetInt32().ShouldBe(1);
        dashboard.GetProperty("definition").GetProperty("panels")[0].GetProperty("queries")[0].GetProperty("legend").GetString().ShouldBe("{{ci}}");

        var list = (await (await _admin.GetAsync("/api/v1/dashboards")).JsonAsync()).EnumerateArray().ToList();
        list.ShouldContain(d => d.GetProperty("uid").GetString() == uid && d.GetProperty("title").GetString() == "我的看板");

        var updated = await _admin.PutAsync($"/api/v1/dashboards/{uid}", new { title = "HIS 主机看板", description = "", tags = Array.Empty<string>(), shared = true, definition = Definition(), version = 1 });
        updated.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await updated.JsonAsync()).GetProperty("version").GetInt32().ShouldBe(2);

        // Saving over a newer version is refused.
        var stale = await _admin.PutAsync($"/api/v1/dashboards/{uid}", new { title = "x", definition = Definition(), version = 1 });
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await (await _admin.GetAsync($"/api/v1/dashboards/{uid}")).JsonAsync()).GetProperty("title").GetString().ShouldBe("HIS 主机看板");

        (await _admin.DeleteAsync($"/api/v1/dashboards/{uid}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _admin.GetAsync($"/api/v1/dashboards/{uid}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task APrivateDashboard_IsInvisibleToOthers_UntilShared_AndOnlyItsOwnerOrAWriterEditsIt()
    {
        var (reader, _) = await _host.UserAsync("viewer1", "readonly");
        var uid = (await (await _admin.PostAsync("/api/v1/dashboards", new { title = "私有", definition = Definition() })).JsonAsync()).GetProperty("uid").GetString()!;

        (await reader.GetAsync($"/api/v1/dashboards/{uid}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await reader.GetAsync("/api/v1/dashboards")).JsonAsync()).EnumerateArray().ShouldNotContain(d => d.GetProperty("uid").GetString() == uid);

        (await _admin.PutAsync($"/api/v1/dashboards/{uid}", new { title = "共享", shared = true, definition = Definition(), version = 1 })).EnsureSuccessStatusCode();
        var seen = await (await reader.GetAsync($"/api/v1/dashboards/{uid}")).JsonAsync();
        seen.GetProperty("mine").GetBoolean().ShouldBeFalse();
        seen.GetProperty("canEdit").GetBoolean().ShouldBeFalse();
        (await reader.PutAsync($"/api/v1/dashboards/{uid}", new { title = "改", shared = true, definition = Definition(), version = 2 })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await reader.DeleteAsync($"/api/v1/dashboards/{uid}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // A copy is the reader's own.
        var copy = await reader.PostAsync($"/api/v1/dashboards/{uid}/copy");
        copy.StatusCode.ShouldBe(HttpStatusCode.Created);
        var mine = await copy.JsonAsync();
        mine.GetProperty("mine").GetBoolean().ShouldBeTrue();
        mine.GetProperty("shared").GetBoolean().ShouldBeFalse();
        mine.GetProperty("title").GetString().ShouldBe("共享（副本）");
    }

    [Fact]
    public async Task ExportThenImport_GivesTheSameDashboard()
    {
        var uid = (await (await _admin.PostAsync("/api/v1/dashboards", new { title = "导出", tags = new[] { "a", "b" }, definition = Definition() })).JsonAsync()).GetProperty("uid").GetString()!;
        var exported = await (await _admin.GetAsync($"/api/v1/dashboards/{uid}/export")).JsonAsync();
        exported.GetProperty("format").GetString().ShouldBe("hospitalops-dashboard/1");

        var imported = await _admin.PostAsync("/api/v1/dashboards/import", exported);
        imported.StatusCode.ShouldBe(HttpStatusCode.Created);
        var copy = await imported.JsonAsync();
        copy.GetProperty("uid").GetString().ShouldNotBe(uid);
        copy.GetProperty("title").GetString().ShouldBe("导出");
        copy.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ShouldBe(["a", "b"]);
        JsonSerializer.Serialize(copy.GetProperty("definition")).ShouldBe(JsonSerializer.Serialize(exported.GetProperty("definition")));

        (await _admin.PostAsync("/api/v1/dashboards/import", new { format = "grafana", title = "x" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AQueryThatDoesNotParse_IsRefusedWithThePositionAndNothingIsSaved()
    {
        var before = (await (await _admin.GetAsync("/api/v1/dashboards")).JsonAsync()).GetArrayLength();
        var response = await _admin.PostAsync("/api/v1/dashboards", new { title = "坏", definition = Definition("sum(rate(up[5m])") });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.JsonAsync();
        problem.GetProperty("errors").GetProperty("definition.panels[0].queries[0].expr").GetProperty("code").GetString().ShouldBe("invalid_promql");
        problem.GetProperty("errors").GetProperty("definition.panels[0].queries[0].expr").GetProperty("message").GetString()!.ShouldContain("1:");
        (await (await _admin.GetAsync("/api/v1/dashboards")).JsonAsync()).GetArrayLength().ShouldBe(before);

        var badGrid = await _admin.PostAsync("/api/v1/dashboards", new
        {
            title = "坏",
            definition = new { panels = new[] { new { id = "a", type = "pie", grid = new { x = 20, y = 0, w = 12, h = 8 }, queries = new[] { new { expr = "up" } } } } },
        });
        var errors = (await badGrid.JsonAsync()).GetProperty("errors");
        errors.GetProperty("definition.panels[0].type").GetProperty("code").GetString().ShouldBe("invalid_value");
        errors.GetProperty("definition.panels[0].grid").GetProperty("code").GetString().ShouldBe("invalid_value");

        var badUnit = await _admin.PostAsync("/api/v1/dashboards", new
        {
            title = "坏",
            definition = new { panels = new[] { new { id = "a", type = "stat", unit = "seconds", grid = new { x = 0, y = 0, w = 6, h = 4 }, queries = new[] { new { expr = "up" } } } } },
        });
        (await badUnit.JsonAsync()).GetProperty("errors").GetProperty("definition.panels[0].unit").GetProperty("code").GetString().ShouldBe("invalid_value");
    }
}
