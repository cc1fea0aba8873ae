using System.Data.Common;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using HospitalOps.ServiceDesk.Tickets;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.ServiceDesk.Plans;

/// <summary>A step of the plan a ticket follows, ticked off by whoever did it.</summary>
public sealed record ChecklistStepDto(int Index, string Text, string? DoneBy, DateTimeOffset? DoneAt);

/// <summary>Ticks a step of the ticket's plan (or un-ticks it, when ticked by mistake).</summary>
public sealed record TickStepRequest(bool Done);

internal static class TicketChecklist
{
    public static async Task<List<ChecklistStepDto>> OfAsync(DbConnection connection, long ticketId, CancellationToken ct) =>
        (await connection.QueryAsync<(long Index, string Text, string? DoneBy, long? DoneAt)>(new CommandDefinition(
            "SELECT step_index, text, done_by, done_at FROM sd_ticket_checklist WHERE ticket_id = @ticketId ORDER BY step_index", new { ticketId }, cancellationToken: ct)))
        .Select(r => new ChecklistStepDto((int)r.Index, r.Text, r.DoneBy, UnixMs.ToTime(r.DoneAt))).ToList();

    internal static async Task<IResult> TickEndpoint(long id, int index, TickStepRequest request, HttpContext context, Databases databases, TimeProvider clock, CancellationToken ct)
    {
        var user = CurrentUser.Of(context).UserName;
        var at = UnixMs.Now(clock);
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var category = await connection.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT state_category FROM sd_tickets WHERE id = @id", new { id }, tx, cancellationToken: ct))
            ?? throw AppProblem.NotFound();
        if (category == "closed")
        {
            throw AppProblem.Conflict("ticket_closed");
        }

        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE sd_ticket_checklist SET done_by = @doneBy, done_at = @doneAt WHERE ticket_id = @id AND step_index = @index",
            new { doneBy = request.Done ? user : null, doneAt = request.Done ? at : (long?)null, id, index }, tx, cancellationToken: ct));
        if (changed == 0)
        {
            throw AppProblem.NotFound();
        }

        await TicketLog.AddAsync(connection, tx, id, at, TicketLog.StepDone, user, null, null, $"{(request.Done ? "done" : "undone")}:{index + 1}", ct);
        await connection.ExecuteAsync(new CommandDefinition("UPDATE sd_tickets SET updated_at = @at WHERE id = @id", new { at, id }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        TicketChanges.Signal();
        return Results.Ok(await OfAsync(connection, id, ct));
    }
}
