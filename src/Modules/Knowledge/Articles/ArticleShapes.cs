namespace HospitalOps.Knowledge.Articles;

/// <summary>A monitoring item linked to an article: a PromQL query whose history the article shows as a chart.</summary>
public sealed record MonitorLink(string Title, string Query);

/// <summary>A CMDB object an article is about: a business system or a CI, with the code and name it had when linked.</summary>
public sealed record CmdbLink(long Id, string Code, string Name);

/// <summary>What an author writes: the fields of a version. Lists may be omitted (empty).</summary>
public sealed record ArticleInput(
    string? Title,
    string? Symptom,
    string? Cause,
    string? Solution,
    IReadOnlyList<string>? Tags,
    IReadOnlyList<long>? SystemIds,
    IReadOnlyList<long>? CiIds,
    IReadOnlyList<MonitorLink>? Monitors,
    string? Source,
    string? SourceTitle,
    int? Version);

/// <summary>The version to act on (the number the caller read) and, for a rejection, why.</summary>
public sealed record ReviewRequest(int? Version, string? Reason);

/// <summary>One version of an article, with its sections as Markdown and as safe HTML.</summary>
public sealed record VersionView(
    int Number,
    string State,
    string Title,
    string Symptom,
    string Cause,
    string Solution,
    string SymptomHtml,
    string CauseHtml,
    string SolutionHtml,
    IReadOnlyList<string> Tags,
    IReadOnlyList<CmdbLink> Systems,
    IReadOnlyList<CmdbLink> Cis,
    IReadOnlyList<MonitorLink> Monitors,
    string? Source,
    string? SourceTitle,
    long? AuthorId,
    string AuthorName,
    string EditorName,
    string? ReviewerName,
    string? RejectReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset? ReviewedAt);

/// <summary>
/// An article: its state (of the version being worked on, or published), the published version everyone may read, and
/// the version being worked on (draft or in review) when there is one and the caller may see it. <c>Actions</c> are
/// what the caller may do now: edit, submit, approve, reject.
/// </summary>
public sealed record ArticleView(long Id, string State, int LatestVersion, int? PublishedVersion, VersionView? Published, VersionView? Working, IReadOnlyList<string> Actions);

/// <summary>A version in an article's history.</summary>
public sealed record VersionSummary(int Number, string State, string Title, string AuthorName, string EditorName, string? ReviewerName, string? RejectReason, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ReviewedAt);

/// <summary>A run of text, marked when it matches the searched words.</summary>
public sealed record TextPart(string Text, bool Hit);

/// <summary>An article in a list or search result: the version shown, and with a search, the title and an excerpt with the matches marked.</summary>
public sealed record ArticleListItem(
    long Id,
    string State,
    int Version,
    bool HasPublished,
    string Title,
    IReadOnlyList<string> Tags,
    IReadOnlyList<CmdbLink> Systems,
    string AuthorName,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<TextPart>? TitleParts,
    IReadOnlyList<TextPart>? Snippet);

/// <summary>A page of articles.</summary>
public sealed record ArticlePage(IReadOnlyList<ArticleListItem> Items, long Total, int PageNumber, int PageSize);

/// <summary>An article like the given text.</summary>
public sealed record SimilarArticle(long Id, string Title, IReadOnlyList<TextPart> TitleParts, IReadOnlyList<TextPart> Snippet);
