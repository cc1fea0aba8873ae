using HospitalOps.Kernel.Errors;
using HospitalOps.Knowledge.Articles;
using HospitalOps.Knowledge.Contracts;
using HospitalOps.TextSearch;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Knowledge.Search;

/// <summary>
/// The published articles like a text — a new ticket's title and description — for the ticket form and the service
/// desk: any word may match, the more the better, title matches most.
/// </summary>
internal sealed class SimilarArticles(ArticleStore store) : IKnowledgeSearch
{
    public const int MaxLimit = 20;

    internal static async Task<IResult> Endpoint(string? text, int? limit, SimilarArticles similar, CancellationToken ct)
    {
        if (limit is < 1 or > MaxLimit)
        {
            throw AppProblem.Invalid("limit", "knowledge_invalid_limit");
        }

        return Results.Ok(await similar.FindAsync(text, limit ?? 5, ct));
    }

    public async Task<IReadOnlyList<SimilarArticle>> FindAsync(string? text, int limit, CancellationToken ct)
    {
        var query = SearchQuery.Parse(text);
        if (query.IsEmpty)
        {
            return [];
        }

        await using var connection = await store.Databases.Config.OpenAsync(ct);
        var (ranked, _) = await SearchArticles.RankedAsync(connection, query, MatchMode.AnyTerm, null, null, ct);
        var terms = Highlighter.Terms(query);
        return ranked.Take(Math.Clamp(limit, 1, MaxLimit))
            .Select(v => new SimilarArticle(v.ArticleId, v.Title, Highlighter.Mark(v.Title, terms), Highlighter.Snippet([v.Symptom, v.Cause, v.Solution], terms)))
            .ToList();
    }

    public async Task<IReadOnlyList<KnowledgeArticleHit>> SimilarAsync(string text, int limit, CancellationToken ct) =>
        (await FindAsync(text, limit, ct)).Select(a => new KnowledgeArticleHit(a.Id, a.Title, string.Concat(a.Snippet.Select(p => p.Text)))).ToList();
}
