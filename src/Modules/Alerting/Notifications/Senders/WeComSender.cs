using System.Text.Json;
using HospitalOps.Alerting.Notifications.Channels;

namespace HospitalOps.Alerting.Notifications.Senders;

/// <summary>
/// WeCom (企业微信) group robot: POST of a text or markdown message to the robot URL, whose <c>key</c> is the secret;
/// mentions by mobile number work in text messages. Success is <c>errcode</c> 0; 45009 (too many messages) and -1
/// (busy) are worth a retry, other codes (a wrong key, a bad message) are not.
/// </summary>
internal sealed class WeComSender(NotificationHttp http) : INotificationSender
{
    public string Type => ChannelType.WeCom;

    public async Task<SendOutcome> SendAsync(OutboundNotification n, CancellationToken ct)
    {
        object payload = n.Settings.MessageType == "markdown"
            ? new { msgtype = "markdown", markdown = new { content = n.Body } }
            : new { msgtype = "text", text = new { content = n.Body, mentioned_mobile_list = Mentions(n) } };
        using var request = NotificationHttp.PostJson(n.Secrets["url"], JsonSerializer.Serialize(payload));
        var answer = await http.SendAsync(request, ct);
        return RobotAnswer(answer, "errcode", "errmsg", retryable: [45009, -1]);
    }

    /// <summary>The mobiles a robot message @-mentions: the channel's standing list and the people this message names (on duty, escalated to).</summary>
    internal static IReadOnlyList<string> Mentions(OutboundNotification n) =>
        (n.Settings.MentionMobiles ?? []).Concat(n.Recipients).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>How robots answer (WeCom, DingTalk, Feishu alike): HTTP 200 with a vendor code, 0 meaning delivered.</summary>
    internal static SendOutcome RobotAnswer(NotificationHttp.Answer answer, string codeField, string messageField, long[] retryable)
    {
        if (!answer.Ok)
        {
            return answer.AsFailure();
        }

        var code = NotificationHttp.Code(answer.Json, codeField);
        var message = NotificationHttp.Text(answer.Json, messageField);
        var detail = $"{codeField} {code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}{(message is { Length: > 0 } ? ": " + Clip(message) : string.Empty)}";
        return code switch
        {
            0 => SendOutcome.Ok(detail),
            null => SendOutcome.Retry("unreadable answer"),
            { } c when retryable.Contains(c) => SendOutcome.Retry(detail, TimeSpan.FromSeconds(60)),
            _ => SendOutcome.Fail(detail),
        };
    }

    private static string Clip(string text) => text.Length > 200 ? text[..200] : text;
}
