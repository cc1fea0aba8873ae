using System.Net;
using System.Security.Cryptography;
using System.Text;
using HospitalOps.Alerting.Notifications.Signing;
using HospitalOps.Tests.Support;

namespace HospitalOps.Alerting.Tests.Notifications;

/// <summary>
/// Each channel type against a local peer that checks what the vendor's server would: DingTalk's and Feishu's signatures
/// (recomputed here from the secret), Aliyun's and Tencent's request signatures, the webhook's HMAC, and each vendor's
/// answers for success, throttling and refusal.
/// </summary>
public sealed class ChannelPeerTests : IAsyncLifetime
{
    private NotificationScenario _s = null!;
    private NotificationPeer _peer = null!;

    public async Task InitializeAsync()
    {
        _s = await NotificationScenario.StartAsync();
        _peer = await NotificationPeer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _peer.DisposeAsync();
        await _s.DisposeAsync();
    }

    private async Task<List<System.Text.Json.JsonElement>> FireAndDeliverAsync(long channel)
    {
        await _s.RouteAsync("all", [channel]);
        await _s.LoadAsync(12);
        await _s.DeliverAsync();
        return await _s.DeliveriesAsync((await _s.EventsAsync()).Single().GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task DingTalk_SignsTheUrl_WithHmacOfTimestampAndSecret_AndMentionsMobiles()
    {
        _peer.DefaultAnswer = (HttpStatusCode.OK, """{"errcode":0,"errmsg":"ok"}""");
        var channel = await _s.ChannelAsync(new
        {
            name = "钉钉运维群",
            type = "dingtalk",
            settings = new { mentionMobiles = new[] { "13800000001" } },
            secrets = new { url = _peer.BaseUrl + "/robot/send?access_token=tok-1", signSecret = "SEC-dingtalk-secret" },
        });

        (await FireAndDeliverAsync(channel)).Single().GetProperty("state").GetString().ShouldBe("sent");

        var request = _peer.Requests.Single();
        request.QueryValue("access_token").ShouldBe("tok-1");
        var timestamp = request.QueryValue("timestamp")!;
        Math.Abs(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture) - _s.Host.Clock.GetUtcNow().ToUnixTimeMilliseconds()).ShouldBeLessThanOrEqualTo(1000);
        using var mac = new HMACSHA256(Encoding.UTF8.GetBytes("SEC-dingtalk-secret"));
        request.QueryValue("sign").ShouldBe(Convert.ToBase64String(mac.ComputeHash(Encoding.UTF8.GetBytes(timestamp + "\n" + "SEC-dingtalk-secret"))));
        request.Json.GetProperty("msgtype").GetString().ShouldBe("text");
        request.Json.GetProperty("text").GetProperty("content").GetString()!.ShouldEndWith("@13800000001");
        request.Json.GetProperty("at").GetProperty("atMobiles")[0].GetString().ShouldBe("13800000001");
    }

    [Fact]
    public async Task DingTalk_SendingTooFast_IsRetriedAMinuteLater()
    {
        _peer.Answer(HttpStatusCode.OK, """{"errcode":130101,"errmsg":"send too fast"}""");
        var channel = await _s.ChannelAsync(new { name = "钉钉", type = "dingtalk", secrets = new { url = _peer.BaseUrl + "/robot/send?access_token=t" } });

        var log = (await FireAndDeliverAsync(channel)).Single();
        log.GetProperty("state").GetString().ShouldBe("pending");
        log.GetProperty("lastError").GetString().ShouldBe("errcode 130101: send too fast");
        (log.GetProperty("nextAttemptAt").GetDateTimeOffset() - _s.Host.Clock.GetUtcNow()).TotalSeconds.ShouldBe(60, 0.01);
        _s.Host.Clock.Advance(TimeSpan.FromSeconds(60));
        await _s.DeliverAsync();
        _peer.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Feishu_PutsTimestampAndSignInTheBody_KeyedByTimestampAndSecret()
    {
        _peer.DefaultAnswer = (HttpStatusCode.OK, """{"code":0,"msg":"success"}""");
        var channel = await _s.ChannelAsync(new
        {
            name = "飞书告警群",
            type = "feishu",
            language = "en-US",
            secrets = new { url = _peer.BaseUrl + "/open-apis/bot/v2/hook/abc", signSecret = "feishu-secret" },
        });

        (await FireAndDeliverAsync(channel)).Single().GetProperty("state").GetString().ShouldBe("sent");

        var body = _peer.Requests.Single().Json;
        var timestamp = body.GetProperty("timestamp").GetString()!;
        Math.Abs(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture) - _s.Host.Clock.GetUtcNow().ToUnixTimeSeconds()).ShouldBeLessThanOrEqualTo(1);
        using var mac = new HMACSHA256(Encoding.UTF8.GetBytes(timestamp + "\n" + "feishu-secret"));
        body.GetProperty("sign").GetString().ShouldBe(Convert.ToBase64String(mac.ComputeHash([])));
        body.GetProperty("msg_type").GetString().ShouldBe("text");
        var text = body.GetProperty("content").GetProperty("text").GetString()!;
        text.ShouldContain("Severity: Critical");
        text.ShouldContain("CI: PACS Web (pacs-web-01)");
    }

    [Fact]
    public async Task AliyunSms_IsASignedGet_WithTheTemplateParameters_AndThrottlingIsRetried()
    {
        _peer.Answer(HttpStatusCode.BadRequest, """{"Code":"isv.BUSINESS_LIMIT_CONTROL","Message":"触发分钟级流控Permits:1"}""");
        _peer.DefaultAnswer = (HttpStatusCode.OK, """{"Code":"OK","Message":"OK","BizId":"900619746936498440^0","RequestId":"F655A8D5"}""");
        var channel = await _s.ChannelAsync(new
        {
            name = "阿里云短信",
            type = "sms-aliyun",
            settings = new { endpoint = _peer.BaseUrl, accessKeyId = "LTAI-test", signName = "某某医院", templateCode = "SMS_153055065", phones = new[] { "13800000001", "13900000002" } },
            secrets = new { accessKeySecret = "aliyun-secret" },
        });

        var log = (await FireAndDeliverAsync(channel)).Single();
        log.GetProperty("state").GetString().ShouldBe("pending");
        log.GetProperty("lastError").GetString()!.ShouldStartWith("Code isv.BUSINESS_LIMIT_CONTROL");
        _s.Host.Clock.Advance(TimeSpan.FromMinutes(1));
        await _s.DeliverAsync();
        log = (await _s.DeliveriesAsync((await _s.EventsAsync()).Single().GetProperty("id").GetInt64())).Single();
        log.GetProperty("state").GetString().ShouldBe("sent");
        log.GetProperty("history")[1].GetProperty("detail").GetString().ShouldBe("Code OK (BizId 900619746936498440^0)");

        var request = _peer.Requests.Last();
        request.Method.ShouldBe("GET");
        request.QueryValue("Action").ShouldBe("SendSms");
        request.QueryValue("PhoneNumbers").ShouldBe("13800000001,13900000002");
        request.QueryValue("SignName").ShouldBe("某某医院");
        var parameters = System.Text.Json.JsonDocument.Parse(request.QueryValue("TemplateParam")!).RootElement;
        parameters.GetProperty("level").GetString().ShouldBe("紧急");
        parameters.GetProperty("title").GetString().ShouldBe("PACS 服务器负载过高 c0");
        parameters.GetProperty("ci").GetString().ShouldBe("PACS Web");

        // The signature checks out over the parameters as they arrived.
        var received = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.Query);
        var signed = received.Where(p => p.Key != "Signature").Select(p => new KeyValuePair<string, string>(p.Key, p.Value.ToString()));
        AliyunRpcSigner.Signature(AliyunRpcSigner.CanonicalQuery(signed), "aliyun-secret").ShouldBe(received["Signature"].ToString());
    }

    [Fact]
    public async Task TencentSms_IsATc3SignedPost_AndAnAuthFailureIsNotRetried()
    {
        var channel = await _s.ChannelAsync(new
        {
            name = "腾讯云短信",
            type = "sms-tencent",
            settings = new { endpoint = _peer.BaseUrl, secretId = "AKID-test", sdkAppId = "1400000001", signName = "某某医院", templateId = "449739", phones = new[] { "13800000001" } },
            secrets = new { secretKey = "tencent-secret" },
        });
        _peer.Answer(HttpStatusCode.OK, """{"Response":{"SendStatusSet":[{"PhoneNumber":"+8613800000001","Code":"Ok","Message":"send success"}],"RequestId":"a0aabda6"}}""");

        (await FireAndDeliverAsync(channel)).Single().GetProperty("state").GetString().ShouldBe("sent");

        var request = _peer.Requests.Single();
        request.Headers["X-TC-Action"].ShouldBe("SendSms");
        request.Headers["X-TC-Version"].ShouldBe("2021-01-11");
        request.Headers["X-TC-Region"].ShouldBe("ap-guangzhou");
        var body = request.Json;
        body.GetProperty("PhoneNumberSet")[0].GetString().ShouldBe("+8613800000001");
        body.GetProperty("TemplateParamSet")[0].GetString().ShouldBe("紧急");
        body.GetProperty("SmsSdkAppId").GetString().ShouldBe("1400000001");
        var api = TencentCloudApi.SendSms with { Host = request.Headers["Host"] };
        var timestamp = long.Parse(request.Headers["X-TC-Timestamp"], System.Globalization.CultureInfo.InvariantCulture);
        request.Headers["Authorization"].ShouldBe(TencentCloudTc3Signer.Authorization(api, request.Text, "AKID-test", "tencent-secret", timestamp));

        await _s.LoadAsync(1);
        _peer.Answer(HttpStatusCode.OK, """{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"The provided credentials could not be validated."},"RequestId":"b1"}}""");
        await _s.DeliverAsync();
        var resolved = (await _s.DeliveriesAsync((await _s.EventsAsync()).Single().GetProperty("id").GetInt64())).Last();
        resolved.GetProperty("state").GetString().ShouldBe("failed");
        resolved.GetProperty("lastError").GetString().ShouldBe("Error AuthFailure.SignatureFailure: The provided credentials could not be validated.");
    }

    [Fact]
    public async Task Webhook_CarriesTheEventAsJson_SignedWithHmac_WithAnIdempotencyKey()
    {
        _peer.DefaultAnswer = (HttpStatusCode.Accepted, "{}");
        var channel = await _s.ChannelAsync(new
        {
            name = "集成平台",
            type = "webhook",
            settings = new { url = _peer.BaseUrl + "/hooks/alerts" },
            secrets = new { hmacSecret = "hook-secret" },
        });

        (await FireAndDeliverAsync(channel)).Single().GetProperty("state").GetString().ShouldBe("sent");

        var request = _peer.Requests.Single();
        WebhookSigner.Verify("hook-secret", request.Headers[WebhookSigner.TimestampHeader], request.Headers[WebhookSigner.SignatureHeader], request.Body, _s.Host.Clock.GetUtcNow(), TimeSpan.FromMinutes(5))
            .ShouldBe(WebhookVerification.Valid);
        WebhookSigner.Verify("other-secret", request.Headers[WebhookSigner.TimestampHeader], request.Headers[WebhookSigner.SignatureHeader], request.Body, _s.Host.Clock.GetUtcNow(), TimeSpan.FromMinutes(5))
            .ShouldBe(WebhookVerification.SignatureMismatch);
        var json = request.Json;
        request.Headers["Idempotency-Key"].ShouldBe(json.GetProperty("idempotencyKey").GetString());
        json.GetProperty("kind").GetString().ShouldBe("firing");
        var evt = json.GetProperty("event");
        evt.GetProperty("severity").GetString().ShouldBe("critical");
        evt.GetProperty("ci").GetString().ShouldBe("pacs-web-01");
        evt.GetProperty("labels").GetProperty("cpu").GetString().ShouldBe("c0");
        evt.GetProperty("value").GetDouble().ShouldBe(12);
        evt.GetProperty("link").GetString()!.ShouldStartWith("https://ops.hospital.test/alerting/events/");
    }

    [Fact]
    public async Task TheTestButton_SendsAtOnce_AndShowsThePeersAnswer()
    {
        var channel = await _s.ChannelAsync(new { name = "企业微信", type = "wecom", secrets = new { url = _peer.BaseUrl + "/send?key=k" } });

        var result = await (await _s.Api.PostAsync($"/api/v1/alerting/channels/{channel}/test")).JsonAsync();
        result.GetProperty("sent").GetBoolean().ShouldBeTrue();
        result.GetProperty("detail").GetString().ShouldBe("errcode 0: ok");
        _peer.Requests.Single().Json.GetProperty("text").GetProperty("content").GetString()!.ShouldContain("HospitalOps 通知测试");

        _peer.Answer(HttpStatusCode.OK, """{"errcode":93000,"errmsg":"invalid webhook url"}""");
        result = await (await _s.Api.PostAsync($"/api/v1/alerting/channels/{channel}/test")).JsonAsync();
        result.GetProperty("sent").GetBoolean().ShouldBeFalse();
        result.GetProperty("detail").GetString().ShouldBe("errcode 93000: invalid webhook url");
    }
}
