using System.Net;
using HospitalOps.Tests.Support;

namespace HospitalOps.Alerting.Tests.Notifications;

/// <summary>Channels and routes through the API: secrets stay on the server, bad input is refused field by field.</summary>
public sealed class ChannelApiTests : IAsyncLifetime
{
    private NotificationScenario _s = null!;

    public async Task InitializeAsync() =>
        _s = await NotificationScenario.StartAsync(new Dictionary<string, string?>
        {
            ["Alerting:NotificationHosts:0"] = "qyapi.weixin.qq.com",
            ["Alerting:NotificationHosts:1"] = "*.hospital.test",
            ["Alerting:NotificationHosts:2"] = "127.0.0.1",
        });

    public Task DisposeAsync() => _s.DisposeAsync().AsTask();

    [Fact]
    public async Task ARobotsKey_IsNeverReturned_OnlyWhichSecretsAreSet_AndItsAddressWithoutTheKey()
    {
        var id = await _s.ChannelAsync(new { name = "值班群", type = "wecom", secrets = new { url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRET-KEY-123" } });

        var text = await (await _s.Api.GetAsync($"/api/v1/alerting/channels/{id}")).Content.ReadAsStringAsync();
        text.ShouldNotContain("SECRET-KEY-123");
        var channel = await (await _s.Api.GetAsync($"/api/v1/alerting/channels/{id}")).JsonAsync();
        channel.GetProperty("secretsSet")[0].GetString().ShouldBe("url");
        channel.GetProperty("address").GetString().ShouldBe("https://qyapi.weixin.qq.com/cgi-bin/webhook/send");
        channel.GetProperty("ratePerMinute").GetInt32().ShouldBe(20);
        (await (await _s.Api.GetAsync("/api/v1/alerting/channels")).Content.ReadAsStringAsync()).ShouldNotContain("SECRET-KEY-123");

        // Saving other fields keeps the stored key.
        (await _s.Api.PutAsync($"/api/v1/alerting/channels/{id}", new { language = "en-US", version = 1 })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await _s.Api.GetAsync($"/api/v1/alerting/channels/{id}")).JsonAsync()).GetProperty("secretsSet").GetArrayLength().ShouldBe(1);
        (await _s.Api.PutAsync($"/api/v1/alerting/channels/{id}", new { language = "zh-CN", version = 1 })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("wecom", null, null, "secrets.url", "required")]
    [InlineData("wecom", null, "{\"url\":\"https://evil.example.com/x\"}", "secrets.url", "host_not_allowed")]
    [InlineData("wecom", null, "{\"url\":\"ftp://qyapi.weixin.qq.com/x\"}", "secrets.url", "invalid_url")]
    [InlineData("wecom", null, "{\"url\":\"https://qyapi.weixin.qq.com/x\",\"token\":\"t\"}", "secrets.token", "unknown_secret_field")]
    [InlineData("wecom", "{\"messageType\":\"card\"}", "{\"url\":\"https://qyapi.weixin.qq.com/x\"}", "settings.messageType", "invalid_value")]
    [InlineData("email", "{\"host\":\"mail.hospital.test\",\"port\":587,\"security\":\"starttls\",\"from\":\"not-an-address\"}", null, "settings.from", "invalid_email")]
    [InlineData("email", "{\"host\":\"mail.hospital.test\",\"port\":587,\"security\":\"tls13\",\"from\":\"ops@hospital.test\"}", null, "settings.security", "invalid_value")]
    [InlineData("email", "{\"host\":\"mail.other.org\",\"port\":587,\"security\":\"ssl\",\"from\":\"ops@hospital.test\"}", null, "settings.host", "host_not_allowed")]
    [InlineData("email", "{\"host\":\"mail.hospital.test\",\"port\":70000,\"security\":\"ssl\",\"from\":\"ops@hospital.test\"}", null, "settings.port", "invalid_value")]
    [InlineData("email", "{\"host\":\"mail.hospital.test\",\"port\":465,\"security\":\"ssl\",\"from\":\"ops@hospital.test\",\"caCertificate\":\"-----BEGIN CERTIFICATE-----\\nnope\\n-----END CERTIFICATE-----\"}", null, "settings.caCertificate", "invalid_certificate")]
    [InlineData("email", "{\"port\":465,\"security\":\"ssl\",\"from\":\"ops@hospital.test\"}", null, "settings.host", "required")]
    [InlineData("sms-aliyun", "{\"accessKeyId\":\"a\",\"signName\":\"s\",\"templateCode\":\"t\",\"phones\":[\"1380000abcd\"]}", "{\"accessKeySecret\":\"x\"}", "settings.phones", "invalid_phone")]
    [InlineData("sms-aliyun", "{\"accessKeyId\":\"a\",\"signName\":\"s\",\"templateCode\":\"t\",\"phones\":[\"13800000001\"]}", "{\"accessKeySecret\":\"x\"}", "settings.endpoint", "host_not_allowed")]
    [InlineData("sms-tencent", "{\"secretId\":\"a\",\"signName\":\"s\",\"templateId\":\"t\"}", "{\"secretKey\":\"x\"}", "settings.sdkAppId", "required")]
    [InlineData("webhook", "{\"url\":\"http://10.0.0.5/hook\"}", null, "settings.url", "host_not_allowed")]
    public async Task BadInput_IsRefusedWithTheFieldAndReason(string type, string? settings, string? secrets, string field, string code)
    {
        var response = await _s.Api.PostAsync("/api/v1/alerting/channels", new
        {
            name = "bad " + type,
            type,
            settings = settings is null ? (System.Text.Json.JsonElement?)null : System.Text.Json.JsonDocument.Parse(settings).RootElement,
            secrets = secrets is null ? (System.Text.Json.JsonElement?)null : System.Text.Json.JsonDocument.Parse(secrets).RootElement,
        });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.FieldErrorAsync(field)).ShouldBe(code);
        (await (await _s.Api.GetAsync("/api/v1/alerting/channels")).JsonAsync()).GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task ErrorsAreExplainedInChinese_AndInEnglish()
    {
        var request = new { name = "x", type = "webhook", settings = new { url = "https://evil.example.com/hook" } };
        var zh = await (await _s.Api.PostAsync("/api/v1/alerting/channels", request)).JsonAsync();
        zh.GetProperty("errors").GetProperty("settings.url").GetProperty("message").GetString().ShouldBe("该地址不在允许的通知主机列表中。");
        var english = _s.Host.Client("en-US");
        english.BearerToken = _s.Token;
        var en = await (await english.PostAsync("/api/v1/alerting/channels", request)).JsonAsync();
        en.GetProperty("errors").GetProperty("settings.url").GetProperty("message").GetString().ShouldBe("This host is not among the hosts notifications may reach.");
    }

    [Fact]
    public async Task RoutesAreReordered_AllAtOnce_AndAnOrderThatDoesNotNameEveryRouteOnce_ChangesNothing()
    {
        var channel = await _s.ChannelAsync(new { name = "hook", type = "webhook", settings = new { url = "https://ops.hospital.test/hook" } });
        var a = await _s.RouteAsync("A 紧急", [channel]);
        var b = await _s.RouteAsync("B 重要", [channel]);
        var c = await _s.RouteAsync("C 其他", [channel]);

        var response = await _s.Api.PutAsync("/api/v1/alerting/routes/order", new { ids = new[] { c, a, b } });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await response.JsonAsync()).EnumerateArray().Select(r => r.GetProperty("id").GetInt64()).ShouldBe([c, a, b]);
        var routes = (await (await _s.Api.GetAsync("/api/v1/alerting/routes")).JsonAsync()).EnumerateArray().ToList();
        routes.Select(r => r.GetProperty("id").GetInt64()).ShouldBe([c, a, b]);
        routes.Select(r => r.GetProperty("position").GetInt32()).ShouldBe([10, 20, 30]);
        routes.Select(r => r.GetProperty("version").GetInt32()).ShouldBe([2, 2, 2]);

        // A form opened before the move cannot put the route back where it was.
        (await _s.Api.PutAsync($"/api/v1/alerting/routes/{a}", new { position = 10, version = 1 })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var english = _s.Host.Client("en-US");
        english.BearerToken = _s.Token;
        foreach (var ids in new[] { new[] { a, b }, [a, b, b], [a, b, c, c], [a, b, 9999], Array.Empty<long>() })
        {
            var bad = await _s.Api.PutAsync("/api/v1/alerting/routes/order", new { ids });
            bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            var problem = await bad.JsonAsync();
            problem.GetProperty("code").GetString().ShouldBe("invalid_route_order");
            problem.GetProperty("title").GetString().ShouldBe("新的顺序须列出全部通知路由，每条恰好一次；路由可能已被他人增删，请刷新后重试。");
        }

        var en = await (await english.PutAsync("/api/v1/alerting/routes/order", new { ids = new[] { a } })).JsonAsync();
        en.GetProperty("title").GetString()!.ShouldStartWith("The new order must list every notification route exactly once");
        routes = (await (await _s.Api.GetAsync("/api/v1/alerting/routes")).JsonAsync()).EnumerateArray().ToList();
        routes.Select(r => r.GetProperty("id").GetInt64()).ShouldBe([c, a, b]);
        routes.Select(r => r.GetProperty("version").GetInt32()).ShouldBe([2, 2, 2]);

        // The same order again moves nothing, so nothing gets a new version.
        (await _s.Api.PutAsync("/api/v1/alerting/routes/order", new { ids = new[] { c, a, b } })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await _s.Api.GetAsync("/api/v1/alerting/routes")).JsonAsync()).EnumerateArray().Select(r => r.GetProperty("version").GetInt32()).ShouldBe([2, 2, 2]);
    }

    [Fact]
    public async Task AChannelARouteUses_CannotBeDeleted_AndRoutesCheckTheirInput()
    {
        var channel = await _s.ChannelAsync(new { name = "hook", type = "webhook", settings = new { url = "https://ops.hospital.test/hook" } });
        var route = await _s.RouteAsync("夜间紧急", [channel], new { severities = new[] { "critical" }, hours = new { from = "18:00", to = "08:00", days = new[] { 1, 2, 3, 4, 5 } } });

        (await _s.Api.DeleteAsync($"/api/v1/alerting/channels/{channel}")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var bad = await _s.Api.PostAsync("/api/v1/alerting/routes", new { name = "x", channels = new[] { 9999L }, match = new { severities = new[] { "urgent" }, hours = new { from = "25:00", to = "08:00" } } });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.FieldErrorAsync("channels")).ShouldBe("invalid_reference");
        (await bad.FieldErrorAsync("match.severities")).ShouldBe("invalid_value");
        (await bad.FieldErrorAsync("match.hours.from")).ShouldBe("invalid_value");
        (await _s.Api.PostAsync("/api/v1/alerting/routes", new { name = "夜间紧急", channels = new[] { channel } })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        (await _s.Api.DeleteAsync($"/api/v1/alerting/routes/{route}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _s.Api.DeleteAsync($"/api/v1/alerting/channels/{channel}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }
}
