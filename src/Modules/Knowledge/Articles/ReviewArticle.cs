using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Knowledge.Articles;

/// <summary>
/// The review of a version: the author submits a draft (symptom and solution written); a reviewer other than its
/// author and last editor approves it, which publishes it (and indexes it for search), or rejects it back to draft
/// with a reason. Each step names the version the caller read, so nobody approves text they have not seen.
/// </summary>
internal static class ReviewArticle
{
    internal static async Task<IResult> SubmitEndpoint(long id, ReviewRequest request, HttpContext context, ArticleStore store, IAuditTrail audit, ObjectGuard guard, IUserDirectory directory, CancellationToken ct)
    {
        var user = CurrentUser.Of(context);
        await guard.EnsureAsync(user, KnowledgeAccessRule.Type, SaveArticle.Id(id), ObjectAccessKind.Read, ct);
        await using var connection = await store.Databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var (_, latest) = await ArticleStore.RequireAsync(connection, tx, id, ct);
        AppProblem.EnsureVersion(request.Version, latest.Number);
        if (latest.State != VersionStates.Draft)
        {
            throw AppProblem.Conflict("knowledge_not_draft");
        }

        var missing = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(latest.Symptom))
        {
            missing["symptom"] = "knowledge_section_required";
        }

        if (string.IsNullOrWhiteSpace(latest.Solution))
        {
            missing["solution"] = "knowledge_section_required";
        }

        if (missing.Count > 0)
        {
            throw AppProblem.Invalid(missing);
        }

        var now = UnixMs.Now(store.Clock);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE knowledge_versions SET state = 'in_review', submitted_at = @now, updated_at = @now WHERE id = @id", new { id = latest.Id, now }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("UPDATE knowledge_articles SET updated_at = @now WHERE id = @id", new { id, now }, tx, cancellationToken: ct));
        await audit.RecordAsync(new AuditEntry("knowledge.article.submit", KnowledgeAccessRule.Type, SaveArticle.Id(id), AuditEntry.Success, $"v{latest.Number} submitted for review"), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        return Results.Ok(await GetArticle.ViewAsync(store, user, id, ct));
    }

    internal static async Task<IResult> ApproveEndpoint(long id, ReviewRequest request, HttpContext context, ArticleStore store, IAuditTrail audit, ObjectGuard guard, IUserDirectory directory, CancellationToken ct)
    {
        var user = CurrentUser.Of(context);
        await guard.EnsureAsync(user, KnowledgeAccessRule.Type, SaveArticle.Id(id), ObjectAccessKind.Read, ct);
        var reviewer = await SaveArticle.ActorAsync(user, directory, ct);
        await using var connection = await store.Databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var (article, latest) = await ArticleStore.RequireAsync(connection, tx, id, ct);
        AppProblem.EnsureVersion(request.Version, latest.Number);
        if (latest.State != VersionStates.InReview)
        {
            throw AppProblem.Conflict("knowledge_not_in_review");
        }

        if (GetArticle.IsContributor(user, latest))
        {
            throw new AppProblem(403, "knowledge_review_own");
        }

        await ArticleStore.PublishAsync(connection, tx, article, latest, reviewer, UnixMs.Now(store.Clock), ct);
        await audit.RecordAsync(new AuditEntry("knowledge.article.approve", KnowledgeAccessRule.Type, SaveArticle.Id(id), AuditEntry.Success, $"v{latest.Number} published: {latest.Title}"), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        return Results.Ok(await GetArticle.ViewAsync(store, user, id, ct));
    }

    internal static async Task<IResult> RejectEndpoint(long id, ReviewRequest request, HttpContext context, ArticleStore store, IAuditTrail audit, ObjectGuard guard, IUserDirectory directory, CancellationToken ct)
    {
        var user = CurrentUser.Of(context);
        await guard.EnsureAsync(user, KnowledgeAccessRule.Type, SaveArticle.Id(id), ObjectAccessKind.Read, ct);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var reason = ArticleRules.Text(request.Reason, "reason", ArticleRules.MaxReason, required: true, errors);
        if (errors.Count > 0)
        {
            throw AppProblem.Invalid(errors);
        }

        var reviewer = await SaveArticle.ActorAsync(user, directory, ct);
        await using var connection = await store.Databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var (_, latest) = await ArticleStore.RequireAsync(connection, tx, id, ct);
        AppProblem.EnsureVersion(request.Version, latest.Number);
        if (latest.State != VersionStates.InReview)
        {
            throw AppProblem.Conflict("knowledge_not_in_review");
        }

        var now = UnixMs.Now(store.Clock);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE knowledge_versions SET state = 'draft', reject_reason = @reason, reviewer_id = @reviewerId, reviewer_name = @reviewerName, reviewed_at = @now, updated_at = @now WHERE id = @id",
            new { id = latest.Id, reason, reviewerId = reviewer.UserId, reviewerName = reviewer.UserName, now }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("UPDATE knowledge_articles SET updated_at = @now WHERE id = @id", new { id, now }, tx, cancellationToken: ct));
        await audit.RecordAsync(new AuditEntry("knowledge.article.reject", KnowledgeAccessRule.Type, SaveArticle.Id(id), AuditEntry.Success, $"v{latest.Number} rejected: {reason}"), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        return Results.Ok(await GetArticle.ViewAsync(store, user, id, ct));
    }
}
