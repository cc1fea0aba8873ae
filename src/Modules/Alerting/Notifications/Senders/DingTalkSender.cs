using System.Text.Json;
using HospitalOps.Alerting.Notifications.Channels;
using HospitalOps.Alerting.Notifications.Signing;

namespace HospitalOps.Alerting.Notifications.Senders;

/// <summary>
/// DingTalk (钉钉) robot: POST of a text or markdown message to the robot URL (its <c>access_token</c> is the secret),
/// signed with the robot's secret when it has one (<see cref="DingTalkRobotSigner"/>), @-mentioning mobile numbers.
/// Success is <c>errcode</c> 0; 130101 (sending too fast) is retried a minute later.
/// </summary>
internal sealed class DingTalkSender(NotificationHttp http, TimeProvider clock) : INotificationSender
{
    public string Type => ChannelType.DingTalk;

    public async Task<SendOutcome> SendAsync(OutboundNotification n, CancellationToken ct)
    {
        var mobiles = WeComSender.Mentions(n);
        var mentions = mobiles.Count == 0 ? string.Empty : "\n" + string.Join(' ', mobiles.Select(m => "@" + m));
        object payload = n.Settings.MessageType == "markdown"
            ? new { msgtype = "markdown", markdown = new { title = n.Title, text = n.Body + mentions }, at = new { atMobiles = mobiles } }
            : new { msgtype = "text", text = new { content = n.Body + mentions }, at = new { atMobiles = mobiles } };
        var url = n.Secrets["url"];
        if (n.Secrets.TryGetValue("signSecret", out var secret))
        {
            url = DingTalkRobotSigner.SignedUrl(url, secret, clock.GetUtcNow());
        }

        using var request = NotificationHttp.PostJson(url, JsonSerializer.Serialize(payload));
        return WeComSender.RobotAnswer(await http.SendAsync(request, ct), "errcode", "errmsg", retryable: [130101, -1]);
    }
}
