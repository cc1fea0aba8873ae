using System.Diagnostics;
using HospitalOps.Alerting.Notifications.Delivery;
using HospitalOps.Alerting.Notifications.Messages;
using HospitalOps.Alerting.Notifications.Senders;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Alerting.Notifications.Channels;

/// <summary>What a test message came to.</summary>
public sealed record ChannelTestResult(bool Sent, string Detail, double DurationMs);

/// <summary>Sends a test message through a saved channel at once, so whoever sets it up sees the peer's answer.</summary>
internal static class TestChannel
{
    internal static async Task<IResult> Endpoint(
        long id, HttpContext context, Databases databases, ISecretProtector secrets, IEnumerable<INotificationSender> senders, IAuditTrail audit, TimeProvider clock,
        AlertingOptions options, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var channel = await SaveChannel.FindAsync(connection, id, null) ?? throw AppProblem.NotFound();
        var type = ChannelType.Find(channel.Type) ?? throw AppProblem.NotFound();
        var sender = senders.FirstOrDefault(s => s.Type == channel.Type) ?? throw AppProblem.Conflict("channel_unavailable");
        var settings = channel.SettingsValue;
        var channelSecrets = channel.Secrets(secrets);
        if (NotificationHosts.Refused(options, channel, channelSecrets) is { } host)
        {
            await audit.RecordAsync(new AuditEntry("alerting.channel.test", "notification_channel", id.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditEntry.Failure, DeliveryDetail.Refused(host)), ct: ct);
            throw new AppProblem(409, DeliveryDetail.HostNotAllowed, new Dictionary<string, string> { ["host"] = host });
        }

        var zh = channel.Language != "en-US";
        var facts = new EventFacts(0, NotificationMessages.Test, zh ? "HospitalOps 通知测试" : "HospitalOps notification test", "info", "firing", null,
            clock.GetUtcNow(), clock.GetUtcNow(), null, null, null);
        var message = NotificationMessages.Render(type, settings, channel.Language, facts, options.Zone, options.PublicUrl);
        var started = Stopwatch.GetTimestamp();
        var outcome = await sender.SendAsync(
            new OutboundNotification($"test:{id}:{Guid.NewGuid():N}", NotificationMessages.Test, message.Title, message.Body, NotificationPlanner.Recipients(type, settings), channel, settings, channelSecrets),
            ct);
        await audit.RecordAsync(new AuditEntry("alerting.channel.test", "notification_channel", id.ToString(System.Globalization.CultureInfo.InvariantCulture), outcome.Sent ? AuditEntry.Success : AuditEntry.Failure, outcome.Detail), ct: ct);
        return Results.Ok(new ChannelTestResult(outcome.Sent, outcome.Detail, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
    }
}
