using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Paging;
using HospitalOps.Kernel.Security;
using HospitalOps.Knowledge.Articles;
using HospitalOps.TextSearch;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Knowledge.Search;

/// <summary>
/// The article list and its search. With <c>q</c>: the published articles matching every word (or, when none does,
/// any word), ranked — the typed words in the title first — with the matches marked in the title and an excerpt.
/// Without: the articles by last change. Filters: a tag, a business system (CMDB id), a state (draft, in_review,
/// published; drafts and reviews only for authors and reviewers).
/// </summary>
internal static class SearchArticles
{
    public const int MaxPageSize = 100;

    internal static async Task<IResult> Endpoint(HttpContext context, ArticleStore store, string? q, string? tag, long? system, string? state, int? page, int? pageSize, CancellationToken ct)
    {
        var user = CurrentUser.Of(context);
        if (state is { Length: > 0 } && !VersionStates.Filterable.Contains(state))
        {
            throw AppProblem.Invalid("state", "knowledge_invalid_state");
        }

        if (tag is { Length: > ArticleRules.MaxTag })
        {
            throw AppProblem.Invalid("tag", "too_long");
        }

        var paging = PageRequest.From(page, Math.Min(pageSize ?? 20, MaxPageSize));
        var query = SearchQuery.Parse(q);
        await using var connection = await store.Databases.Config.OpenAsync(ct);
        if (!string.IsNullOrWhiteSpace(q))
        {
            return Results.Ok(await SearchAsync(connection, query, tag, system, state, paging, ct));
        }

        var seesWork = ArticleStore.SeesWork(user);
        var join = state switch
        {
            VersionStates.Published => "a.published_version_id",
            null or "" when !seesWork => "a.published_version_id",
            _ => "a.latest_version_id",
        };
        var args = new DynamicParameters();
        var where = new List<string> { "1 = 1" };
        if (state is VersionStates.Draft or VersionStates.InReview)
        {
            if (!seesWork)
            {
                return Results.Ok(new ArticlePage([], 0, paging.PageNumber, paging.PageSize));
            }

            where.Add("v.state = @state");
            args.Add("state", state);
        }

        AddFilters(where, args, tag, system);
        var from = $"FROM knowledge_articles a JOIN knowledge_versions v ON v.id = {join} WHERE {string.Join(" AND ", where)}";
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) {from}", args, cancellationToken: ct));
        args.Add("limit", paging.PageSize);
        args.Add("offset", paging.Offset);
        var rows = await ListAsync(connection, from, args, ct);
        return Results.Ok(new ArticlePage(rows, total, paging.PageNumber, paging.PageSize));
    }

    private static async Task<List<ArticleListItem>> ListAsync(System.Data.Common.DbConnection connection, string from, DynamicParameters args, CancellationToken ct)
    {
        var rows = (await connection.QueryAsync<VersionRow>(new CommandDefinition(
            $"SELECT {ArticleStore.Columns} {from} ORDER BY a.updated_at DESC, a.id DESC LIMIT @limit OFFSET @offset", args, cancellationToken: ct))).ToList();
        var published = await PublishedAsync(connection, rows.Select(r => r.ArticleId).ToList(), ct);
        return rows.Select(r => Item(r, published.Contains(r.ArticleId), null, null)).ToList();
    }

    private static async Task<HashSet<long>> PublishedAsync(System.Data.Common.DbConnection connection, IReadOnlyCollection<long> ids, CancellationToken ct) =>
        (await connection.QueryAsync<long>(new CommandDefinition(
            $"SELECT id FROM knowledge_articles WHERE published_version_id IS NOT NULL AND id IN {SqlIn.List("id", ids, new DynamicParameters())}", cancellationToken: ct))).ToHashSet();

    private static void AddFilters(List<string> where, DynamicParameters args, string? tag, long? system)
    {
        if (!string.IsNullOrWhiteSpace(tag))
        {
            where.Add("v.tags LIKE @tag" + SqlLike.Escape);
            args.Add("tag", SqlLike.Contains("|" + tag.Trim() + "|"));
        }

        if (system is { } systemId)
        {
            where.Add("v.system_ids LIKE @system");
            args.Add("system", $"%|{systemId}|%");
        }
    }

    private static async Task<ArticlePage> SearchAsync(System.Data.Common.DbConnection connection, SearchQuery query, string? tag, long? system, string? state, PageRequest paging, CancellationToken ct)
    {
        // Search covers what readers read: the published versions.
        if (query.IsEmpty || state is VersionStates.Draft or VersionStates.InReview)
        {
            return new ArticlePage([], 0, paging.PageNumber, paging.PageSize);
        }

        var (ranked, _) = await RankedAsync(connection, query, MatchMode.AllTerms, tag, system, ct);
        if (ranked.Count == 0)
        {
            (ranked, _) = await RankedAsync(connection, query, MatchMode.AnyTerm, tag, system, ct);
        }

        var terms = Highlighter.Terms(query);
        var items = ranked.Skip(paging.Offset).Take(paging.PageSize)
            .Select(v => Item(v, true, Highlighter.Mark(v.Title, terms), Highlighter.Snippet([v.Symptom, v.Cause, v.Solution], terms)))
            .ToList();
        return new ArticlePage(items, ranked.Count, paging.PageNumber, paging.PageSize);
    }

    /// <summary>The published versions matching, filtered, in the engine's order re-ranked by <see cref="SearchRanker"/>.</summary>
    internal static async Task<(IReadOnlyList<VersionRow> Ranked, int Found)> RankedAsync(System.Data.Common.DbConnection connection, SearchQuery query, MatchMode mode, string? tag, long? system, CancellationToken ct)
    {
        var ids = await SearchIndex.FindAsync(connection, query, mode, ct);
        if (ids.Count == 0)
        {
            return ([], 0);
        }

        var args = new DynamicParameters();
        var where = new List<string> { $"a.id IN {SqlIn.List("id", ids, args)}" };
        AddFilters(where, args, tag, system);
        var rows = (await connection.QueryAsync<VersionRow>(new CommandDefinition(
            $"SELECT {ArticleStore.Columns} FROM knowledge_articles a JOIN knowledge_versions v ON v.id = a.published_version_id WHERE {string.Join(" AND ", where)}",
            args, cancellationToken: ct))).ToDictionary(r => r.ArticleId);
        var inOrder = ids.Where(rows.ContainsKey).Select(id => rows[id]).ToList();
        return (SearchRanker.Rerank(query, inOrder, v => v.Title, SearchIndex.Body), ids.Count);
    }

    private static ArticleListItem Item(VersionRow v, bool hasPublished, IReadOnlyList<TextPart>? titleParts, IReadOnlyList<TextPart>? snippet) =>
        new(v.ArticleId, v.State, v.Number, hasPublished, v.Title, v.TagList, v.RefsValue.Systems, v.AuthorName, UnixMs.ToTime(v.UpdatedAt), titleParts, snippet);
}
