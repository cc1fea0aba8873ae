using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using HospitalOps.ServiceDesk.Tickets;
using HospitalOps.ServiceDesk.Workflows;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.ServiceDesk.Records;

/// <summary>
/// One action on several tickets picked in the list: <c>assign</c> (to <c>assignee</c>, through each ticket's dispatch step),
/// <c>comment</c> (the <c>comment</c> text), or <c>transition</c> (the step <c>transition</c>, with the fields, rating and comment
/// it asks for).
/// </summary>
public sealed record BulkTicketRequest(
    IReadOnlyList<long>? Ids,
    string? Action,
    string? Assignee,
    string? Comment,
    string? Transition,
    IReadOnlyDictionary<string, string>? Fields,
    int? Rating,
    string? RatingComment);

/// <summary>What became of one ticket: done, or refused with the reason (the same code and message the ticket's own page would get).</summary>
public sealed record BulkTicketOutcomeDto(long Id, string? Number, bool Ok, string? Code, string? Message, IReadOnlyDictionary<string, string>? FieldErrors);

public sealed record BulkTicketResultDto(int Succeeded, int Refused, IReadOnlyList<BulkTicketOutcomeDto> Results);

/// <summary>The steps each picked ticket offers the caller, so the list can offer those all of them share.</summary>
public sealed record BulkOfferedDto(long Id, string Number, IReadOnlyList<OfferedTransitionDto> Transitions);

public sealed record BulkOfferedRequest(IReadOnlyList<long>? Ids);

/// <summary>
/// Bulk actions of the ticket list. Each ticket goes through the same checks as on its own page (workflow state, roles,
/// conditions, required fields, dispatch permission) in a transaction of its own: a ticket is changed completely or not at all,
/// and one refusal does not stop the others. Bad input (no tickets, an unknown action or assignee) changes nothing.
/// </summary>
internal static class BulkTicketActions
{
    public const int MaxTickets = 200;

    internal static async Task<IResult> Endpoint(BulkTicketRequest request, HttpContext context, Databases databases, WorkflowCatalog workflows, TicketTransitions transitions,
        IUserDirectory users, TimeProvider clock, CancellationToken ct)
    {
        var ids = CheckedIds(request.Ids);
        var action = request.Action?.Trim();
        var comment = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim();
        if (comment is { Length: > TicketTransitions.MaxComment })
        {
            throw AppProblem.Invalid("comment", "too_long");
        }

        string? assignee = null;
        switch (action)
        {
            case "assign":
                assignee = string.IsNullOrWhiteSpace(request.Assignee) ? throw AppProblem.Invalid("assignee", "required")
                    : await TicketUsers.CheckedAsync(users, request.Assignee.Trim(), "assignee", ct);
                break;
            case "comment":
                if (comment is null)
                {
                    throw AppProblem.Invalid("comment", "required");
                }

                if (TicketComments.MentionsIn(comment).Count > 20)
                {
                    throw AppProblem.Invalid("comment", "ticket_too_many_mentions");
                }

                break;
            case "transition":
                if (string.IsNullOrWhiteSpace(request.Transition))
                {
                    throw AppProblem.Invalid("transition", "required");
                }

                break;
            default:
                throw AppProblem.Invalid("action", "ticket_bulk_unknown_action");
        }

        var user = CurrentUser.Of(context);
        var actor = TicketActor.Of(user);
        var language = RequestLanguage.Of(context);
        var mentions = action == "comment" ? await ExistingMentionsAsync(users, comment!, ct) : [];
        var results = new List<BulkTicketOutcomeDto>(ids.Count);
        await using var connection = await databases.Config.OpenAsync(ct);
        foreach (var id in ids)
        {
            string? number = null;
            try
            {
                await using var tx = await Database.BeginWriteAsync(connection, ct);
                var ticket = await TicketRecord.ByIdAsync(connection, tx, id, ct) ?? throw AppProblem.NotFound();
                number = ticket.Number;
                switch (action)
                {
                    case "assign":
                        var definition = await workflows.VersionAsync(connection, tx, ticket.WorkflowId, ticket.WorkflowVersion, ct);
                        var step = DispatchStep(definition, ticket) ?? throw new AppProblem(409, "ticket_bulk_no_assign_step");
                        await transitions.ApplyInAsync(connection, tx, id, step.Key,
                            new TransitionTicketRequest(ticket.Version, null, assignee, null, null, comment, null), assignee, actor, ct);
                        break;
                    case "comment":
                        await AddCommentAsync(connection, tx, ticket, user.UserName, comment!, mentions, UnixMs.Now(clock), ct);
                        break;
                    default:
                        await transitions.ApplyInAsync(connection, tx, id, request.Transition!.Trim(),
                            new TransitionTicketRequest(ticket.Version, request.Fields, null, request.Rating, request.RatingComment, comment, null), null, actor, ct);
                        break;
                }

                await tx.CommitAsync(ct);
                results.Add(new BulkTicketOutcomeDto(id, number, true, null, null, null));
            }
            catch (AppProblem problem)
            {
                results.Add(new BulkTicketOutcomeDto(id, number, false, problem.Code, ErrorCatalog.Message(problem.Code, language, problem.Args), problem.FieldErrors));
            }
        }

        if (results.Any(r => r.Ok))
        {
            TicketChanges.Signal();
        }

        return Results.Ok(new BulkTicketResultDto(results.Count(r => r.Ok), results.Count(r => !r.Ok), results));
    }

    internal static async Task<IResult> OfferedEndpoint(BulkOfferedRequest request, HttpContext context, Databases databases, WorkflowCatalog workflows, CancellationToken ct)
    {
        var ids = CheckedIds(request.Ids);
        var actor = TicketActor.Of(CurrentUser.Of(context));
        await using var connection = await databases.Config.OpenAsync(ct);
        var offered = new List<BulkOfferedDto>(ids.Count);
        foreach (var id in ids)
        {
            if (await TicketRecord.ByIdAsync(connection, null, id, ct) is not { } ticket)
            {
                continue;
            }

            var definition = await workflows.VersionAsync(connection, null, ticket.WorkflowId, ticket.WorkflowVersion, ct);
            var collaborators = await TicketCollaborators.OfAsync(connection, null, id, ct);
            offered.Add(new BulkOfferedDto(id, ticket.Number, TicketWorkflow.Offered(definition, ticket, actor, collaborators)));
        }

        return Results.Ok(offered);
    }

    /// <summary>The step of the ticket's workflow that dispatches it (leaves its state and asks for an assignee); the one keyed <c>assign</c> first.</summary>
    public static WorkflowTransition? DispatchStep(WorkflowDefinition definition, TicketRecord ticket) =>
        definition.Transitions
            .Where(t => (t.RequiredFields ?? []).Contains("assignee") && TicketWorkflow.LeavesFrom(t, ticket.State, definition))
            .OrderBy(t => t.Key == "assign" ? 0 : 1)
            .FirstOrDefault();

    private static List<long> CheckedIds(IReadOnlyList<long>? ids)
    {
        if (ids is null || ids.Count == 0)
        {
            throw AppProblem.Invalid("ids", "required");
        }

        var distinct = ids.Distinct().ToList();
        return distinct.Count > MaxTickets ? throw AppProblem.Invalid("ids", "ticket_bulk_too_many") : distinct;
    }

    private static async Task<IReadOnlyList<string>> ExistingMentionsAsync(IUserDirectory users, string body, CancellationToken ct)
    {
        var named = TicketComments.MentionsIn(body);
        var found = named.Count == 0 ? new Dictionary<string, UserContact>() : await users.ContactsAsync(named, ct);
        return named.Where(n => found.TryGetValue(n, out var c) && !c.Disabled).ToList();
    }

    /// <summary>A comment as the ticket page adds it: mentioned people become collaborators and get a notice.</summary>
    private static async Task AddCommentAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx, TicketRecord ticket, string author, string body,
        IReadOnlyList<string> mentions, long at, CancellationToken ct)
    {
        await TicketComments.InsertAsync(connection, tx, ticket.Id, at, author, body, mentions, ct);
        foreach (var mentioned in mentions.Where(m => m != ticket.Assignee && m != author))
        {
            await TicketCollaborators.AddAsync(connection, tx, ticket.Id, mentioned, "mentioned", at, author, ct);
        }

        var to = mentions.Where(m => m != author).ToList();
        if (to.Count > 0)
        {
            await TicketNotices.PublishAsync(connection, tx, ticket, "mention", to, at, ct);
        }

        await connection.ExecuteAsync(new CommandDefinition("UPDATE sd_tickets SET updated_at = @at WHERE id = @Id", new { at, ticket.Id }, tx, cancellationToken: ct));
    }
}
