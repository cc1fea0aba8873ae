using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using HospitalOps.Knowledge.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.ServiceDesk.Tickets;

/// <summary>The draft article made from a ticket, to open in the knowledge editor.</summary>
public sealed record KnowledgeDraftDto(long ArticleId);

/// <summary>
/// Turns a resolved ticket into a knowledge draft in one click: its description as the symptom, its root cause and resolution
/// as cause and solution. The draft goes through review like any other; the ticket's timeline records it.
/// </summary>
internal static class DraftKnowledge
{
    internal static async Task<IResult> Endpoint(long id, HttpContext context, Databases databases, IServiceScopeFactory scopes, TimeProvider clock, CancellationToken ct)
    {
        var user = CurrentUser.Of(context);
        TicketRecord ticket;
        await using (var connection = await databases.Config.OpenAsync(ct))
        {
            ticket = await TicketRecord.ByIdAsync(connection, null, id, ct) ?? throw AppProblem.NotFound();
        }

        if (ticket.StateCategory is not ("resolved" or "closed"))
        {
            throw AppProblem.Conflict("ticket_not_resolved");
        }

        await using var scope = scopes.CreateAsyncScope();
        var drafts = scope.ServiceProvider.GetService<IKnowledgeDrafts>() ?? throw AppProblem.Conflict("knowledge_unavailable");
        var fields = ticket.Fields;
        long articleId;
        try
        {
            articleId = await drafts.DraftFromAsync($"ticket:{ticket.Id}", ticket.Title, string.IsNullOrWhiteSpace(ticket.Description) ? ticket.Title : ticket.Description,
                fields.GetValueOrDefault("rootCause"), fields.GetValueOrDefault("resolution"), user.UserId, ct);
        }
        catch (ArgumentException)
        {
            throw AppProblem.Conflict("ticket_draft_refused");
        }

        await using (var connection = await databases.Config.OpenAsync(ct))
        await using (var tx = await Database.BeginWriteAsync(connection, ct))
        {
            await TicketLog.AddAsync(connection, tx, id, UnixMs.Now(clock), TicketLog.KnowledgeDrafted, user.UserName, null, null, articleId.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
            await tx.CommitAsync(ct);
        }

        return Results.Created($"/api/v1/knowledge/articles/{articleId}", new KnowledgeDraftDto(articleId));
    }
}
