using System.Data.Common;
using Dapper;

namespace HospitalOps.ServiceDesk.Tickets;

/// <summary>The people working on a ticket beside its assignee (the database team on an application fault, someone @mentioned).</summary>
internal static class TicketCollaborators
{
    /// <summary>Adds a collaborator once, with why, and says so on the timeline; false when they already were one.</summary>
    public static async Task<bool> AddAsync(DbConnection connection, DbTransaction tx, long ticketId, string user, string? reason, long at, string? actor, CancellationToken ct)
    {
        var added = await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO sd_ticket_collaborators (ticket_id, user_name, reason) VALUES (@ticketId, @user, @reason) ON CONFLICT (ticket_id, user_name) DO NOTHING",
            new { ticketId, user, reason }, tx, cancellationToken: ct));
        if (added > 0)
        {
            await TicketLog.AddAsync(connection, tx, ticketId, at, TicketLog.CollaboratorAdded, actor, null, null, reason is null ? user : $"{user}: {reason}", ct);
        }

        return added > 0;
    }

    public static async Task<List<string>> OfAsync(DbConnection connection, DbTransaction? tx, long ticketId, CancellationToken ct) =>
        (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT user_name FROM sd_ticket_collaborators WHERE ticket_id = @ticketId ORDER BY user_name", new { ticketId }, tx, cancellationToken: ct))).ToList();
}
