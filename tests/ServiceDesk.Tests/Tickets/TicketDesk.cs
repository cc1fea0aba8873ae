using System.Net;
using System.Text.Json;
using HospitalOps.Tests.Support;

namespace HospitalOps.ServiceDesk.Tests.Tickets;

/// <summary>A test host with the people of a service desk: an administrator who dispatches, two engineers and a level-1 business system.</summary>
internal sealed class TicketDesk : IAsyncDisposable
{
    public const string Path = "/api/v1/service-desk";

    private TicketDesk(TestHost host, ApiClient admin, ApiClient reporter, ApiClient engineer, ApiClient other, long his, long followUp)
    {
        Host = host;
        Admin = admin;
        Reporter = reporter;
        Engineer = engineer;
        Other = other;
        His = his;
        FollowUp = followUp;
    }

    public TestHost Host { get; }

    public ManualClock Clock => Host.Clock;

    /// <summary>The administrator (may dispatch and approve).</summary>
    public ApiClient Admin { get; }

    /// <summary>"wangli", who reports faults through the web.</summary>
    public ApiClient Reporter { get; }

    /// <summary>"zhangwei", the engineer tickets are dispatched to.</summary>
    public ApiClient Engineer { get; }

    /// <summary>"liuyang", who may work on tickets but not dispatch them.</summary>
    public ApiClient Other { get; }

    /// <summary>HIS, a level-1 business system.</summary>
    public long His { get; }

    /// <summary>Follow-up (随访), a level-3 business system.</summary>
    public long FollowUp { get; }

    /// <summary>Starts on Monday 2026-11-02 09:30 in Shanghai, within working hours.</summary>
    public static async Task<TicketDesk> StartAsync()
    {
        var host = await TestHost.StartAsync(clock: new ManualClock(new DateTimeOffset(2026, 11, 2, 1, 30, 0, TimeSpan.Zero)));
        var admin = await host.AdminAsync();
        var (reporter, _) = await host.UserAsync("wangli", "engineer");
        var (engineer, _) = await host.UserAsync("zhangwei", "engineer");
        // A worker of the desk who may open and work on tickets but not dispatch them (engineers may do both).
        var (security, _) = await host.UserAsync("anquan", "secadmin");
        (await security.PostAsync("/api/v1/roles", new { name = "desk-worker", labelZh = "一线工程师", labelEn = "Desk worker", permissions = new[] { "servicedesk.read", "servicedesk.work" } }))
            .EnsureSuccessStatusCode();
        var (other, _) = await host.UserAsync("liuyang", "desk-worker");
        var his = await admin.CiAsync("business", "his", "医院信息系统（HIS）", new { level = "1" });
        var followUp = await admin.CiAsync("business", "follow-up", "随访系统", new { level = "3" });
        return new TicketDesk(host, admin, reporter, engineer, other, his, followUp);
    }

    /// <summary>Moves the clock; sessions that went idle meanwhile are signed in again, as people would.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        (await Admin.LoginAsync("admin", TestHost.AdminPassword)).EnsureSuccessStatusCode();
        foreach (var (client, name) in new[] { (Reporter, "wangli"), (Engineer, "zhangwei"), (Other, "liuyang") })
        {
            (await client.LoginAsync(name, TestHost.UserPassword)).EnsureSuccessStatusCode();
        }
    }

    public async Task<JsonElement> CreateAsync(ApiClient client, object request)
    {
        var response = await client.PostAsync($"{Path}/tickets", request);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"create ticket: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return await response.JsonAsync();
    }

    public async Task<JsonElement> GetAsync(ApiClient client, long id) => await (await client.GetAsync($"{Path}/tickets/{id}")).JsonAsync();

    public Task<HttpResponseMessage> StepAsync(ApiClient client, JsonElement ticket, string key, object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["version"] = ticket.GetProperty("version").GetInt32() };
        foreach (var p in extra?.GetType().GetProperties() ?? [])
        {
            body[p.Name] = p.GetValue(extra);
        }

        return client.PostAsync($"{Path}/tickets/{ticket.GetProperty("id").GetInt64()}/transitions/{key}", body);
    }

    /// <summary>Takes a step that must succeed and returns the ticket after it.</summary>
    public async Task<JsonElement> StepOkAsync(ApiClient client, JsonElement ticket, string key, object? extra = null)
    {
        var response = await StepAsync(client, ticket, key, extra);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{key}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return await response.JsonAsync();
    }

    public static Dictionary<string, JsonElement> Clocks(JsonElement ticket) =>
        ticket.GetProperty("clocks").EnumerateArray().ToDictionary(c => c.GetProperty("kind").GetString()!, c => c);

    public static List<string> Offered(JsonElement ticket) =>
        ticket.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("key").GetString()!).ToList();

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}
