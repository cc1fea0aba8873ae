using System.Text.Json;
using Dapper;
using HospitalOps.Alerting.Contracts;
using HospitalOps.Alerting.Events;
using HospitalOps.Alerting.Notifications.Channels;
using HospitalOps.Alerting.Notifications.Messages;
using HospitalOps.Alerting.Notifications.Routing;
using HospitalOps.Cmdb.Contracts;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Events;
using HospitalOps.Kernel.Security;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Alerting.Notifications.Delivery;

/// <summary>
/// Turns the pending notices of event timelines (an event opened, resolved, escalated) into messages in the outbox: the
/// routes decide the channels, each channel gets its message rendered in its language and cut to its limits. The outbox
/// rows and the notices' "done" mark are written in one transaction, and each row's idempotency key names the notice and
/// the channel, so planning twice (two nodes, a retry after a crash) never queues a message twice. An event whose CI is down
/// only because another CI's event says that CI is down is attached to that event instead (<see cref="EventCorrelation"/>).
/// </summary>
internal sealed class NotificationPlanner(Databases databases, IServiceScopeFactory scopes, IUserDirectory users, TimeProvider clock, AlertingOptions options)
{
    private const int Batch = 500;

    private static readonly JsonSerializerOptions AnnouncementJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private sealed record Notice
    {
        public long Id { get; init; }

        public long EventId { get; init; }

        public long At { get; init; }

        public string Kind { get; init; } = string.Empty;

        public string? Detail { get; init; }
    }

    private sealed record Sent
    {
        public long EventId { get; init; }

        public long ChannelId { get; init; }

        public long? RouteId { get; init; }

        public string Recipients { get; init; } = "[]";

        public IReadOnlyList<string> RecipientList => JsonSerializer.Deserialize<List<string>>(Recipients) ?? [];
    }

    /// <summary>Plans up to one batch of pending notices; returns how many messages were queued.</summary>
    public async Task<int> PlanPendingAsync(CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var notices = (await connection.QueryAsync<Notice>(new CommandDefinition(
            $"SELECT id AS Id, event_id AS EventId, at AS At, kind AS Kind, detail AS Detail FROM alert_event_log WHERE notice_pending = @yes ORDER BY id LIMIT {Batch}",
            new { yes = true }, cancellationToken: ct))).ToList();
        if (notices.Count == 0)
        {
            return 0;
        }

        var eventIds = notices.Select(n => n.EventId).Distinct().ToList();
        var events = (await connection.QueryAsync<AlertEventRow>(new CommandDefinition(
            $"SELECT {AlertEventRow.Columns} FROM alert_events WHERE id IN {SqlIn.List("id", eventIds, new DynamicParameters())}", cancellationToken: ct)))
            .ToDictionary(e => e.Id);
        var routes = (await connection.QueryAsync<NotificationRoute>(new CommandDefinition(
            $"SELECT {NotificationRoute.Columns} FROM notification_routes WHERE enabled = @yes", new { yes = true }, cancellationToken: ct))).ToList();
        var channels = (await connection.QueryAsync<ChannelRow>(new CommandDefinition(
            $"SELECT {ChannelRow.Columns} FROM notification_channels WHERE enabled = @yes", new { yes = true }, cancellationToken: ct))).ToDictionary(c => c.Id);
        var notified = (await connection.QueryAsync<Sent>(new CommandDefinition(
            $"SELECT event_id AS EventId, channel_id AS ChannelId, route_id AS RouteId, recipients AS Recipients FROM notification_outbox WHERE kind IN ('firing', 'escalated') AND event_id IN {SqlIn.List("e", eventIds, new DynamicParameters())}",
            cancellationToken: ct))).ToLookup(s => s.EventId);
        var runbooks = await RunbooksAsync(connection, events.Values, ct);
        await using var services = scopes.CreateAsyncScope();
        var cmdb = services.ServiceProvider.GetRequiredService<ICmdbDirectory>();
        var cis = await CisAsync(cmdb, events.Values, ct);
        var correlation = notices.Any(n => n.Kind == EventTimeline.Opened)
            ? await EventCorrelation.LoadAsync(connection, cmdb, ct)
            : null;
        var attached = new List<(long EventId, AlertEventRow Root, long At)>();
        var announced = new List<(string Payload, long At)>();
        var ruleIds = events.Values.Select(e => e.RuleId).OfType<long>().Distinct().ToList();
        var charts = ruleIds.Count == 0 ? new Dictionary<long, string>() : (await connection.QueryAsync<(long Id, string Expr)>(new CommandDefinition(
            $"SELECT id, expr FROM alert_rules WHERE id IN {SqlIn.List("r", ruleIds, new DynamicParameters())}", cancellationToken: ct))).ToDictionary(r => r.Id, r => r.Expr);

        var policies = notices.Any(n => n.Kind == EventTimeline.Escalated)
            ? (await connection.QueryAsync<Escalation.EscalationPolicyRow>(new CommandDefinition(
                $"SELECT {Escalation.EscalationPolicyRow.Columns} FROM escalation_policies", cancellationToken: ct))).ToDictionary(p => p.Id)
            : [];
        var duty = new OnDutyLookup(connection, users, options.Zone);

        var now = UnixMs.Now(clock);
        var rows = new List<object>();
        foreach (var notice in notices)
        {
            if (!events.TryGetValue(notice.EventId, out var evt))
            {
                continue;
            }

            var at = UnixMs.ToTime(notice.At);
            var ci = evt.CiCode is { } code ? cis.GetValueOrDefault(code) : null;
            // Where the message goes: channel, the route it follows, and the people it names.
            var targets = new List<(long ChannelId, long? RouteId, List<UserContact> People, IReadOnlyList<string> Earlier)>();
            if (notice.Kind == EventTimeline.Resolved)
            {
                // A resolution goes to whoever heard of the problem, unless their route asked to hear only about problems.
                var routeById = routes.ToDictionary(r => r.Id);
                targets.AddRange(notified[evt.Id]
                    .Where(s => s.RouteId is not { } route || !routeById.TryGetValue(route, out var r) || r.NotifyResolved)
                    .GroupBy(s => s.ChannelId)
                    .Select(g => (g.Key, g.First().RouteId, new List<UserContact>(), (IReadOnlyList<string>)g.SelectMany(s => s.RecipientList).Distinct(StringComparer.Ordinal).ToList())));
            }
            else if (notice.Kind == EventTimeline.Escalated)
            {
                var escalation = JsonSerializer.Deserialize<Escalation.EscalationNotice>(notice.Detail ?? "{}", Escalation.EscalationPolicyRow.Json);
                if (escalation is not null && policies.TryGetValue(escalation.PolicyId, out var policy) && escalation.Step < policy.StepList.Count)
                {
                    var step = policy.StepList[escalation.Step];
                    var people = await duty.PeopleAsync(step.Users ?? [], step.ScheduleId, at, ct);
                    targets.AddRange(step.Channels.Select(c => (c, (long?)escalation.RouteId, people, (IReadOnlyList<string>)[])));
                }
            }
            else if (correlation?.RootOf(evt, ci) is { } root)
            {
                attached.Add((evt.Id, root, notice.At));
            }

            else
            {
                var routed = new RoutedEvent(evt.Severity, Rules.AlertRuleRow.Parse(evt.Labels), ci);
                var local = TimeZoneInfo.ConvertTime(at, options.Zone);
                foreach (var route in RouteMatcher.Select(routes, routed, local))
                {
                    var people = await duty.PeopleAsync([], route.ScheduleId, at, ct);
                    targets.AddRange(route.ChannelList.Select(c => (c, (long?)route.Id, people, (IReadOnlyList<string>)[])));
                }
            }

            // Other modules (the service desk's tickets) hear of what people hear of: an event on its own, its attachment, resolution and escalation.
            var change = notice.Kind switch
            {
                EventTimeline.Resolved => AlertingEvents.Resolved,
                EventTimeline.Escalated => AlertingEvents.Escalated,
                _ => attached.Any(a => a.EventId == evt.Id) ? AlertingEvents.Attached : AlertingEvents.Opened,
            };
            announced.Add((JsonSerializer.Serialize(new AlertEventNotice(
                evt.Id, change, attached.FirstOrDefault(a => a.EventId == evt.Id).Root?.Id, evt.Title, evt.Severity, evt.CiCode, evt.Value, UnixMs.ToTime(evt.FirstSeen), at,
                Rules.AlertRuleRow.Parse(evt.Labels), evt.RuleId is { } chartRule ? charts.GetValueOrDefault(chartRule) : null, notice.Detail), AnnouncementJson), notice.At));

            var kind = notice.Kind switch
            {
                EventTimeline.Resolved => NotificationMessages.Resolved,
                EventTimeline.Escalated => NotificationMessages.Escalated,
                _ => NotificationMessages.Firing,
            };
            var facts = new EventFacts(evt.Id, kind, evt.Title, evt.Severity, evt.State, evt.Value, at, UnixMs.ToTime(evt.FirstSeen), evt.CiCode, ci,
                evt.RuleId is { } ruleId ? runbooks.GetValueOrDefault(ruleId) : null, Rules.AlertRuleRow.Parse(evt.Labels));
            foreach (var group in targets.GroupBy(t => t.ChannelId))
            {
                if (!channels.TryGetValue(group.Key, out var channel) || ChannelType.Find(channel.Type) is not { } type)
                {
                    continue;
                }

                var settings = channel.SettingsValue;
                var recipients = Recipients(type, settings)
                    .Concat(group.SelectMany(t => t.People).Select(p => Address(type, p)).OfType<string>())
                    .Concat(group.SelectMany(t => t.Earlier))
                    .Distinct(StringComparer.Ordinal).ToList();
                var message = NotificationMessages.Render(type, settings, channel.Language, facts, options.Zone, options.PublicUrl);
                rows.Add(new
                {
                    key = $"event:{evt.Id}:notice:{notice.Id}:channel:{group.Key}",
                    eventId = evt.Id,
                    channelId = group.Key,
                    routeId = group.First().RouteId,
                    kind,
                    recipients = JsonSerializer.Serialize(recipients),
                    title = message.Title,
                    body = message.Body,
                    now,
                });
            }
        }

        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var queued = 0;
        foreach (var row in rows)
        {
            queued += await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO notification_outbox (idempotency_key, event_id, channel_id, route_id, kind, recipients, title, body, state, attempts, next_attempt_at, created_at)
                VALUES (@key, @eventId, @channelId, @routeId, @kind, @recipients, @title, @body, 'pending', 0, @now, @now)
                ON CONFLICT (idempotency_key) DO NOTHING
                """,
                row, tx, cancellationToken: ct));
        }

        foreach (var (eventId, root, at) in attached)
        {
            await EventCorrelation.AttachAsync(connection, tx, eventId, root, at, ct);
        }

        foreach (var (payload, at) in announced)
        {
            await ModuleEvents.PublishAsync(connection, tx, AlertingEvents.EventNotice, payload, at, ct);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE alert_event_log SET notice_pending = @no WHERE id IN {SqlIn.List("id", notices.Select(n => n.Id).ToList(), new DynamicParameters())}",
            new { no = false }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return queued;
    }

    /// <summary>The channel's standing recipients: mailboxes for e-mail, mobile numbers for SMS; robots post to their group.</summary>
    internal static IReadOnlyList<string> Recipients(ChannelType type, ChannelSettings settings) => type.Code switch
    {
        ChannelType.Email => settings.To ?? [],
        ChannelType.AliyunSms or ChannelType.TencentSms => settings.Phones ?? [],
        _ => [],
    };

    /// <summary>How a channel reaches a person: their mailbox, their mobile for SMS, an @-mention by mobile in a robot group.</summary>
    internal static string? Address(ChannelType type, UserContact person) => person.Disabled ? null : type.Code switch
    {
        ChannelType.Email => person.Email,
        ChannelType.AliyunSms or ChannelType.TencentSms or ChannelType.WeCom or ChannelType.DingTalk => person.Phone,
        _ => null,
    };

    private static async Task<Dictionary<long, string>> RunbooksAsync(System.Data.Common.DbConnection connection, IEnumerable<AlertEventRow> events, CancellationToken ct)
    {
        var ruleIds = events.Select(e => e.RuleId).OfType<long>().Distinct().ToList();
        if (ruleIds.Count == 0)
        {
            return [];
        }

        return (await connection.QueryAsync<(long Id, string? Url)>(new CommandDefinition(
            $"SELECT id, runbook_url FROM alert_rules WHERE id IN {SqlIn.List("id", ruleIds, new DynamicParameters())}", cancellationToken: ct)))
            .Where(r => r.Url is { Length: > 0 }).ToDictionary(r => r.Id, r => r.Url!);
    }

    private static async Task<IReadOnlyDictionary<string, CiFacts>> CisAsync(ICmdbDirectory cmdb, IEnumerable<AlertEventRow> events, CancellationToken ct)
    {
        var codes = events.Select(e => e.CiCode).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return codes.Count == 0 ? new Dictionary<string, CiFacts>() : await cmdb.FactsByCodeAsync(codes, ct);
    }
}
