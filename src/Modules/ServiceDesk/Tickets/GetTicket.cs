using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.ServiceDesk.Tickets;

/// <summary>An entry of a ticket's timeline.</summary>
public sealed record TicketLogEntryDto(long Id, DateTimeOffset At, string Kind, string? Actor, string? FromState, string? ToState, string? Detail);

internal static class GetTicket
{
    internal static async Task<IResult> Endpoint(long id, HttpContext context, TicketReader reader, CancellationToken ct) =>
        Results.Ok(await reader.DetailAsync(id, TicketActor.Of(CurrentUser.Of(context)), ct));

    internal static async Task<IResult> TimelineEndpoint(long id, Databases databases, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await TicketComments.EnsureTicketAsync(connection, id, ct);
        var rows = await connection.QueryAsync<(long Id, long At, string Kind, string? Actor, string? FromState, string? ToState, string? Detail)>(new CommandDefinition(
            "SELECT id, at, kind, actor, from_state, to_state, detail FROM sd_ticket_log WHERE ticket_id = @id ORDER BY at, id", new { id }, cancellationToken: ct));
        // A comment's line on the timeline is its words; the comment itself, formatted, is in the discussion.
        return Results.Ok(rows.Select(r => new TicketLogEntryDto(r.Id, UnixMs.ToTime(r.At), r.Kind, r.Actor, r.FromState, r.ToState,
            r.Kind == TicketLog.Commented ? RichText.SafeMarkdown.ToPlainLine(r.Detail) : r.Detail)).ToList());
    }
}
