using System.Globalization;
using HospitalOps.Cmdb.Contracts;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Knowledge.Articles;

/// <summary>
/// Writes an article: a new one starts as a draft (version 1). Editing a draft changes it in place; editing a published
/// article makes the next version as a draft while the published one stays what readers see until the new one is
/// approved; an article in review cannot be edited until it is approved or rejected.
/// </summary>
internal static class SaveArticle
{
    internal static async Task<IResult> CreateEndpoint(ArticleInput request, HttpContext context, ArticleStore store, ICmdbDirectory cmdb, IAuditTrail audit, IUserDirectory directory, CancellationToken ct)
    {
        var user = CurrentUser.Of(context);
        var article = await ArticleRules.CheckAsync(request, cmdb, ct);
        var actor = await ActorAsync(user, directory, ct);
        await using var connection = await store.Databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var id = await store.CreateAsync(connection, tx, article, actor, ct);
        await audit.RecordAsync(new AuditEntry("knowledge.article.create", KnowledgeAccessRule.Type, Id(id), AuditEntry.Success, $"v1: {article.Title}"), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        return Results.Created($"/api/v1/knowledge/articles/{id}", await GetArticle.ViewAsync(store, user, id, ct));
    }

    internal static async Task<IResult> UpdateEndpoint(long id, ArticleInput request, HttpContext context, ArticleStore store, ICmdbDirectory cmdb, IAuditTrail audit, ObjectGuard guard, IUserDirectory directory, CancellationToken ct)
    {
        var user = CurrentUser.Of(context);
        await guard.EnsureAsync(user, KnowledgeAccessRule.Type, Id(id), ObjectAccessKind.Read, ct);
        var article = await ArticleRules.CheckAsync(request, cmdb, ct);
        var actor = await ActorAsync(user, directory, ct);
        await using var connection = await store.Databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var (_, latest) = await ArticleStore.RequireAsync(connection, tx, id, ct);
        AppProblem.EnsureVersion(request.Version, latest.Number);
        var now = UnixMs.Now(store.Clock);
        string summary;
        switch (latest.State)
        {
            case VersionStates.Draft:
                await ArticleStore.UpdateDraftAsync(connection, tx, latest.Id, article, actor, now, ct);
                summary = $"v{latest.Number} edited: {article.Title}";
                break;
            case VersionStates.Published:
                var versionId = await ArticleStore.InsertVersionAsync(connection, tx, id, latest.Number + 1, article, actor, now, ct);
                await Dapper.SqlMapper.ExecuteAsync(connection, new Dapper.CommandDefinition(
                    "UPDATE knowledge_articles SET latest_version_id = @versionId, updated_at = @now WHERE id = @id", new { versionId, now, id }, tx, cancellationToken: ct));
                summary = $"v{latest.Number + 1} drafted from the published v{latest.Number}: {article.Title}";
                break;
            default:
                throw AppProblem.Conflict("knowledge_in_review");
        }

        await Dapper.SqlMapper.ExecuteAsync(connection, new Dapper.CommandDefinition(
            "UPDATE knowledge_articles SET updated_at = @now WHERE id = @id", new { now, id }, tx, cancellationToken: ct));
        await audit.RecordAsync(new AuditEntry("knowledge.article.edit", KnowledgeAccessRule.Type, Id(id), AuditEntry.Success, summary), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        return Results.Ok(await GetArticle.ViewAsync(store, user, id, ct));
    }

    /// <summary>The user as an article names them: by display name (陈浩) where the directory knows it, else by user name.</summary>
    internal static async Task<AuditActor> ActorAsync(CurrentUser user, IUserDirectory directory, CancellationToken ct)
    {
        var contacts = await directory.ContactsAsync([user.UserName], ct);
        var name = contacts.TryGetValue(user.UserName, out var contact) && !string.IsNullOrWhiteSpace(contact.DisplayName) ? contact.DisplayName : user.UserName;
        return new AuditActor(user.UserId == 0 ? null : user.UserId, name, null);
    }

    internal static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
