using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using HospitalOps.Kernel.Events;
using HospitalOps.ServiceDesk.Contracts;

namespace HospitalOps.ServiceDesk.Tickets;

/// <summary>Publishes what other modules act on, in the transaction of the ticket change (notices to people; approved changes).</summary>
internal static class TicketNotices
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task PublishAsync(DbConnection connection, DbTransaction tx, TicketRecord ticket, string transition, IReadOnlyList<string> to, long at, CancellationToken ct) =>
        ModuleEvents.PublishAsync(connection, tx, ServiceDeskEvents.TicketNotice,
            JsonSerializer.Serialize(new TicketNotice(ticket.Id, ticket.Number, ticket.Title, ticket.Priority, transition, to, at), Json), at, ct);

    public static async Task PublishChangeApprovedAsync(DbConnection connection, DbTransaction tx, TicketRecord ticket, long at, CancellationToken ct)
    {
        var cis = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT ci_code FROM sd_ticket_cis WHERE ticket_id = @Id ORDER BY ci_code", new { ticket.Id }, tx, cancellationToken: ct))).ToList();
        var fields = ticket.Fields;
        await ModuleEvents.PublishAsync(connection, tx, ServiceDeskEvents.ChangeApproved,
            JsonSerializer.Serialize(new ChangeApproved(ticket.Id, ticket.Number, ticket.Title, cis, Time(fields.GetValueOrDefault("plannedStart")), Time(fields.GetValueOrDefault("plannedEnd"))), Json),
            at, ct);
    }

    private static DateTimeOffset? Time(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;
}
