using System.Globalization;
using System.Text.Json;
using Dapper;
using HospitalOps.Alerting.Notifications.Channels;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Events;
using HospitalOps.Kernel.Security;
using HospitalOps.ServiceDesk.Contracts;

namespace HospitalOps.Alerting.Notifications.Delivery;

/// <summary>
/// Delivers the service desk's notices (a ticket dispatched, resolved, escalated, someone mentioned) to the people they name,
/// through every enabled channel marked to carry them: their mailbox on e-mail, their mobile on SMS, an @-mention in a WeCom
/// or DingTalk group. Queued in the notification outbox like alert messages (same retries, rate limits and delivery log),
/// keyed by the notice so a notice handed over twice is sent once.
/// </summary>
internal sealed class TicketNoticeDelivery(Databases databases, IUserDirectory users, TimeProvider clock, AlertingOptions options) : IModuleEventSubscriber
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "alerting.ticket-notices";

    public IReadOnlyCollection<string> Topics { get; } = [ServiceDeskEvents.TicketNotice];

    public async Task HandleAsync(ModuleEvent moduleEvent, CancellationToken ct)
    {
        var notice = JsonSerializer.Deserialize<TicketNotice>(moduleEvent.Payload, Json) ?? throw new InvalidOperationException("empty ticket notice");
        await using var connection = await databases.Config.OpenAsync(ct);
        var channels = (await connection.QueryAsync<ChannelRow>(new CommandDefinition(
            $"SELECT {ChannelRow.Columns} FROM notification_channels WHERE enabled = @yes", new { yes = true }, cancellationToken: ct)))
            .Where(c => c.SettingsValue.TicketNotices == true).ToList();
        if (channels.Count == 0 || notice.To.Count == 0)
        {
            return;
        }

        var people = (await users.ContactsAsync(notice.To, ct)).Values.Where(p => !p.Disabled).ToList();
        var now = UnixMs.Now(clock);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        foreach (var channel in channels)
        {
            if (ChannelType.Find(channel.Type) is not { } type)
            {
                continue;
            }

            var recipients = people.Select(p => NotificationPlanner.Address(type, p)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            var personal = type.Code is ChannelType.Email or ChannelType.AliyunSms or ChannelType.TencentSms;
            if (personal && recipients.Count == 0)
            {
                continue;
            }

            var (title, body) = Render(notice, channel.Language, people, options);
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO notification_outbox (idempotency_key, event_id, channel_id, route_id, kind, recipients, title, body, state, attempts, next_attempt_at, created_at)
                VALUES (@key, NULL, @channel, NULL, 'ticket', @recipients, @title, @body, 'pending', 0, @now, @now)
                ON CONFLICT (idempotency_key) DO NOTHING
                """,
                new { key = $"ticket-notice:{moduleEvent.Id}:channel:{channel.Id}", channel = channel.Id, recipients = JsonSerializer.Serialize(recipients), title, body, now },
                tx, cancellationToken: ct));
        }

        await tx.CommitAsync(ct);
    }

    /// <summary>A short message in the channel's language: what happened to which ticket, and its link.</summary>
    internal static (string Title, string Body) Render(TicketNotice notice, string language, IReadOnlyList<UserContact> people, AlertingOptions options)
    {
        var english = language.StartsWith("en", StringComparison.OrdinalIgnoreCase);
        var what = notice.Transition switch
        {
            "mention" => english ? "You were mentioned" : "有人在工单中提到了您",
            var t when t.StartsWith("escalation:", StringComparison.Ordinal) => english ? $"Escalated (level {t[11..]}): still unresolved" : $"工单升级（第 {t[11..]} 级）：仍未解决",
            "assign" => english ? "Assigned to you" : "派单给您",
            "resolve" or "fulfil" or "complete" => english ? "Resolved: please confirm and rate" : "已解决，请确认并评价",
            "approve" => english ? "Change approved" : "变更已批准",
            "reject" => english ? "Change sent back" : "变更被驳回",
            _ => english ? $"Ticket update ({notice.Transition})" : $"工单动态（{notice.Transition}）",
        };
        var title = $"[P{notice.Priority}] {notice.Number} {notice.Title}";
        var lines = new List<string>
        {
            what,
            $"{(english ? "Ticket" : "工单")}: {notice.Number} {notice.Title}",
            $"{(english ? "Priority" : "优先级")}: P{notice.Priority}",
            $"{(english ? "Time" : "时间")}: {TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(notice.At), options.Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}",
            $"{(english ? "For" : "通知")}: {string.Join(english ? ", " : "、", people.Select(p => p.DisplayName))}",
        };
        if (options.PublicUrl is { Length: > 0 } url)
        {
            lines.Add($"{url.TrimEnd('/')}/service-desk/tickets/{notice.TicketId}");
        }

        return (title.Length > 200 ? title[..200] : title, string.Join('\n', lines));
    }
}
