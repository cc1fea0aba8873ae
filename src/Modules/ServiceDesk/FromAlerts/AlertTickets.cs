using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using HospitalOps.Alerting.Contracts;
using HospitalOps.Cmdb.Contracts;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Events;
using HospitalOps.Kernel.Security;
using HospitalOps.Monitoring.Contracts;
using HospitalOps.ServiceDesk.Tickets;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.ServiceDesk.FromAlerts;

/// <summary>
/// Alert events become tickets (事态): one ticket per event group, opened when an event reaches people on its own, with the CI,
/// its most critical business system, the signal and its value, and who maintains it from the CMDB (people, teams, vendors with
/// their phones); assigned to the first maintainer who has an account here. An event attached to it later (a CI down because of
/// the ticket's CI) brings that CI's maintainers in as collaborators, so the application team works beside the DBA whose
/// database took their system down. Resolution and escalation are written on the ticket's timeline; the engineer still records
/// what was done. Events in a maintenance window never reach people, so they open no ticket.
/// </summary>
internal sealed class AlertTickets(Databases databases, TicketCreation creation, IServiceScopeFactory scopes, IUserDirectory users, TimeProvider clock) : IModuleEventBatchSubscriber
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "service-desk.alert-tickets";

    public IReadOnlyCollection<string> Topics { get; } = [AlertingEvents.EventNotice];

    /// <summary>
    /// Notices taken in one transaction. Small enough that the write lock is never held long (alert ingestion waits for it), large
    /// enough that a storm costs a commit per batch, not per alert.
    /// </summary>
    public int MaxBatch => 25;

    public static string SourceOf(long eventId) => $"alert:{eventId}";

    public Task HandleAsync(ModuleEvent moduleEvent, CancellationToken ct) => HandleBatchAsync([moduleEvent], ct);

    public async Task HandleBatchAsync(IReadOnlyList<ModuleEvent> moduleEvents, CancellationToken ct)
    {
        var notices = moduleEvents.Select(e => JsonSerializer.Deserialize<AlertEventNotice>(e.Payload, Json) ?? throw new InvalidOperationException("empty alert notice")).ToList();
        await using var scope = scopes.CreateAsyncScope();
        var cmdb = scope.ServiceProvider.GetRequiredService<ICmdbDirectory>();

        // What the CMDB and the user directory know of the batch's CIs, read once and before the write transaction.
        var codes = notices.Where(n => n.Change is AlertingEvents.Opened or AlertingEvents.Attached).Select(n => n.CiCode).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var cis = codes.Count == 0 ? new Dictionary<string, CiFacts>() : await cmdb.FactsByCodeAsync(codes, ct);
        var maintainers = cis.Count == 0 ? new Dictionary<long, IReadOnlyList<CiMaintainer>>() : await cmdb.MaintainersAsync(cis.Values.Select(c => c.Id).ToList(), ct);
        var accounts = await AccountsAsync(maintainers.Values.SelectMany(m => m).ToList(), ct);
        CiFacts? CiOf(AlertEventNotice n) => n.CiCode is { } code ? cis.GetValueOrDefault(code) : null;
        IReadOnlyList<CiMaintainer> MaintainersOf(CiFacts? ci) => ci is null ? [] : maintainers.GetValueOrDefault(ci.Id) ?? [];
        var snapshots = await SnapshotsAsync(notices, scope.ServiceProvider.GetService<IMetricQueries>(), ct);

        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        foreach (var notice in notices)
        {
            var ci = CiOf(notice);
            switch (notice.Change)
            {
                case AlertingEvents.Opened:
                    await OpenAsync(connection, tx, notice, ci, MaintainersOf(ci), accounts, snapshots.GetValueOrDefault(notice.EventId), cmdb, ct);
                    break;
                case AlertingEvents.Attached when notice.RootEventId is { } root:
                    await AttachAsync(connection, tx, notice, root, ci, MaintainersOf(ci), accounts, ct);
                    break;
                case AlertingEvents.Resolved:
                    await NoteAsync(connection, tx, notice.EventId, notice.At, "resolved", notice.Title, ct);
                    break;
                case AlertingEvents.Escalated:
                    await NoteAsync(connection, tx, notice.EventId, notice.At, "escalated", notice.Detail, ct);
                    break;
            }
        }

        await tx.CommitAsync(ct);
        TicketChanges.Signal();
    }

    /// <summary>
    /// A ticket for an event that reached people on its own — unless its CI already has an open alert ticket: then the signal is
    /// added to that one, so a failing server's CPU, disk and service alerts are one piece of work, and a storm over thousands of
    /// CIs opens a ticket per CI rather than per alert.
    /// </summary>
    private async Task OpenAsync(
        DbConnection connection, DbTransaction tx, AlertEventNotice notice, CiFacts? ci, IReadOnlyList<CiMaintainer> maintainers, HashSet<string> accounts,
        MetricSnapshot.Taken? snapshot, ICmdbDirectory cmdb, CancellationToken ct)
    {
        // At least once: a delivery handed over again finds its ticket and changes nothing.
        if (await TicketOfEventAsync(connection, tx, notice.EventId, ct) is not null)
        {
            return;
        }

        var at = notice.At.ToUnixTimeMilliseconds();
        if (notice.CiCode is { } code && await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                """
                SELECT a.ticket_id FROM sd_ticket_alerts a JOIN sd_tickets t ON t.id = a.ticket_id
                WHERE a.ci_code = @code AND t.state_category IN ('new', 'open', 'waiting') ORDER BY a.ticket_id DESC LIMIT 1
                """, new { code }, tx, cancellationToken: ct)) is { } openTicket)
        {
            await RecordEventAsync(connection, tx, notice.EventId, openTicket, code, at, ct);
            await TicketLog.AddAsync(connection, tx, openTicket, at, TicketLog.AlertUpdate, "alerting", null, null, $"signal:{notice.EventId}:{notice.Severity}:{notice.Title}", ct);
            await connection.ExecuteAsync(new CommandDefinition("UPDATE sd_tickets SET updated_at = @now WHERE id = @openTicket", new { now = UnixMs.Now(clock), openTicket }, tx, cancellationToken: ct));
            if (snapshot is not null)
            {
                await MetricSnapshot.SaveAsync(connection, tx, openTicket, snapshot, ct);
            }

            return;
        }

        var assignee = maintainers.Where(m => m.Via is null).Concat(maintainers).Select(m => m.UserName).FirstOrDefault(u => u is not null && accounts.Contains(u));
        var team = maintainers.FirstOrDefault(m => m.Type == "team")?.Name;
        var (impact, urgency) = notice.Severity switch
        {
            "critical" => (1, 1),
            "major" => (2, 1),
            "minor" => (2, 2),
            _ => (3, 3),
        };

        var fields = new Dictionary<string, string>();
        var ticketId = await creation.CreateAsync(connection, tx, new NewTicket(
            "event", Truncate(notice.Title, CreateTicket.MaxTitle), Describe(notice, ci, maintainers), "alert", impact, urgency, null, ci is null ? [] : [ci.Id],
            null, "告警 / Alerting", null, assignee, team, fields, SourceOf(notice.EventId), null, false, []),
            TicketActor.System("alerting"), cmdb, ct);
        await RecordEventAsync(connection, tx, notice.EventId, ticketId, notice.CiCode, at, ct);
        if (snapshot is not null)
        {
            await MetricSnapshot.SaveAsync(connection, tx, ticketId, snapshot, ct);
        }
    }

    /// <summary>The charts of the batch's new signals, taken before the write transaction so that no query holds the write lock.</summary>
    private async Task<Dictionary<long, MetricSnapshot.Taken>> SnapshotsAsync(IReadOnlyList<AlertEventNotice> notices, IMetricQueries? queries, CancellationToken ct)
    {
        var taken = new Dictionary<long, MetricSnapshot.Taken>();
        if (queries is null)
        {
            return taken;
        }

        foreach (var notice in notices.Where(n => n.Change == AlertingEvents.Opened && !string.IsNullOrWhiteSpace(n.ChartQuery)))
        {
            taken[notice.EventId] = await MetricSnapshot.TakeAsync(queries, notice.EventId, notice.ChartQuery!, notice.FirstSeen, clock.GetUtcNow(), ct);
        }

        return taken;
    }

    private async Task AttachAsync(
        DbConnection connection, DbTransaction tx, AlertEventNotice notice, long rootEventId, CiFacts? ci, IReadOnlyList<CiMaintainer> maintainers, HashSet<string> accounts, CancellationToken ct)
    {
        var ticketId = await TicketOfEventAsync(connection, tx, rootEventId, ct);
        if (ticketId is null || await TicketOfEventAsync(connection, tx, notice.EventId, ct) is not null)
        {
            return;
        }

        var ticket = ticketId.Value;
        var assignee = await connection.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT assignee FROM sd_tickets WHERE id = @ticket", new { ticket }, tx, cancellationToken: ct));
        var at = notice.At.ToUnixTimeMilliseconds();
        await RecordEventAsync(connection, tx, notice.EventId, ticket, notice.CiCode, at, ct);
        await TicketLog.AddAsync(connection, tx, ticket, at, TicketLog.AlertUpdate, "alerting", null, null, $"attached:{notice.EventId}:{notice.Title}", ct);
        var reason = ci is null ? "受影响的事态" : $"受影响：{ci.Name}";
        foreach (var user in maintainers.Select(m => m.UserName).OfType<string>().Where(accounts.Contains).Distinct().Where(u => u != assignee))
        {
            await TicketCollaborators.AddAsync(connection, tx, ticket, user, reason, at, "alerting", ct);
        }

        if (ci is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO sd_ticket_cis (ticket_id, ci_id, ci_code, ci_name) VALUES (@ticket, @ci, @Code, @Name) ON CONFLICT (ticket_id, ci_id) DO NOTHING",
                new { ticket, ci = ci.Id, ci.Code, ci.Name }, tx, cancellationToken: ct));
            await TicketSearch.WriteAsync(connection, tx, ticket, ct);
        }
    }

    private async Task NoteAsync(DbConnection connection, DbTransaction tx, long eventId, DateTimeOffset at, string what, string? detail, CancellationToken ct)
    {
        if (await TicketOfEventAsync(connection, tx, eventId, ct) is not { } ticketId)
        {
            return;
        }

        var text = $"{what}:{eventId}:{detail}";
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM sd_ticket_log WHERE ticket_id = @ticketId AND kind = @kind AND at = @at AND detail = @text",
                new { ticketId, kind = TicketLog.AlertUpdate, at = at.ToUnixTimeMilliseconds(), text }, tx, cancellationToken: ct)) == 0)
        {
            await TicketLog.AddAsync(connection, tx, ticketId, at.ToUnixTimeMilliseconds(), TicketLog.AlertUpdate, "alerting", null, null, text, ct);
            await connection.ExecuteAsync(new CommandDefinition("UPDATE sd_tickets SET updated_at = @now WHERE id = @ticketId", new { now = UnixMs.Now(clock), ticketId }, tx, cancellationToken: ct));
        }
    }

    /// <summary>The ticket an alert event went to: the one it opened, or the one it was added to.</summary>
    private static Task<long?> TicketOfEventAsync(DbConnection connection, DbTransaction tx, long eventId, CancellationToken ct) =>
        connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT ticket_id FROM sd_ticket_alerts WHERE event_id = @eventId", new { eventId }, tx, cancellationToken: ct));

    private static Task RecordEventAsync(DbConnection connection, DbTransaction tx, long eventId, long ticketId, string? ciCode, long at, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO sd_ticket_alerts (event_id, ticket_id, ci_code, at) VALUES (@eventId, @ticketId, @ciCode, @at)", new { eventId, ticketId, ciCode, at }, tx, cancellationToken: ct));

    private async Task<HashSet<string>> AccountsAsync(IReadOnlyList<CiMaintainer> maintainers, CancellationToken ct)
    {
        var names = maintainers.Select(m => m.UserName).OfType<string>().Distinct().ToList();
        var found = names.Count == 0 ? new Dictionary<string, UserContact>() : await users.ContactsAsync(names, ct);
        return found.Values.Where(c => !c.Disabled).Select(c => c.UserName).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The ticket's description: the signal, the CI, and whom to call (maintainers and vendor hotlines), as the engineer needs them on the phone.</summary>
    private static string Describe(AlertEventNotice notice, CiFacts? ci, IReadOnlyList<CiMaintainer> maintainers)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"告警事态 #{notice.EventId}：{notice.Title}");
        text.AppendLine(CultureInfo.InvariantCulture, $"严重级别：{notice.Severity}");
        text.AppendLine(CultureInfo.InvariantCulture, $"首次发生：{TimeZoneInfo.ConvertTime(notice.FirstSeen, Sla.BusinessCalendar.DefaultZone):yyyy-MM-dd HH:mm:ss}");
        if (notice.Value is { } value)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"当前值：{value.ToString("G6", CultureInfo.InvariantCulture)}");
        }

        if (ci is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"配置项：{ci.Name}（{ci.Code}，{ci.Type}）");
            if (ci.BusinessSystems.Count > 0)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"业务系统：{string.Join("、", ci.BusinessSystems.Select(b => b.Name))}");
            }
        }

        if (notice.ChartQuery is { } query)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"监控指标：{query}");
        }

        foreach (var m in maintainers)
        {
            var reach = string.Join(" ", new[] { m.Phone, m.Hotline is { } h ? $"热线 {h}" : null, m.Email }.Where(x => !string.IsNullOrWhiteSpace(x)));
            var contact = m.Contact is { } c ? $"（{c}）" : "";
            text.AppendLine($"维护方：{m.Name}{contact} {reach}".TrimEnd());
        }

        var labels = string.Join(", ", notice.Labels.Where(l => l.Key is not ("ci" or "severity")).OrderBy(l => l.Key).Select(l => $"{l.Key}={l.Value}"));
        if (labels.Length > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"标签：{labels}");
        }

        return Truncate(text.ToString().TrimEnd(), CreateTicket.MaxDescription);
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
