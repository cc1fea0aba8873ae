using System.Data.Common;
using Dapper;
using HospitalOps.Cmdb.Contracts;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using HospitalOps.ServiceDesk.Tickets;
using HospitalOps.ServiceDesk.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.ServiceDesk.Changes;

/// <summary>What the change rules decided before a workflow step: nothing to add, approver already checked, or an approval recorded that does not move the state yet.</summary>
internal enum ChangeStep
{
    Ordinary,
    ApproverChecked,
    ApprovalRecorded,
}

/// <summary>
/// The change rules around workflow steps. Submitting (the step into the state an <c>approve</c> step leaves) records the
/// submission: its round, the approval levels of its risk and the CMDB impact set, as evidence of what the approvers saw.
/// <c>approve</c> and <c>reject</c> are taken by someone allowed at the current level; an approval short of the last level
/// is recorded without moving the change; a rejection ends the round. A release is not completed before its changes are.
/// </summary>
internal sealed class ChangeGate(IUserDirectory users, IServiceScopeFactory scopes)
{
    public const string ApproveKey = "approve";
    public const string RejectKey = "reject";
    public const string CompletedState = "completed";

    public async Task<ChangeStep> BeforeAsync(DbConnection connection, DbTransaction tx, TicketRecord ticket, WorkflowDefinition definition, WorkflowTransition transition,
        TicketActor actor, string? comment, long at, CancellationToken ct)
    {
        if (!TicketWorkflow.LeavesFrom(transition, ticket.State, definition))
        {
            return ChangeStep.Ordinary;
        }

        if (transition.To == CompletedState)
        {
            await ReleaseLinks.CheckChangesCompletedAsync(connection, tx, ticket.Id, ct);
        }

        if (transition.Key is not (ApproveKey or RejectKey) || actor.IsSystem)
        {
            return ChangeStep.Ordinary;
        }

        var submission = await Submission.OfAsync(connection, tx, ticket.Id, ct);
        if (submission is null)
        {
            return ChangeStep.Ordinary;
        }

        var levels = submission.LevelList;
        var approvals = await Approvals.OfRoundAsync(connection, tx, ticket.Id, submission.Round, ct);
        var current = approvals.Count(a => a.Decision == Approvals.Approved);
        if (current >= levels.Count)
        {
            return ChangeStep.Ordinary;
        }

        var level = levels[current];
        var roles = await users.RolesOfAsync(actor.UserName, ct);
        if (!ApprovalPolicy.Fits(level, actor.UserName, actor.Permissions, roles))
        {
            throw new AppProblem(403, "change_approval_not_allowed", new Dictionary<string, string>
            {
                ["level"] = level.Name,
                ["approvers"] = string.Join("、", level.Roles.Concat(level.Users)),
            });
        }

        if (transition.Key == ApproveKey && approvals.Any(a => a.Actor == actor.UserName))
        {
            throw new AppProblem(403, "change_approval_twice", new Dictionary<string, string> { ["level"] = level.Name });
        }

        if (transition.CommentRequired && string.IsNullOrWhiteSpace(comment))
        {
            throw AppProblem.Invalid("comment", "required");
        }

        var decision = transition.Key == ApproveKey ? Approvals.Approved : Approvals.Rejected;
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO sd_change_approvals (ticket_id, round, level, decision, actor, at, comment) VALUES (@Id, @round, @current, @decision, @user, @at, @comment)",
            new { ticket.Id, round = submission.Round, current, decision, user = actor.UserName, at, comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim() },
            tx, cancellationToken: ct));
        return decision == Approvals.Approved && current + 1 < levels.Count ? ChangeStep.ApprovalRecorded : ChangeStep.ApproverChecked;
    }

    /// <summary>After a step into a state that an approve step leaves: the submission of a new round, with its levels and impact set.</summary>
    public async Task AfterAsync(DbConnection connection, DbTransaction tx, TicketRecord before, TicketRecord after, WorkflowDefinition definition, TicketActor actor, long at,
        CancellationToken ct)
    {
        var approve = definition.Transitions.FirstOrDefault(t => t.Key == ApproveKey);
        if (approve is null || before.State == after.State || !TicketWorkflow.LeavesFrom(approve, after.State, definition) || TicketWorkflow.LeavesFrom(approve, before.State, definition))
        {
            return;
        }

        var risk = after.Fields.GetValueOrDefault("risk");
        if (risk is null || !ApprovalPolicy.Risks.Contains(risk))
        {
            return;
        }

        var levels = await ApprovalPolicy.LevelsAsync(connection, tx, risk, ct);
        ImpactSetDto impact;
        await using (var scope = scopes.CreateAsyncScope())
        {
            impact = await ImpactSet.OfAsync(scope.ServiceProvider.GetRequiredService<ICmdbDirectory>(), await ImpactSet.CiIdsAsync(connection, tx, after.Id, ct),
                DateTimeOffset.FromUnixTimeMilliseconds(at), ct);
        }

        var round = (await Submission.OfAsync(connection, tx, after.Id, ct))?.Round + 1 ?? 1;
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM sd_change_submissions WHERE ticket_id = @Id", new { after.Id }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO sd_change_submissions (ticket_id, round, risk, levels, impact, submitted_at, submitted_by)
            VALUES (@Id, @round, @risk, @levels, @impact, @at, @by)
            """,
            new { after.Id, round, risk, levels = ApprovalPolicy.Json(levels), impact = ImpactSet.Json(impact), at, by = actor.UserName }, tx, cancellationToken: ct));
    }
}

/// <summary>A change's latest submission: its round, its risk, the approval levels and the impact set as they were then.</summary>
internal sealed record Submission
{
    public long Round { get; init; }
    public string Risk { get; init; } = "";
    public string Levels { get; init; } = "[]";
    public string Impact { get; init; } = "{}";
    public long SubmittedAt { get; init; }
    public string? SubmittedBy { get; init; }

    public IReadOnlyList<ApprovalLevel> LevelList => ApprovalPolicy.Parse(Levels);

    public static async Task<Submission?> OfAsync(DbConnection connection, DbTransaction? tx, long ticketId, CancellationToken ct) =>
        await connection.QuerySingleOrDefaultAsync<Submission>(new CommandDefinition(
            "SELECT round, risk, levels, impact, submitted_at AS SubmittedAt, submitted_by AS SubmittedBy FROM sd_change_submissions WHERE ticket_id = @ticketId",
            new { ticketId }, tx, cancellationToken: ct));
}

/// <summary>An approval or rejection at one level of one round.</summary>
internal sealed record ApprovalRow
{
    public long Round { get; init; }
    public long Level { get; init; }
    public string Decision { get; init; } = "";
    public string Actor { get; init; } = "";
    public long At { get; init; }
    public string? Comment { get; init; }
}

internal static class Approvals
{
    public const string Approved = "approved";
    public const string Rejected = "rejected";

    public static async Task<List<ApprovalRow>> OfRoundAsync(DbConnection connection, DbTransaction? tx, long ticketId, long round, CancellationToken ct) =>
        (await connection.QueryAsync<ApprovalRow>(new CommandDefinition(
            "SELECT round, level, decision, actor, at, comment FROM sd_change_approvals WHERE ticket_id = @ticketId AND round = @round ORDER BY id",
            new { ticketId, round }, tx, cancellationToken: ct))).ToList();

    public static async Task<List<ApprovalRow>> AllAsync(DbConnection connection, long ticketId, CancellationToken ct) =>
        (await connection.QueryAsync<ApprovalRow>(new CommandDefinition(
            "SELECT round, level, decision, actor, at, comment FROM sd_change_approvals WHERE ticket_id = @ticketId ORDER BY id",
            new { ticketId }, cancellationToken: ct))).ToList();
}
