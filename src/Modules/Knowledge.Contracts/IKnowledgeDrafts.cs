namespace HospitalOps.Knowledge.Contracts;

/// <summary>
/// Drafting a knowledge article from work already done: the service desk calls it when an engineer turns a resolved
/// incident, problem, change or request into knowledge in one click. The draft still goes through review.
/// </summary>
public interface IKnowledgeDrafts
{
    /// <summary>
    /// Creates a draft article (version 1, state draft) and returns its id.
    /// </summary>
    /// <param name="source">Where it comes from, as <c>kind:id</c> (for example <c>ticket:123</c>); the kind is lower-case letters, the id letters, digits, <c>.</c>, <c>_</c> or <c>-</c>.</param>
    /// <param name="title">The article's title (the source's title is kept alongside as its label).</param>
    /// <param name="symptom">What was seen (Markdown); required.</param>
    /// <param name="cause">Why it happened (Markdown); may be empty in a draft.</param>
    /// <param name="solution">What fixed it (Markdown); may be empty in a draft.</param>
    /// <param name="authorUserId">The user who drafts it; that user cannot approve this version.</param>
    /// <param name="ct">Cancellation.</param>
    /// <exception cref="ArgumentException">When a value is missing, too long or the source is malformed.</exception>
    Task<long> DraftFromAsync(string source, string title, string symptom, string? cause, string? solution, long authorUserId, CancellationToken ct);
}

/// <summary>A published article that matches a text, as shown beside a new ticket.</summary>
/// <param name="Id">The article id (its page is <c>/knowledge/articles/{id}</c>).</param>
/// <param name="Title">The published title.</param>
/// <param name="Snippet">A short plain-text excerpt around the matching words.</param>
public sealed record KnowledgeArticleHit(long Id, string Title, string Snippet);

/// <summary>Search over the published knowledge, for other modules.</summary>
public interface IKnowledgeSearch
{
    /// <summary>
    /// The published articles most like <paramref name="text"/> (a ticket's title and description), best first: any
    /// of its words may match (Chinese, English or both mixed), more matches rank higher, title matches most.
    /// </summary>
    /// <param name="text">Free text; only its first 512 characters are read.</param>
    /// <param name="limit">At most this many (1–20).</param>
    /// <param name="ct">Cancellation.</param>
    Task<IReadOnlyList<KnowledgeArticleHit>> SimilarAsync(string text, int limit, CancellationToken ct);
}
