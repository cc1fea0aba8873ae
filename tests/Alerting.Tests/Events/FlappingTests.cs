using System.Net;
using HospitalOps.Alerting.Evaluation;
using HospitalOps.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Alerting.Tests.Events;

/// <summary>An alert that keeps firing and resolving is held as one flapping event.</summary>
public sealed class FlappingTests : IAsyncLifetime
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
        var ci = await _admin.CiAsync("os-instance", "pacs-web-01", "PACS Web", new { os = "linux" });
        _target = (await _admin.TargetAsync(new { ciId = ci, kind = "prometheus", name = "pacs-web-01 node", address = _exporter.Url, settings = new { } })).GetProperty("id").GetInt64();
        (await _admin.PostAsync("/api/v1/alerting/rules", new { name = "load", group = "g", expr = "node_load1 > 8", severity = "minor" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        // The clock jumps past the web session's idle timeout; an API token keeps working across the jumps.
        var token = await (await _admin.PostAsync("/api/v1/account/tokens", new { name = "flapping", scopes = new[] { "monitoring.read", "monitoring.write", "alerting.read" }, expiresInDays = 30 })).JsonAsync();
        _admin = _host.Client();
        _admin.BearerToken = token.GetProperty("secret").GetString();
    }

    public async Task DisposeAsync()
    {
        await _exporter.DisposeAsync();
        await _host.DisposeAsync();
    }

    private async Task StepAsync(double load)
    {
        _host.Clock.Advance(TimeSpan.FromMinutes(2));
        _exporter.Serve($"node_load1 {load}\n");
        await _admin.CollectAsync(_target);
        await _host.Services.GetRequiredService<RuleEvaluator>().EvaluateGroupAsync("g", _host.Clock.GetUtcNow().ToUnixTimeMilliseconds(), CancellationToken.None);
    }

    private async Task<List<System.Text.Json.JsonElement>> EventsAsync() =>
        (await (await _admin.GetAsync("/api/v1/alerting/events")).JsonAsync()).GetProperty("items").EnumerateArray().OrderBy(e => e.GetProperty("id").GetInt64()).ToList();

    [Fact]
    public async Task ThirdFiringWithinAnHour_ReopensTheLatestEvent_FlaggedFlapping_InsteadOfANewOne()
    {
        await StepAsync(12);
        await StepAsync(1);
        await StepAsync(12);
        await StepAsync(1);
        (await EventsAsync()).Count.ShouldBe(2);
        (await EventsAsync()).ShouldAllBe(e => !e.GetProperty("flapping").GetBoolean());

        await StepAsync(12);

        var events = await EventsAsync();
        events.Count.ShouldBe(2);
        var latest = events[^1];
        latest.GetProperty("state").GetString().ShouldBe("firing");
        latest.GetProperty("flapping").GetBoolean().ShouldBeTrue();
        latest.GetProperty("fireCount").GetInt32().ShouldBe(2);
        latest.GetProperty("resolvedAt").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task FiringsSpreadOverMoreThanAnHour_AreSeparateEvents()
    {
        await StepAsync(12);
        await StepAsync(1);
        _host.Clock.Advance(TimeSpan.FromMinutes(40));
        await StepAsync(12);
        await StepAsync(1);
        _host.Clock.Advance(TimeSpan.FromMinutes(40));
        await StepAsync(12);

        var events = await EventsAsync();
        events.Count.ShouldBe(3);
        events.ShouldAllBe(e => !e.GetProperty("flapping").GetBoolean());
    }
}
