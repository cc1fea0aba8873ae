using System.Net;
using System.Text.Json;
using HospitalOps.Alerting.Evaluation;
using HospitalOps.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Alerting.Tests.Maintenance;

/// <summary>Maintenance windows through the real host: alerts inside a window still become events, marked in maintenance.</summary>
public sealed class MaintenanceWindowTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> Settings = new(MonitoringApi.Manual) { ["Alerting:EvaluationEnabled"] = "false" };
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private readonly List<FakeExporter> _exporters = [];
    private readonly List<long> _targets = [];
    private TestHost _host = null!;
    private ApiClient _admin = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(Settings);
        _admin = await _host.AdminAsync();
        await WatchedCiAsync("his-db-01", 95);
        await WatchedCiAsync("lis-db-01", 95);
        (await _admin.PostAsync("/api/v1/alerting/rules", new { name = "disk", group = "g", expr = "disk_used_pct > 90", severity = "major" })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    public async Task DisposeAsync()
    {
        foreach (var exporter in _exporters)
        {
            await exporter.DisposeAsync();
        }

        await _host.DisposeAsync();
    }

    private async Task WatchedCiAsync(string code, double usedPercent)
    {
        var exporter = await FakeExporter.StartAsync();
        _exporters.Add(exporter);
        exporter.Serve($"disk_used_pct{{mountpoint=\"/data\"}} {usedPercent}\n");
        var ci = await _admin.CiAsync("os-instance", code, code, new { os = "linux" });
        var target = (await _admin.TargetAsync(new { ciId = ci, kind = "prometheus", name = code + " node", address = exporter.Url, settings = new { } })).GetProperty("id").GetInt64();
        _targets.Add(target);
        await _admin.CollectAsync(target);
    }

    private Task EvaluateAsync() =>
        _host.Services.GetRequiredService<RuleEvaluator>().EvaluateGroupAsync("g", _host.Clock.GetUtcNow().ToUnixTimeMilliseconds(), CancellationToken.None);

    private async Task<Dictionary<string, JsonElement>> EventsByCiAsync() =>
        (await (await _admin.GetAsync("/api/v1/alerting/events")).JsonAsync()).GetProperty("items").EnumerateArray().ToDictionary(e => e.GetProperty("ciCode").GetString()!);

    [Fact]
    public async Task OneOffWindow_MarksTheEventsOfItsCis_InMaintenance_AndOnlyThose()
    {
        var now = _host.Clock.GetUtcNow();
        var created = await _admin.PostAsync("/api/v1/alerting/maintenance-windows", new
        {
            name = "HIS 数据库扩容", reason = "变更 CHG-2026-118", scope = new { ciCodes = new[] { "his-db-01" } }, startsAt = now.AddMinutes(-5), endsAt = now.AddHours(2),
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var window = await created.JsonAsync();
        window.GetProperty("activeNow").GetBoolean().ShouldBeTrue();

        await EvaluateAsync();

        var events = await EventsByCiAsync();
        events["his-db-01"].GetProperty("inMaintenance").GetBoolean().ShouldBeTrue();
        events["his-db-01"].GetProperty("maintenanceWindowId").GetInt64().ShouldBe(window.GetProperty("id").GetInt64());
        events["lis-db-01"].GetProperty("inMaintenance").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task RecurringWindow_IsOpenFromEachStartForItsDuration_InTheHospitalsTimeZone()
    {
        // Starts every day at the next Shanghai minute, for 30 minutes; scoped by CI type and an alert label.
        var local = TimeZoneInfo.ConvertTime(_host.Clock.GetUtcNow(), Shanghai).AddMinutes(1);
        var created = await _admin.PostAsync("/api/v1/alerting/maintenance-windows", new
        {
            name = "每日备份窗口", scope = new { type = "os-instance", labels = new Dictionary<string, string> { ["mountpoint"] = "/data" } },
            cron = $"{local.Minute} {local.Hour} * * *", durationMinutes = 30,
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.JsonAsync()).GetProperty("id").GetInt64();
        async Task<bool> ActiveAsync() => (await (await _admin.GetAsync($"/api/v1/alerting/maintenance-windows/{id}")).JsonAsync()).GetProperty("activeNow").GetBoolean();

        (await ActiveAsync()).ShouldBeFalse();
        _host.Clock.Advance(TimeSpan.FromMinutes(1) - TimeSpan.FromSeconds(_host.Clock.GetUtcNow().Second) + TimeSpan.FromSeconds(1));
        (await ActiveAsync()).ShouldBeTrue();
        foreach (var target in _targets)
        {
            await _admin.CollectAsync(target);
        }

        await EvaluateAsync();
        (await EventsByCiAsync()).Values.ShouldAllBe(e => e.GetProperty("inMaintenance").GetBoolean());

        _host.Clock.Advance(TimeSpan.FromMinutes(29));
        (await ActiveAsync()).ShouldBeTrue();
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        (await ActiveAsync()).ShouldBeFalse();
    }

    [Fact]
    public async Task BadWindows_AreRefusedByField_AndNothingIsSaved()
    {
        var now = _host.Clock.GetUtcNow();
        var empty = await _admin.PostAsync("/api/v1/alerting/maintenance-windows", new { name = "x", scope = new { ciCodes = new[] { " " } }, startsAt = now, endsAt = now.AddHours(1) });
        (await empty.FieldErrorAsync("scope")).ShouldBe("maintenance_scope_empty");

        var backwards = await _admin.PostAsync("/api/v1/alerting/maintenance-windows", new { name = "x", scope = new { ciCodes = new[] { "a" } }, startsAt = now, endsAt = now.AddHours(-1) });
        (await backwards.FieldErrorAsync("endsAt")).ShouldBe("invalid_window_end");

        var badCron = await _admin.PostAsync("/api/v1/alerting/maintenance-windows", new { name = "x", scope = new { ciCodes = new[] { "a" } }, cron = "0 25 * * *", durationMinutes = 0 });
        badCron.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await badCron.JsonAsync();
        body.GetProperty("errors").GetProperty("cron").GetProperty("message").GetString()!.ShouldContain("hour: '25' is outside 0-23");
        body.GetProperty("errors").GetProperty("durationMinutes").GetProperty("code").GetString().ShouldBe("invalid_window_duration");

        (await (await _admin.GetAsync("/api/v1/alerting/maintenance-windows")).JsonAsync()).GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Window_IsChangedWithItsVersion_AndDeleted()
    {
        var now = _host.Clock.GetUtcNow();
        var window = await (await _admin.PostAsync("/api/v1/alerting/maintenance-windows", new { name = "a", scope = new { ciCodes = new[] { "his-db-01" } }, startsAt = now, endsAt = now.AddHours(1) })).JsonAsync();
        var id = window.GetProperty("id").GetInt64();

        var changed = await _admin.PutAsync($"/api/v1/alerting/maintenance-windows/{id}", new { name = "b", scope = new { ciCodes = new[] { "his-db-01" } }, startsAt = now, endsAt = now.AddHours(3), version = 1 });
        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await changed.JsonAsync()).GetProperty("name").GetString().ShouldBe("b");
        (await _admin.PutAsync($"/api/v1/alerting/maintenance-windows/{id}", new { name = "c", scope = new { ciCodes = new[] { "x" } }, startsAt = now, endsAt = now.AddHours(1), version = 1 })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await _admin.DeleteAsync($"/api/v1/alerting/maintenance-windows/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _admin.GetAsync($"/api/v1/alerting/maintenance-windows/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
