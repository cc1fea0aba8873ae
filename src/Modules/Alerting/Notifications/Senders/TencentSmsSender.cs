using System.Text;
using System.Text.Json;
using HospitalOps.Alerting.Notifications.Channels;
using HospitalOps.Alerting.Notifications.Signing;

namespace HospitalOps.Alerting.Notifications.Senders;

/// <summary>
/// Tencent Cloud SMS (<c>SendSms</c>, 2021-01-11): a TC3-signed JSON POST with the recipients (E.164; a Chinese mobile
/// without a country code gets +86), the SDK app, sign name, template and the template parameters in the order
/// level, title, CI, time. A request refused as a whole (<c>Response.Error</c>) is retried when the limit or the service
/// was the cause; per-number results are written to the delivery log.
/// </summary>
internal sealed class TencentSmsSender(NotificationHttp http, TimeProvider clock) : INotificationSender
{
    public const string DefaultEndpoint = "https://" + "sms.tencentcloudapi.com/";

    public string Type => ChannelType.TencentSms;

    public async Task<SendOutcome> SendAsync(OutboundNotification n, CancellationToken ct)
    {
        if (n.Recipients.Count == 0)
        {
            return SendOutcome.Fail("no recipients");
        }

        var s = n.Settings;
        var parameters = JsonSerializer.Deserialize<Dictionary<string, string>>(n.Body) ?? [];
        var payload = JsonSerializer.Serialize(new
        {
            PhoneNumberSet = n.Recipients.Select(p => p.StartsWith('+') ? p : "+86" + p).ToList(),
            SmsSdkAppId = s.SdkAppId,
            SignName = s.SignName,
            TemplateId = s.TemplateId,
            TemplateParamSet = new[] { "level", "title", "ci", "time" }.Select(k => parameters.GetValueOrDefault(k, "-")).ToList(),
            SessionContext = n.IdempotencyKey,
        });
        var endpoint = new Uri(s.Endpoint ?? DefaultEndpoint);
        var api = TencentCloudApi.SendSms with { Host = endpoint.IsDefaultPort ? endpoint.Host : endpoint.Authority };
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(payload)),
        };
        foreach (var (name, value) in TencentCloudTc3Signer.Headers(api, payload, s.SecretId!, n.Secrets["secretKey"], clock.GetUtcNow().ToUnixTimeSeconds(), s.Region ?? "ap-guangzhou"))
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
            else if (!name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        var answer = await http.SendAsync(request, ct);
        if (answer.Json is not { ValueKind: JsonValueKind.Object } json || !json.TryGetProperty("Response", out var response) || response.ValueKind != JsonValueKind.Object)
        {
            return answer.Ok ? SendOutcome.Retry("unreadable answer") : answer.AsFailure();
        }

        if (response.TryGetProperty("Error", out var error))
        {
            var code = NotificationHttp.Text(error, "Code") ?? "unknown";
            var detail = $"Error {code}{(NotificationHttp.Text(error, "Message") is { Length: > 0 } m ? ": " + m : string.Empty)}";
            return code.StartsWith("RequestLimitExceeded", StringComparison.Ordinal) || code.StartsWith("InternalError", StringComparison.Ordinal) || code == "LimitExceeded.PhoneNumberDailyLimit"
                ? SendOutcome.Retry(detail, TimeSpan.FromMinutes(1))
                : SendOutcome.Fail(detail);
        }

        var statuses = response.TryGetProperty("SendStatusSet", out var set) && set.ValueKind == JsonValueKind.Array
            ? set.EnumerateArray().Select(e => (Phone: NotificationHttp.Text(e, "PhoneNumber") ?? "?", Code: NotificationHttp.Text(e, "Code") ?? "?")).ToList()
            : [];
        var failed = statuses.Where(x => x.Code != "Ok").ToList();
        // A number that failed is reported, not retried: the others already have their message, and a repeat would double it.
        return failed.Count == statuses.Count && statuses.Count > 0
            ? SendOutcome.Fail(string.Join("; ", failed.Select(f => $"{f.Phone}: {f.Code}")))
            : SendOutcome.Ok(failed.Count == 0 ? $"{statuses.Count} sent" : $"{statuses.Count - failed.Count} sent; " + string.Join("; ", failed.Select(f => $"{f.Phone}: {f.Code}")));
    }
}
