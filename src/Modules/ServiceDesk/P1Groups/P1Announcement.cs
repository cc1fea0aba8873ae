using System.Data.Common;
using System.Text.Json;
using Dapper;
using HospitalOps.Kernel.Events;
using HospitalOps.ServiceDesk.Contracts;
using HospitalOps.ServiceDesk.Tickets;

namespace HospitalOps.ServiceDesk.P1Groups;

/// <summary>
/// Announces a P1 ticket in the transaction that opens it, so the notification channels marked for P1 groups (a WeCom, DingTalk
/// or Feishu robot, or a webhook that creates the group) gather its people: the engineer, the collaborators, the reporter.
/// </summary>
internal static class P1Announcement
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task PublishAsync(DbConnection connection, DbTransaction tx, long ticketId, CancellationToken ct)
    {
        var ticket = (await TicketRecord.ByIdAsync(connection, tx, ticketId, ct))!;
        var cis = (await connection.QueryAsync<(string Code, string Name)>(new CommandDefinition(
            "SELECT ci_code, ci_name FROM sd_ticket_cis WHERE ticket_id = @ticketId ORDER BY ci_code", new { ticketId }, tx, cancellationToken: ct)))
            .Select(c => new P1Ci(c.Code, c.Name)).ToList();
        var collaborators = await TicketCollaborators.OfAsync(connection, tx, ticketId, ct);
        var payload = new P1Opened(ticket.Id, ticket.Number, ticket.Title, ticket.BusinessSystemName, cis, ticket.Assignee, collaborators.ToList(),
            ticket.ReporterUser ?? ticket.ReporterName, ticket.OpenedAt);
        await ModuleEvents.PublishAsync(connection, tx, ServiceDeskEvents.P1Opened, JsonSerializer.Serialize(payload, Json), ticket.OpenedAt, ct);
    }
}
