using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using HospitalOps.Alerting.Contracts;
using HospitalOps.Cmdb.Contracts;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Events;
using HospitalOps.Kernel.Security;
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
internal sealed class AlertTickets(Databases databases, TicketCreation creation, IServiceScopeFactory scopes, IUserDirectory users, TimeProvider clock) : IModuleEventSubscriber
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "service-desk.alert-tickets";

    public IReadOnlyCollection<string> Topics { get; } = [AlertingEvents.EventNotice];

    public static string SourceOf(long eventId) => $"alert:{eventId}";

    public async Task HandleAsync(ModuleEvent moduleEvent, CancellationToken ct)
    {
        var notice = JsonSerializer.Deserialize<AlertEventNotice>(moduleEvent.Payload, Json) ?? throw new InvalidOperationException("empty alert notice");
        await using var scope = scopes.CreateAsyncScope();
        var cmdb = scope.ServiceProvider.GetRequiredService<ICmdbDirectory>();
        switch (notice.Change)
        {
            case AlertingEvents.Opened:
                await OpenAsync(notice, cmdb, ct);
                break;
            case AlertingEvents.Attached when notice.RootEventId is { } root:
                await AttachAsync(notice, root, cmdb, ct);
                break;
            case AlertingEvents.Resolved:
                await NoteAsync(notice.EventId, notice.At, "resolved", notice.Title, ct);
                break;
            case AlertingEvents.Escalated:
                await NoteAsync(notice.EventId, notice.At, "escalated", notice.Detail, ct);
                break;
        }
    }

    private async Task OpenAsync(AlertEventNotice notice, ICmdbDirectory cmdb, CancellationToken ct)
    {
        var ci = notice.CiCode is { } code ? (await cmdb.FactsByCodeAsync([code], ct)).GetValueOrDefault(code) : null;
        var maintainers = ci is null ? [] : (await cmdb.MaintainersAsync([ci.Id], ct)).GetValueOrDefault(ci.Id) ?? [];
        var accounts = await AccountsAsync(maintainers, ct);
        var assignee = maintainers.Where(m => m.Via is null).Concat(maintainers).Select(m => m.UserName).FirstOrDefault(u => u is not null && accounts.Contains(u));
        var team = maintainers.FirstOrDefault(m => m.Type == "team")?.Name;
        var (impact, urgency) = notice.Severity switch
        {
            "critical" => (1, 1),
            "major" => (2, 1),
            "minor" => (2, 2),
            _ => (3, 3),
        };

        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        // At least once: a delivery handed over again finds its ticket and changes nothing.
        if (await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT id FROM sd_tickets WHERE source = @source", new { source = SourceOf(notice.EventId) }, tx, cancellationToken: ct)) is not null)
        {
            return;
        }

        var fields = new Dictionary<string, string>();
        await creation.CreateAsync(connection, tx, new NewTicket(
            "event", Truncate(notice.Title, CreateTicket.MaxTitle), Describe(notice, ci, maintainers), "alert", impact, urgency, null, ci is null ? [] : [ci.Id],
            null, "告警 / Alerting", null, assignee, team, fields, SourceOf(notice.EventId), null, false, []),
            TicketActor.System("alerting"), cmdb, ct);
        await tx.CommitAsync(ct);
        TicketChanges.Signal();
    }

    private async Task AttachAsync(AlertEventNotice notice, long rootEventId, ICmdbDirectory cmdb, CancellationToken ct)
    {
        var ci = notice.CiCode is { } code ? (await cmdb.FactsByCodeAsync([code], ct)).GetValueOrDefault(code) : null;
        var maintainers = ci is null ? [] : (await cmdb.MaintainersAsync([ci.Id], ct)).GetValueOrDefault(ci.Id) ?? [];
        var accounts = await AccountsAsync(maintainers, ct);
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var ticket = await connection.QuerySingleOrDefaultAsync<(long Id, string? Assignee)>(new CommandDefinition(
            "SELECT id, assignee FROM sd_tickets WHERE source = @source", new { source = SourceOf(rootEventId) }, tx, cancellationToken: ct));
        if (ticket.Id == 0)
        {
            return;
        }

        var at = notice.At.ToUnixTimeMilliseconds();
        var detail = $"attached:{notice.EventId}:{notice.Title}";
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM sd_ticket_log WHERE ticket_id = @Id AND kind = @kind AND detail = @detail", new { ticket.Id, kind = TicketLog.AlertUpdate, detail }, tx, cancellationToken: ct)) > 0)
        {
            return;
        }

        await TicketLog.AddAsync(connection, tx, ticket.Id, at, TicketLog.AlertUpdate, "alerting", null, null, detail, ct);
        var reason = ci is null ? "受影响的事态" : $"受影响：{ci.Name}";
        foreach (var user in maintainers.Select(m => m.UserName).OfType<string>().Where(accounts.Contains).Distinct().Where(u => u != ticket.Assignee))
        {
            await TicketCollaborators.AddAsync(connection, tx, ticket.Id, user, reason, at, "alerting", ct);
        }

        if (ci is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO sd_ticket_cis (ticket_id, ci_id, ci_code, ci_name) VALUES (@Id, @ci, @Code, @Name) ON CONFLICT (ticket_id, ci_id) DO NOTHING",
                new { ticket.Id, ci = ci.Id, ci.Code, ci.Name }, tx, cancellationToken: ct));
            await TicketSearch.WriteAsync(connection, tx, ticket.Id, ct);
        }

        await tx.CommitAsync(ct);
        TicketChanges.Signal();
    }

    private async Task NoteAsync(long eventId, DateTimeOffset at, string what, string? detail, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var ticketId = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT id FROM sd_tickets WHERE source = @source", new { source = SourceOf(eventId) }, tx, cancellationToken: ct));
        if (ticketId is null)
        {
            return;
        }

        var text = $"{what}:{eventId}:{detail}";
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM sd_ticket_log WHERE ticket_id = @ticketId AND kind = @kind AND at = @at AND detail = @text",
                new { ticketId, kind = TicketLog.AlertUpdate, at = at.ToUnixTimeMilliseconds(), text }, tx, cancellationToken: ct)) == 0)
        {
            await TicketLog.AddAsync(connection, tx, ticketId.Value, at.ToUnixTimeMilliseconds(), TicketLog.AlertUpdate, "alerting", null, null, text, ct);
            await connection.ExecuteAsync(new CommandDefinition("UPDATE sd_tickets SET updated_at = @now WHERE id = @ticketId", new { now = UnixMs.Now(clock), ticketId }, tx, cancellationToken: ct));
        }

        await tx.CommitAsync(ct);
        TicketChanges.Signal();
    }

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
