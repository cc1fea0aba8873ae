using System.Globalization;
using System.Text.Json;
using Dapper;
using HospitalOps.Cmdb.Contracts;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Events;
using HospitalOps.Kernel.Security;
using HospitalOps.ServiceDesk.Sla;
using HospitalOps.ServiceDesk.Types;
using HospitalOps.ServiceDesk.Workflows;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.ServiceDesk.Tickets;

/// <summary>Where the engineer was when recording arrival on site, if the browser gave it.</summary>
public sealed record TicketLocation(double Latitude, double Longitude, double? AccuracyMeters);

/// <summary>
/// A step of the ticket's workflow, with what it asks for: the version read (so two people do not step over each other), values of
/// the type's fields, an assignee (派单), a rating (确认并评价), a comment, and the location on arrival.
/// </summary>
public sealed record TransitionTicketRequest(
    int? Version,
    IReadOnlyDictionary<string, string>? Fields,
    string? Assignee,
    int? Rating,
    string? RatingComment,
    string? Comment,
    TicketLocation? Location);

internal static class TransitionTicket
{
    internal static async Task<IResult> Endpoint(long id, string key, TransitionTicketRequest request, HttpContext context, Databases databases, TicketTransitions transitions,
        TicketReader reader, CancellationToken ct)
    {
        var actor = TicketActor.Of(CurrentUser.Of(context));
        await transitions.ApplyAsync(id, key, request, actor, ct);
        return Results.Ok(await reader.DetailAsync(id, actor, ct));
    }
}

/// <summary>Takes workflow transitions on tickets, for people and for the platform (alerts resolving their tickets' events).</summary>
internal sealed class TicketTransitions(
    Databases databases, WorkflowCatalog workflows, TicketSla sla, TicketCreation creation, IUserDirectory users, IServiceScopeFactory scopes, TimeProvider clock,
    Changes.ChangeGate changes)
{
    public const int MaxComment = 10_000;

    public async Task ApplyAsync(long id, string key, TransitionTicketRequest request, TicketActor actor, CancellationToken ct)
    {
        if (request.Comment is { Length: > MaxComment } || request.RatingComment is { Length: > 2000 })
        {
            throw AppProblem.Invalid(request.Comment is { Length: > MaxComment } ? "comment" : "ratingComment", "too_long");
        }

        if (request.Rating is < 1 or > 5)
        {
            throw AppProblem.Invalid("rating", "ticket_rating_range");
        }

        if (request.Location is { } place && (place.Latitude is < -90 or > 90 || place.Longitude is < -180 or > 180 || place.AccuracyMeters is < 0))
        {
            throw AppProblem.Invalid("location", "invalid_value");
        }

        var assignee = string.IsNullOrWhiteSpace(request.Assignee) ? null : await TicketUsers.CheckedAsync(users, request.Assignee.Trim(), "assignee", ct);

        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        await ApplyInAsync(connection, tx, id, key, request, assignee, actor, ct);
        await tx.CommitAsync(ct);
        TicketChanges.Signal();
    }

    /// <summary>Takes the transition inside the caller's transaction (the assignee already checked); the caller commits.</summary>
    public async Task ApplyInAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx, long id, string key, TransitionTicketRequest request, string? assignee,
        TicketActor actor, CancellationToken ct, bool refreshDerived = true)
    {
        var ticket = await TicketRecord.ByIdAsync(connection, tx, id, ct) ?? throw AppProblem.NotFound();
        if (!actor.IsSystem)
        {
            AppProblem.EnsureVersion(request.Version, ticket.Version);
        }

        var definition = await workflows.VersionAsync(connection, tx, ticket.WorkflowId, ticket.WorkflowVersion, ct);
        var transition = definition.Transitions.FirstOrDefault(t => t.Key == key)
            ?? throw new AppProblem(404, "transition_unknown", new Dictionary<string, string> { ["transition"] = key });
        var collaborators = await TicketCollaborators.OfAsync(connection, tx, id, ct);
        var now = clock.GetUtcNow();
        var at = now.ToUnixTimeMilliseconds();
        var changeStep = await changes.BeforeAsync(connection, tx, ticket, definition, transition, actor, request.Comment, at, ct);
        if (changeStep == Changes.ChangeStep.ApprovalRecorded)
        {
            await RecordApprovalAsync(connection, tx, ticket, transition, actor, request.Comment, at, ct);
            return;
        }

        TicketWorkflow.CheckAllowed(definition, transition, ticket, actor, collaborators, approverChecked: changeStep == Changes.ChangeStep.ApproverChecked);

        if (assignee is not null && !actor.Has(ServiceDeskModule.Dispatch) && assignee != actor.UserName)
        {
            throw AppProblem.Invalid("assignee", "ticket_assign_not_allowed");
        }

        var typeFields = JsonSerializer.Deserialize<List<TicketField>>(await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT fields FROM sd_ticket_types WHERE id = @TypeId", new { ticket.TypeId }, tx, cancellationToken: ct)) ?? "[]", WorkflowJson.Options) ?? [];
        var fields = TicketFieldInput.Checked(typeFields, request.Fields, "fields", ticket.Fields);
        var after = ticket with
        {
            Assignee = assignee ?? ticket.Assignee,
            Rating = (transition.RequiredFields ?? []).Contains("rating") ? request.Rating ?? ticket.Rating : ticket.Rating,
            RatingComment = (transition.RequiredFields ?? []).Contains("rating") ? request.RatingComment?.Trim() ?? ticket.RatingComment : ticket.RatingComment,
        };
        foreach (var action in (transition.Actions ?? []).Where(a => a.Kind == "set_field"))
        {
            var value = action.Value == "$me" ? actor.UserName : action.Value ?? "";
            if (action.Field == "assignee")
            {
                // "Take it myself" fills an empty assignee; it never takes a ticket away from the engineer it was dispatched to.
                after = after with { Assignee = after.Assignee ?? (actor.IsSystem ? null : value) };
            }
            else if (action.Field is { } field && !TicketWorkflow.CoreFields.Contains(field))
            {
                fields[field] = value;
            }
        }

        TicketWorkflow.CheckRequired(transition, after, fields, request.Comment);

        var to = definition.State(transition.To);
        var milestone = transition.Milestone;
        var respondedAt = ticket.RespondedAt ?? (milestone is "response" or "arrival" or "resolution" ? at : null);
        var arrivedAt = ticket.ArrivedAt ?? (milestone == "arrival" ? at : null);
        long? resolvedAt = to.Category is "resolved" or "closed" ? ticket.ResolvedAt ?? at : null;
        long? closedAt = to.Category == "closed" ? at : null;
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE sd_tickets SET state = @state, state_category = @category, assignee = @Assignee, fields = @fields, rating = @Rating, rating_comment = @RatingComment,
              responded_at = @respondedAt, arrived_at = @arrivedAt, resolved_at = @resolvedAt, closed_at = @closedAt, updated_at = @at, version = version + 1
            WHERE id = @id
            """,
            new
            {
                state = to.Key, category = to.Category, after.Assignee, fields = TicketFieldValues.Json(fields), after.Rating, after.RatingComment,
                respondedAt, arrivedAt, resolvedAt, closedAt, at, id,
            }, tx, cancellationToken: ct));

        var detail = new Dictionary<string, object?> { ["transition"] = transition.Key, ["comment"] = request.Comment?.Trim() };
        if (request.Location is { } location && milestone == "arrival")
        {
            detail["location"] = location;
        }

        await TicketLog.AddAsync(connection, tx, id, at, TicketLog.Transition, actor.UserName, ticket.State, to.Key,
            JsonSerializer.Serialize(detail.Where(d => d.Value is not null).ToDictionary(), WorkflowJson.Options), ct);
        if (after.Assignee != ticket.Assignee)
        {
            await TicketLog.AddAsync(connection, tx, id, at, TicketLog.Assigned, actor.UserName, null, null, after.Assignee, ct);
        }

        if (after.Rating != ticket.Rating)
        {
            await TicketLog.AddAsync(connection, tx, id, at, TicketLog.Rated, actor.UserName, null, null, $"{after.Rating}{(after.RatingComment is { Length: > 0 } c ? ": " + c : "")}", ct);
        }

        if (!string.IsNullOrWhiteSpace(request.Comment))
        {
            await TicketComments.InsertAsync(connection, tx, id, at, actor.UserName, request.Comment.Trim(), [], ct);
        }

        if (refreshDerived)
        {
            await TicketSearch.WriteAsync(connection, tx, id, ct);
        }

        var updated = (await TicketRecord.ByIdAsync(connection, tx, id, ct))!;
        await changes.AfterAsync(connection, tx, ticket, updated, definition, actor, at, ct);
        await RunActionsAsync(connection, tx, transition, updated, actor, at, ct);
        if (refreshDerived)
        {
            await sla.RecomputeAsync(connection, tx, updated, now, ct);
        }
    }

    /// <summary>An approval short of the last level: the change keeps its state; the timeline and the version record the decision.</summary>
    private static async Task RecordApprovalAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx, TicketRecord ticket, WorkflowTransition transition,
        TicketActor actor, string? comment, long at, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE sd_tickets SET updated_at = @at, version = version + 1 WHERE id = @Id", new { at, ticket.Id }, tx, cancellationToken: ct));
        await TicketLog.AddAsync(connection, tx, ticket.Id, at, TicketLog.Transition, actor.UserName, ticket.State, ticket.State,
            JsonSerializer.Serialize(new Dictionary<string, string?> { ["transition"] = transition.Key, ["comment"] = comment?.Trim() }.Where(d => d.Value is not null).ToDictionary(),
                WorkflowJson.Options), ct);
        if (!string.IsNullOrWhiteSpace(comment))
        {
            await TicketComments.InsertAsync(connection, tx, ticket.Id, at, actor.UserName, comment.Trim(), [], ct);
        }
    }

    private async Task RunActionsAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx, WorkflowTransition transition, TicketRecord ticket,
        TicketActor actor, long at, CancellationToken ct)
    {
        foreach (var action in transition.Actions ?? [])
        {
            switch (action.Kind)
            {
                case "notify":
                    var collaborators = await TicketCollaborators.OfAsync(connection, tx, ticket.Id, ct);
                    var to = (action.To ?? ["assignee"]).SelectMany(who => who switch
                    {
                        "assignee" => ticket.Assignee is { } a ? [a] : Array.Empty<string>(),
                        "reporter" => ticket.ReporterUser is { } r ? [r] : [],
                        "collaborators" => collaborators.ToArray(),
                        _ => [who],
                    }).Where(u => u != actor.UserName).Distinct().ToList();
                    if (to.Count > 0)
                    {
                        await TicketNotices.PublishAsync(connection, tx, ticket, transition.Key, to, at, ct);
                        await TicketLog.AddAsync(connection, tx, ticket.Id, at, TicketLog.Notified, actor.UserName, null, null, string.Join(", ", to), ct);
                    }

                    break;
                case "create_linked":
                    await using (var scope = scopes.CreateAsyncScope())
                    {
                        var linked = await creation.CreateAsync(connection, tx, new NewTicket(
                            action.Value!, ticket.Title, $"{ticket.Number}: {ticket.Title}", ticket.Channel, ticket.Impact, ticket.Urgency, ticket.BusinessSystemId,
                            await connection.QueryAsync<long>(new CommandDefinition("SELECT ci_id FROM sd_ticket_cis WHERE ticket_id = @Id", new { ticket.Id }, tx, cancellationToken: ct)) is var ids ? ids.ToList() : [],
                            ticket.ReporterUser, ticket.ReporterName, ticket.ReporterPhone, null, ticket.Team, new Dictionary<string, string>(), $"ticket:{ticket.Id}:{transition.Key}:{at}",
                            ticket.Contract, false, []), actor, scope.ServiceProvider.GetRequiredService<ICmdbDirectory>(), ct);
                        var number = await connection.ExecuteScalarAsync<string>(new CommandDefinition("SELECT number FROM sd_tickets WHERE id = @linked", new { linked }, tx, cancellationToken: ct));
                        await TicketLog.AddAsync(connection, tx, ticket.Id, at, TicketLog.Linked, actor.UserName, null, null, number, ct);
                    }

                    break;
                case "open_maintenance_window":
                    await TicketNotices.PublishChangeApprovedAsync(connection, tx, ticket, at, ct);
                    break;
            }
        }
    }
}
