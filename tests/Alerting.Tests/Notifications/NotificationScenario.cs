using System.Net;
using System.Text.Json;
using Dapper;
using HospitalOps.Alerting.Evaluation;
using HospitalOps.Alerting.Notifications.Delivery;
using HospitalOps.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Alerting.Tests.Notifications;

/// <summary>
/// A host whose evaluation and delivery the test drives, with one watched CI (pacs-web-01) and a critical rule on its
/// load: <see cref="LoadAsync"/> makes it fire or resolve, <see cref="DeliverAsync"/> plans and sends what is due.
/// </summary>
public sealed class NotificationScenario : IAsyncDisposable
{
    private readonly FakeExporter _exporter;
    private readonly long _target;

    private NotificationScenario(TestHost host, FakeExporter exporter, ApiClient api, string token, long target)
    {
        Token = token;
        Host = host;
        _exporter = exporter;
        Api = api;
        _target = target;
    }

    public TestHost Host { get; }

    public ApiClient Api { get; }

    /// <summary>The API token <see cref="Api"/> uses, for clients in another language.</summary>
    public string Token { get; }

    public static async Task<NotificationScenario> StartAsync(IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>(MonitoringApi.Manual)
        {
            ["Alerting:EvaluationEnabled"] = "false",
            ["Alerting:DeliveryEnabled"] = "false",
            ["Alerting:PublicUrl"] = "https://ops.hospital.test",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var host = await TestHost.StartAsync(settings);
        var exporter = await FakeExporter.StartAsync();
        var admin = await host.AdminAsync();
        var ci = await admin.CiAsync("os-instance", "pacs-web-01", "PACS Web", new { os = "linux" });
        var target = (await admin.TargetAsync(new { ciId = ci, kind = "prometheus", name = "pacs-web-01 node", address = exporter.Url, settings = new { } })).GetProperty("id").GetInt64();
        (await admin.PostAsync("/api/v1/alerting/rules", new
        {
            name = "load",
            group = "g",
            expr = "node_load1 > 8",
            severity = "critical",
            annotations = new Dictionary<string, string> { ["summary"] = "PACS 服务器负载过高 {{ $labels.cpu }}" },
        })).StatusCode.ShouldBe(HttpStatusCode.Created);

        // The clock moves far in some tests: an API token outlives the web session's idle timeout.
        var token = await (await admin.PostAsync("/api/v1/account/tokens", new
        {
            name = "notifications",
            scopes = new[] { "monitoring.read", "monitoring.write", "alerting.read", "alerting.write", "alerting.handle" },
            expiresInDays = 30,
        })).JsonAsync();
        var secret = token.GetProperty("secret").GetString()!;
        var api = host.Client();
        api.BearerToken = secret;
        return new NotificationScenario(host, exporter, api, secret, target);
    }

    /// <summary>Two minutes later the host reports these loads (one series per cpu label), and the rule group is evaluated.</summary>
    public async Task LoadAsync(params double[] loads)
    {
        Host.Clock.Advance(TimeSpan.FromMinutes(2));
        _exporter.Serve(string.Concat(loads.Select((l, i) => $"node_load1{{cpu=\"c{i}\"}} {l.ToString(System.Globalization.CultureInfo.InvariantCulture)}\n")));
        await Api.CollectAsync(_target);
        await Host.Services.GetRequiredService<RuleEvaluator>().EvaluateGroupAsync("g", Host.Clock.GetUtcNow().ToUnixTimeMilliseconds(), CancellationToken.None);
    }

    /// <summary>Plans pending notices and sends what is due now; returns (queued, attempted).</summary>
    public async Task<(int Queued, int Attempted)> DeliverAsync()
    {
        var queued = await Host.Services.GetRequiredService<NotificationPlanner>().PlanPendingAsync(CancellationToken.None);
        var attempted = await Host.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None);
        return (queued, attempted);
    }

    /// <summary>Writes the escalations due now (the background sweep, driven by the test).</summary>
    public Task<int> EscalateAsync() =>
        Host.Services.GetRequiredService<Alerting.Escalation.EscalationSweeper>().SweepAsync(CancellationToken.None);

    /// <summary>Creates a platform user with a mailbox and a mobile (as the administrator).</summary>
    public async Task UserAsync(string userName, string email, string phone)
    {
        var admin = await Host.AdminAsync();
        var response = await admin.PostAsync("/api/v1/users", new { userName, displayName = userName, password = "Initial#Pass1", roles = Array.Empty<string>(), email, phone });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    public async Task<long> CreateAsync(string path, object request)
    {
        var response = await Api.PostAsync(path, request);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("id").GetInt64();
    }

    public async Task<long> ChannelAsync(object request)
    {
        var response = await Api.PostAsync("/api/v1/alerting/channels", request);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("id").GetInt64();
    }

    public async Task<long> RouteAsync(string name, long[] channels, object? match = null, bool notifyResolved = true)
    {
        var response = await Api.PostAsync("/api/v1/alerting/routes", new { name, channels, match = match ?? new { }, notifyResolved });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("id").GetInt64();
    }

    public async Task<List<JsonElement>> EventsAsync() =>
        (await (await Api.GetAsync("/api/v1/alerting/events")).JsonAsync()).GetProperty("items").EnumerateArray().OrderBy(e => e.GetProperty("id").GetInt64()).ToList();

    public async Task<List<JsonElement>> DeliveriesAsync(long eventId) =>
        (await (await Api.GetAsync($"/api/v1/alerting/events/{eventId}/deliveries")).JsonAsync()).EnumerateArray().ToList();

    public async Task<long> OutboxCountAsync()
    {
        await using var connection = await Host.Databases.Config.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM notification_outbox");
    }

    public async ValueTask DisposeAsync()
    {
        await _exporter.DisposeAsync();
        await Host.DisposeAsync();
    }
}
