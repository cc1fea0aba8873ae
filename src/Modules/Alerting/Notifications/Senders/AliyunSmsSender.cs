using System.Text.Json;
using HospitalOps.Alerting.Notifications.Channels;
using HospitalOps.Alerting.Notifications.Signing;

namespace HospitalOps.Alerting.Notifications.Senders;

/// <summary>
/// Aliyun SMS (<c>SendSms</c>, 2017-05-25): a signed GET to the SMS endpoint with the recipients, the approved sign name
/// and template, and the message's template parameters. Success is <c>Code</c> "OK"; flow control and throttling
/// answers are retried later, other codes (an illegal number, a template not approved) are not.
/// </summary>
internal sealed class AliyunSmsSender(NotificationHttp http, TimeProvider clock) : INotificationSender
{
    public const string DefaultEndpoint = "https://" + AliyunRpcSigner.SmsEndpoint + "/";

    public string Type => ChannelType.AliyunSms;

    public async Task<SendOutcome> SendAsync(OutboundNotification n, CancellationToken ct)
    {
        if (n.Recipients.Count == 0)
        {
            return SendOutcome.Fail("no recipients");
        }

        var s = n.Settings;
        var message = new AliyunSmsMessage(string.Join(',', n.Recipients), s.SignName!, s.TemplateCode!, n.Body, s.Region ?? "cn-hangzhou");
        // The nonce makes each attempt a new request for Aliyun's replay check; the idempotency key is the outbox's.
        var query = AliyunRpcSigner.SendSmsQuery(message, s.AccessKeyId!, n.Secrets["accessKeySecret"], clock.GetUtcNow(), Guid.NewGuid().ToString("N"));
        var endpoint = (s.Endpoint ?? DefaultEndpoint).TrimEnd('/') + "/";
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint + "?" + query);
        var answer = await http.SendAsync(request, ct);
        var code = NotificationHttp.Text(answer.Json, "Code");
        if (code is null)
        {
            return answer.Ok ? SendOutcome.Retry("unreadable answer") : answer.AsFailure();
        }

        var detail = $"Code {code}{(NotificationHttp.Text(answer.Json, "Message") is { Length: > 0 } m && m != code ? ": " + m : string.Empty)}";
        if (code == "OK")
        {
            return SendOutcome.Ok(detail + (NotificationHttp.Text(answer.Json, "BizId") is { } biz ? $" (BizId {biz})" : string.Empty));
        }

        return code.StartsWith("Throttling", StringComparison.Ordinal) || code is "isv.BUSINESS_LIMIT_CONTROL" or "ServiceUnavailable" or "InternalError"
            ? SendOutcome.Retry(detail, TimeSpan.FromMinutes(1))
            : SendOutcome.Fail(detail);
    }
}
