using System.Text.Json;
using HospitalOps.Alerting.Notifications.Channels;
using HospitalOps.Alerting.Notifications.Signing;

namespace HospitalOps.Alerting.Notifications.Senders;

/// <summary>
/// Feishu (飞书) custom robot: POST of a text message to the hook URL, with <c>timestamp</c> and <c>sign</c> in the body
/// when the robot checks signatures (<see cref="FeishuRobotSigner"/>). Success is <c>code</c> 0; 11232 and 9499 (too
/// many requests) are retried a minute later.
/// </summary>
internal sealed class FeishuSender(NotificationHttp http, TimeProvider clock) : INotificationSender
{
    public string Type => ChannelType.Feishu;

    public async Task<SendOutcome> SendAsync(OutboundNotification n, CancellationToken ct)
    {
        var content = new { text = n.Body };
        string payload;
        if (n.Secrets.TryGetValue("signSecret", out var secret))
        {
            var signature = FeishuRobotSigner.Sign(secret, clock.GetUtcNow());
            payload = JsonSerializer.Serialize(new { timestamp = signature.Timestamp, sign = signature.Sign, msg_type = "text", content });
        }
        else
        {
            payload = JsonSerializer.Serialize(new { msg_type = "text", content });
        }

        using var request = NotificationHttp.PostJson(n.Secrets["url"], payload);
        return WeComSender.RobotAnswer(await http.SendAsync(request, ct), "code", "msg", retryable: [11232, 9499]);
    }
}
