using System.Globalization;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Knowledge.Articles;

/// <summary>One article with its published version and the version being worked on; its version history; one old version.</summary>
internal static class GetArticle
{
    internal static async Task<IResult> Endpoint(long id, HttpContext context, ArticleStore store, ObjectGuard guard, CancellationToken ct)
    {
        var user = CurrentUser.Of(context);
        await guard.EnsureAsync(user, KnowledgeAccessRule.Type, id.ToString(CultureInfo.InvariantCulture), ObjectAccessKind.Read, ct);
        return Results.Ok(await ViewAsync(store, user, id, ct));
    }

    internal static async Task<IResult> VersionsEndpoint(long id, HttpContext context, ArticleStore store, ObjectGuard guard, CancellationToken ct)
    {
        var user = CurrentUser.Of(context);
        await guard.EnsureAsync(user, KnowledgeAccessRule.Type, id.ToString(CultureInfo.InvariantCulture), ObjectAccessKind.Read, ct);
        await using var connection = await store.Databases.Config.OpenAsync(ct);
        var versions = await ArticleStore.VersionsAsync(connection, id, ct);
        if (versions.Count == 0)
        {
            throw AppProblem.NotFound();
        }

        return Results.Ok(versions.Where(v => Visible(user, v)).Select(ArticleStore.Summary).ToList());
    }

    internal static async Task<IResult> VersionEndpoint(long id, int number, HttpContext context, ArticleStore store, ObjectGuard guard, CancellationToken ct)
    {
        var user = CurrentUser.Of(context);
        await guard.EnsureAsync(user, KnowledgeAccessRule.Type, id.ToString(CultureInfo.InvariantCulture), ObjectAccessKind.Read, ct);
        await using var connection = await store.Databases.Config.OpenAsync(ct);
        var version = await ArticleStore.VersionAsync(connection, id, number, ct);
        return version is not null && Visible(user, version) ? Results.Ok(ArticleStore.View(version)) : throw AppProblem.NotFound();
    }

    // Readers see what was published (now or before); drafts and reviews are the authors' and reviewers' work.
    private static bool Visible(CurrentUser user, VersionRow v) =>
        ArticleStore.SeesWork(user) || v.State is VersionStates.Published or VersionStates.Superseded;

    internal static async Task<ArticleView> ViewAsync(ArticleStore store, CurrentUser user, long id, CancellationToken ct)
    {
        await using var connection = await store.Databases.Config.OpenAsync(ct);
        var (article, latest) = await ArticleStore.RequireAsync(connection, null, id, ct);
        var published = article.PublishedVersionId is { } pid ? await ArticleStore.VersionByIdAsync(connection, null, pid, ct) : null;
        var working = latest.State is VersionStates.Draft or VersionStates.InReview && ArticleStore.SeesWork(user) ? latest : null;
        if (published is null && working is null)
        {
            throw AppProblem.NotFound();
        }

        var state = working?.State ?? VersionStates.Published;
        return new ArticleView(article.Id, state, latest.Number, published?.Number,
            published is null ? null : ArticleStore.View(published), working is null ? null : ArticleStore.View(working), Actions(user, latest));
    }

    internal static IReadOnlyList<string> Actions(CurrentUser user, VersionRow latest)
    {
        var actions = new List<string>();
        if (user.Has(KnowledgeModule.Write) && latest.State is VersionStates.Draft or VersionStates.Published)
        {
            actions.Add("edit");
        }

        if (user.Has(KnowledgeModule.Write) && latest.State == VersionStates.Draft)
        {
            actions.Add("submit");
        }

        if (user.Has(KnowledgeModule.Review) && latest.State == VersionStates.InReview)
        {
            if (!IsContributor(user, latest))
            {
                actions.Add("approve");
            }

            actions.Add("reject");
        }

        return actions;
    }

    /// <summary>Whether the user wrote or last edited this version (and so may not approve it).</summary>
    internal static bool IsContributor(CurrentUser user, VersionRow v) => user.UserId != 0 && (v.AuthorId == user.UserId || v.EditorId == user.UserId);
}
