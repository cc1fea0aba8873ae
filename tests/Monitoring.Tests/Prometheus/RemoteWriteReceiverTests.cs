using System.Globalization;
using System.Net;
using HospitalOps.Monitoring.History;
using HospitalOps.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Monitoring.Tests.Prometheus;

/// <summary>Debian's Prometheus 2.42 remote-writes what it scrapes into HospitalOps; the store holds exactly what Prometheus holds.</summary>
public sealed class RemoteWriteReceiverTests
{
    [RequiresEnvironmentFact(PrometheusPeer.BinaryVariable)]
    public async Task PrometheusRemoteWrite_StoresTheSamePointsAsPrometheusAndTheMetadata()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Monitoring:SchedulerEnabled"] = "false" }, clock: ManualClock.Running());
        var admin = await host.AdminAsync();
        var token = await TokenAsync(admin);
        var job = "site-prom-" + Guid.NewGuid().ToString("N")[..6];
        await using var prometheus = await PrometheusPeer.StartAsync(port => $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: {job}
                static_configs:
                  - targets: ['127.0.0.1:{port}']
            remote_write:
              - url: {host.BaseAddress}prometheus/api/v1/write
                authorization:
                  credentials: {token}
                queue_config:
                  batch_send_deadline: 1s
                  min_backoff: 100ms
                metadata_config:
                  send_interval: 1s
            """);

        // Wait until a dozen scrapes have arrived.
        List<(long T, double V)> ours = [];
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            ours = await OursAsync(admin, $"up{{job=\"{job}\"}}");
            if (ours.Count >= 12)
            {
                break;
            }

            await Task.Delay(500);
        }

        ours.Count.ShouldBeGreaterThanOrEqualTo(12, "remote-written samples of up; prometheus said: " + prometheus.Log);

        // Every point Prometheus stored up to our newest one is here, with the same timestamp and value.
        foreach (var metric in new[] { "up", "scrape_samples_scraped", "prometheus_tsdb_head_series" })
        {
            var selector = $"{metric}{{job=\"{job}\"}}";
            var mine = await OursAsync(admin, selector);
            var theirs = (await prometheus.RawAsync(selector, "5m", "job"))[job];
            var last = mine[^1].T;
            var expected = theirs.Where(p => p.T <= last).ToList();
            expected.Count.ShouldBeGreaterThanOrEqualTo(5, metric);
            mine.Where(p => p.T >= expected[0].T).ToList().ShouldBe(expected, metric);
        }

        // Prometheus sends metric metadata in its own requests.
        var book = host.Services.GetRequiredService<MetricMetadataBook>();
        var found = await WaitForAsync(async () => (await book.ListAsync("prometheus_http_requests_total", CancellationToken.None)).FirstOrDefault());
        found.Type.ShouldBe("counter");
        found.Help.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task Write_WithoutToken_IsRefused_AndGarbageIsABadRequestThatStoresNothing()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Monitoring:SchedulerEnabled"] = "false" }, clock: ManualClock.Running());
        using var anonymous = new HttpClient { BaseAddress = host.BaseAddress };
        (await anonymous.PostAsync("/prometheus/api/v1/write", new ByteArrayContent([1, 2, 3]))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var admin = await host.AdminAsync();
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", await TokenAsync(admin));
        var garbage = await http.PostAsync("/prometheus/api/v1/write", new ByteArrayContent(IronSnappy.Snappy.Encode([0x0a, 0xff, 0xff, 0x01])));
        garbage.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await garbage.Content.ReadAsStringAsync()).ShouldContain("runs past the end");
        var notSnappy = await http.PostAsync("/prometheus/api/v1/write", new ByteArrayContent("hello"u8.ToArray()));
        notSnappy.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await OursAsync(admin, "{__name__=~\".+\",job=\"x\"}")).ShouldBeEmpty();
    }

    internal static async Task<string> TokenAsync(ApiClient admin)
    {
        var response = await admin.PostAsync("/api/v1/account/tokens", new { name = "prometheus", scopes = new[] { "monitoring.read", "monitoring.write" }, expiresInDays = 1 });
        response.EnsureSuccessStatusCode();
        return (await response.JsonAsync()).GetProperty("secret").GetString()!;
    }

    private static async Task<List<(long T, double V)>> OursAsync(ApiClient admin, string selector)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var response = await admin.GetAsync($"/api/v1/monitoring/range?match={Uri.EscapeDataString(selector)}&from={now - 600_000}&to={now + 60_000}");
        response.EnsureSuccessStatusCode();
        var json = await response.JsonAsync();
        return json.GetArrayLength() == 0
            ? []
            : json[0].GetProperty("points").EnumerateArray().Select(p => ((long)p[0].GetDouble(), p[1].GetDouble())).ToList();
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("not seen in time");
            }

            await Task.Delay(200);
        }
    }
}
