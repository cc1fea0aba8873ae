using Dapper;
using HospitalOps.Cmdb.Contracts;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using HospitalOps.ServiceDesk.Tickets;
using HospitalOps.ServiceDesk.Workflows;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.ServiceDesk.Changes;

/// <summary>
/// One approval level of a change as its page shows it: <c>approved</c>, <c>rejected</c>, <c>current</c> (waiting for this level) or
/// <c>waiting</c> (a later level), who decided and when.
/// </summary>
public sealed record ApprovalStepDto(int Index, string Name, string NameEn, IReadOnlyList<string> Roles, IReadOnlyList<string> Users, string Status, string? Actor,
    DateTimeOffset? At, string? Comment);

/// <summary>A decision of an earlier round (before the change was sent back and submitted again).</summary>
public sealed record ApprovalHistoryDto(long Round, int Level, string Decision, string Actor, DateTimeOffset At, string? Comment);

/// <summary>
/// The approval of a change: the risk, the round (each submission starts one), its levels with their decisions, whether all have
/// approved, and whether the caller may decide at the current level.
/// </summary>
public sealed record ApprovalProgressDto(string? Risk, long Round, DateTimeOffset? SubmittedAt, string? SubmittedBy, IReadOnlyList<ApprovalStepDto> Levels, bool Approved,
    bool CanDecide, IReadOnlyList<ApprovalHistoryDto> Earlier);

/// <summary>
/// What the page of a change or release shows beside the ticket: the impact set as submitted (the approvers' evidence) and as
/// the CMDB says now, the approval progress, and the linked releases or changes.
/// </summary>
public sealed record ChangeReviewDto(ImpactSetDto? Submitted, ImpactSetDto Live, bool ImpactChanged, ApprovalProgressDto Approval, LinksDto Links);

internal static class ChangeReview
{
    internal static async Task<IResult> Endpoint(long id, HttpContext context, Databases databases, WorkflowCatalog workflows, ICmdbDirectory cmdb, IUserDirectory users,
        TimeProvider clock, CancellationToken ct)
    {
        var actor = TicketActor.Of(CurrentUser.Of(context));
        await using var connection = await databases.Config.OpenAsync(ct);
        var ticket = await TicketRecord.ByIdAsync(connection, null, id, ct) ?? throw AppProblem.NotFound();
        var definition = await workflows.VersionAsync(connection, null, ticket.WorkflowId, ticket.WorkflowVersion, ct);
        var submission = await Submission.OfAsync(connection, null, id, ct);
        var live = await ImpactSet.OfAsync(cmdb, await ImpactSet.CiIdsAsync(connection, null, id, ct), clock.GetUtcNow(), ct);
        var submitted = submission is null ? null : ImpactSet.Parse(submission.Impact);

        var risk = submission?.Risk ?? ticket.Fields.GetValueOrDefault("risk");
        var levels = submission?.LevelList
            ?? (risk is not null && ApprovalPolicy.Risks.Contains(risk) ? await ApprovalPolicy.LevelsAsync(connection, null, risk, ct) : ApprovalPolicy.Default);
        var all = await Approvals.AllAsync(connection, id, ct);
        var round = submission?.Round ?? 0;
        var thisRound = all.Where(a => a.Round == round).ToList();
        var approvedCount = thisRound.Count(a => a.Decision == Approvals.Approved);
        var awaiting = definition.Transitions.FirstOrDefault(t => t.Key == ChangeGate.ApproveKey) is { } approve && TicketWorkflow.LeavesFrom(approve, ticket.State, definition);
        var steps = levels.Select((level, i) =>
        {
            var decided = thisRound.FirstOrDefault(a => a.Level == i);
            var status = decided?.Decision ?? (awaiting && i == approvedCount ? "current" : "waiting");
            return new ApprovalStepDto(i, level.Name, level.NameEn, level.Roles, level.Users, status, decided?.Actor, decided is null ? null : UnixMs.ToTime(decided.At), decided?.Comment);
        }).ToList();

        var canDecide = false;
        if (awaiting && submission is not null && approvedCount < levels.Count && !actor.IsSystem)
        {
            canDecide = ApprovalPolicy.Fits(levels[approvedCount], actor.UserName, actor.Permissions, await users.RolesOfAsync(actor.UserName, ct))
                && thisRound.All(a => a.Actor != actor.UserName);
        }

        var progress = new ApprovalProgressDto(risk, round, submission is null ? null : UnixMs.ToTime(submission.SubmittedAt), submission?.SubmittedBy, steps,
            submission is not null && approvedCount >= levels.Count, canDecide,
            all.Where(a => a.Round != round).Select(a => new ApprovalHistoryDto(a.Round, (int)a.Level, a.Decision, a.Actor, UnixMs.ToTime(a.At), a.Comment)).ToList());
        return Results.Ok(new ChangeReviewDto(submitted, live, submitted is not null && !ImpactSet.Same(submitted, live), progress,
            await ReleaseLinks.LinkedAsync(connection, workflows, id, ct)));
    }
}
