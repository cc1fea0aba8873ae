using System.Net;
using System.Text;
using HospitalOps.Tests.Support;

namespace HospitalOps.Platform.Tests.Http;

public sealed class HostEndpointTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Server:MaxRequestBodyBytes"] = "65536" });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task HealthLiveAndReady_Return200WhenBothDatabasesAreMigrated()
    {
        var client = _host.Client();
        (await client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var ready = await client.GetAsync("/health/ready");
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await ready.JsonAsync();
        body.GetProperty("status").GetString().ShouldBe("ready");
        body.GetProperty("checks").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task Metrics_CountRequestsByRouteAndStatus_InPrometheusText()
    {
        var client = _host.Client();
        await client.GetAsync("/api/v1/auth/me");
        await client.GetAsync("/health/live");
        var response = await client.GetAsync("/metrics");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        var text = await response.Content.ReadAsStringAsync();
        text.ShouldContain("# TYPE hospitalops_http_requests_total counter");
        text.ShouldContain("hospitalops_http_requests_total{method=\"GET\",route=\"/api/v1/auth/me\",status=\"401\"} 1");
        text.ShouldContain("hospitalops_http_request_duration_seconds_bucket{method=\"GET\",route=\"/health/live\",le=\"+Inf\"} 1");
        text.ShouldContain("hospitalops_db_connections_in_use{database=\"config\"}");
        text.ShouldContain("dotnet_gc_collections_total{generation=\"0\"}");
    }

    [Fact]
    public async Task OpenApi_DescribesTheIdentityRoutes_AndTheBrowsablePageLoads()
    {
        var client = _host.Client();
        var doc = await client.GetAsync("/openapi/v1.json");
        doc.StatusCode.ShouldBe(HttpStatusCode.OK);
        var paths = (await doc.JsonAsync()).GetProperty("paths");
        paths.TryGetProperty("/api/v1/auth/login", out _).ShouldBeTrue();
        paths.TryGetProperty("/api/v1/users", out _).ShouldBeTrue();
        (await client.GetAsync("/api-docs/index.html")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("{not json", "invalid_json")]
    [InlineData("{\"userName\": 42, \"password\": \"x\"}", "invalid_json")]
    [InlineData("", "invalid_json")]
    public async Task MalformedBody_Returns400ProblemDetails(string body, string code)
    {
        var client = _host.Client("en-US");
        var response = await client.Http.PostAsync("/api/v1/auth/login", new StringContent(body, Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.JsonAsync();
        problem.GetProperty("code").GetString().ShouldBe(code);
        problem.GetProperty("title").GetString()!.ShouldStartWith("The request body");
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("   at ");
    }

    [Fact]
    public async Task OversizedBody_Returns413()
    {
        var client = _host.Client();
        var big = "{\"userName\":\"" + new string('x', 200_000) + "\",\"password\":\"y\"}";
        var response = await client.Http.PostAsync("/api/v1/auth/login", new StringContent(big, Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await response.CodeAsync()).ShouldBe("body_too_large");
    }

    [Fact]
    public async Task UnknownApiRoute_Returns404_NotTheWebApp()
    {
        var admin = await _host.AdminAsync();
        var response = await admin.GetAsync("/api/v1/no-such-thing");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Responses_CarrySecurityHeaders_AndApiIsNotCached()
    {
        var response = await _host.Client().GetAsync("/api/v1/auth/me");
        response.Headers.GetValues("X-Content-Type-Options").ShouldContain("nosniff");
        response.Headers.GetValues("X-Frame-Options").ShouldContain("SAMEORIGIN");
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
    }

    [Fact]
    public async Task ErrorMessages_FollowAcceptLanguage_DefaultChinese()
    {
        (await (await _host.Client().GetAsync("/api/v1/auth/me")).JsonAsync()).GetProperty("title").GetString().ShouldBe("请先登录。");
        (await (await _host.Client("en-US,en;q=0.9").GetAsync("/api/v1/auth/me")).JsonAsync()).GetProperty("title").GetString().ShouldBe("Please sign in.");
    }
}

public sealed class ReadinessTests
{
    [Fact]
    public async Task Ready_Returns503WithReason_WhenDatabasesAreNotMigrated()
    {
        await using var host = await TestHost.StartAsync(prepare: false);
        var response = await host.Client().GetAsync("/health/ready");
        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var body = await response.JsonAsync();
        body.GetProperty("status").GetString().ShouldBe("not_ready");
        body.GetProperty("checks")[0].GetProperty("reason").GetString()!.ShouldContain("not applied");
    }

    [Fact]
    public async Task Ready_Returns503WithReason_WhenHistoryDatabaseIsUnreachable()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:History"] = TestDatabases.OnPostgres ? "Host=127.0.0.1;Port=1;Username=nobody;Timeout=2" : "Data Source=/proc/no-such-dir/history.db",
        }, prepare: false);
        var response = await host.Client().GetAsync("/health/ready");
        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var history = (await response.JsonAsync()).GetProperty("checks")[1];
        history.GetProperty("name").GetString().ShouldBe("historyDatabase");
        history.GetProperty("reason").GetString()!.ShouldContain("unreachable");
    }
}
