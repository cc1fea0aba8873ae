using System.Globalization;
using System.Text.Json;
using Dapper;
using HospitalOps.Alerting.Notifications.Channels;
using HospitalOps.Alerting.Notifications.Messages;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Events;
using HospitalOps.Kernel.Security;
using HospitalOps.ServiceDesk.Contracts;

namespace HospitalOps.Alerting.Notifications.Delivery;

/// <summary>
/// Gathers the people of a P1 ticket: every enabled channel marked for P1 groups gets one message through the notification
/// outbox (same retries, rate limits and delivery log as alerts). A webhook receives a create-group request as JSON (group
/// name, members with their phones, the ticket, its CIs and business system) for the hospital's own WeCom/DingTalk
/// integration to create the group; a robot posts the ticket into its group and @-mentions the members by mobile.
/// </summary>
internal sealed class P1GroupDelivery(Databases databases, IUserDirectory users, TimeProvider clock, AlertingOptions options) : IModuleEventSubscriber
{
    public const string Kind = "p1-group";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly JsonSerializerOptions WebhookJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string Name => "alerting.p1-groups";

    public IReadOnlyCollection<string> Topics { get; } = [ServiceDeskEvents.P1Opened];

    public async Task HandleAsync(ModuleEvent moduleEvent, CancellationToken ct)
    {
        var ticket = JsonSerializer.Deserialize<P1Opened>(moduleEvent.Payload, Json) ?? throw new InvalidOperationException("empty P1 announcement");
        await using var connection = await databases.Config.OpenAsync(ct);
        var channels = (await connection.QueryAsync<ChannelRow>(new CommandDefinition(
            $"SELECT {ChannelRow.Columns} FROM notification_channels WHERE enabled = @yes", new { yes = true }, cancellationToken: ct)))
            .Where(c => c.SettingsValue.P1Groups == true).ToList();
        if (channels.Count == 0)
        {
            return;
        }

        var names = new[] { ticket.Assignee, ticket.Reporter }.OfType<string>().Concat(ticket.Collaborators).Distinct(StringComparer.Ordinal).ToList();
        var contacts = await users.ContactsAsync(names, ct);
        var members = names.Select(n => contacts.GetValueOrDefault(n)).OfType<UserContact>().Where(p => !p.Disabled).ToList();
        var now = UnixMs.Now(clock);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        foreach (var channel in channels)
        {
            if (ChannelType.Find(channel.Type) is not { } type)
            {
                continue;
            }

            var recipients = type.Code == ChannelType.Webhook
                ? members.Select(m => m.UserName).ToList()
                : members.Select(p => NotificationPlanner.Address(type, p)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            var (title, body) = Render(type, channel.SettingsValue, channel.Language, ticket, members, options);
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO notification_outbox (idempotency_key, event_id, channel_id, route_id, kind, recipients, title, body, state, attempts, next_attempt_at, created_at)
                VALUES (@key, NULL, @channel, NULL, @kind, @recipients, @title, @body, 'pending', 0, @now, @now)
                ON CONFLICT (idempotency_key) DO NOTHING
                """,
                new { key = $"p1-group:{ticket.TicketId}:channel:{channel.Id}", channel = channel.Id, kind = Kind, recipients = JsonSerializer.Serialize(recipients), title, body, now },
                tx, cancellationToken: ct));
        }

        await tx.CommitAsync(ct);
    }

    /// <summary>The group's name is the ticket's number and title; a webhook gets the fields as JSON, a robot readable lines.</summary>
    internal static (string Title, string Body) Render(ChannelType type, ChannelSettings settings, string language, P1Opened ticket, IReadOnlyList<UserContact> members,
        AlertingOptions options)
    {
        var english = language.StartsWith("en", StringComparison.OrdinalIgnoreCase);
        var title = Utf8Text.Truncate($"[P1] {ticket.Number} {ticket.Title}", type.TitleBytes);
        var link = options.PublicUrl is { Length: > 0 } url ? $"{url.TrimEnd('/')}/service-desk/tickets/{ticket.TicketId}" : null;
        var opened = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(ticket.At), options.Zone);
        if (type.Code == ChannelType.Webhook)
        {
            return (title, JsonSerializer.Serialize(new
            {
                action = "create_group",
                groupName = Utf8Text.Truncate($"P1 {ticket.Number} {ticket.Title}", 120),
                ticket = new { id = ticket.TicketId, number = ticket.Number, title = ticket.Title, priority = 1, openedAt = opened, link },
                businessSystem = ticket.BusinessSystem,
                cis = ticket.Cis.Select(c => new { code = c.Code, name = c.Name }),
                assignee = ticket.Assignee,
                collaborators = ticket.Collaborators,
                reporter = ticket.Reporter,
                members = members.Select(m => new { userName = m.UserName, name = m.DisplayName, phone = m.Phone, email = m.Email }),
            }, WebhookJson));
        }

        var lines = new List<string>
        {
            english ? "P1 ticket opened: please join and coordinate here" : "P1 工单已创建，请相关人员在此协同处置",
            $"{(english ? "Ticket" : "工单")}: {ticket.Number} {ticket.Title}",
        };
        if (ticket.BusinessSystem is { Length: > 0 } system)
        {
            lines.Add($"{(english ? "Business system" : "业务系统")}: {system}");
        }

        if (ticket.Cis.Count > 0)
        {
            lines.Add($"{(english ? "CI" : "配置项")}: {string.Join(english ? ", " : "、", ticket.Cis.Select(c => $"{c.Name} ({c.Code})"))}");
        }

        string Name(string user) => members.FirstOrDefault(m => m.UserName == user)?.DisplayName ?? user;
        lines.Add($"{(english ? "Assignee" : "处理人")}: {(ticket.Assignee is { } a ? Name(a) : english ? "not assigned yet" : "待派单")}");
        if (ticket.Collaborators.Count > 0)
        {
            lines.Add($"{(english ? "Collaborators" : "协作人")}: {string.Join(english ? ", " : "、", ticket.Collaborators.Select(Name))}");
        }

        lines.Add($"{(english ? "Opened" : "创建时间")}: {opened.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}");
        if (link is not null)
        {
            lines.Add(link);
        }

        return (title, Utf8Text.Truncate(string.Join('\n', lines), type.BodyBytesFor(settings.MessageType)));
    }
}
