using System.Data.Common;
using System.Text.Json;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using HospitalOps.Knowledge.Search;
using HospitalOps.RichText;

namespace HospitalOps.Knowledge.Articles;

/// <summary>A version as stored.</summary>
internal sealed class VersionRow
{
    public long Id { get; set; }
    public long ArticleId { get; set; }
    public int Number { get; set; }
    public string State { get; set; } = "";
    public string Title { get; set; } = "";
    public string Symptom { get; set; } = "";
    public string Cause { get; set; } = "";
    public string Solution { get; set; } = "";
    public string Tags { get; set; } = "||";
    public string SystemIds { get; set; } = "||";
    public string Refs { get; set; } = "{}";
    public string? Source { get; set; }
    public string? SourceTitle { get; set; }
    public long? AuthorId { get; set; }
    public string AuthorName { get; set; } = "";
    public long? EditorId { get; set; }
    public string EditorName { get; set; } = "";
    public long? ReviewerId { get; set; }
    public string? ReviewerName { get; set; }
    public string? RejectReason { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
    public long? SubmittedAt { get; set; }
    public long? ReviewedAt { get; set; }

    public IReadOnlyList<string> TagList => Split(Tags);

    public StoredRefs RefsValue => JsonSerializer.Deserialize<StoredRefs>(Refs, ArticleStore.Json) ?? new StoredRefs([], [], []);

    public static IReadOnlyList<string> Split(string value) => value.Split('|', StringSplitOptions.RemoveEmptyEntries);

    public static string Join(IEnumerable<string> values) => "|" + string.Join('|', values) + "|";
}

/// <summary>The links of a version, stored as one JSON document.</summary>
internal sealed record StoredRefs(IReadOnlyList<CmdbLink> Systems, IReadOnlyList<CmdbLink> Cis, IReadOnlyList<MonitorLink> Monitors);

/// <summary>The article row: which version is the latest and which is published.</summary>
internal sealed record ArticleRow(long Id, long LatestVersionId, long? PublishedVersionId);

/// <summary>
/// The states of a version: <c>draft</c> (being written, or rejected back with a reason), <c>in_review</c>,
/// <c>published</c> (the one everyone reads), <c>superseded</c> (published before; kept).
/// </summary>
internal static class VersionStates
{
    public const string Draft = "draft";
    public const string InReview = "in_review";
    public const string Published = "published";
    public const string Superseded = "superseded";
    public static readonly string[] Filterable = [Draft, InReview, Published];
}

/// <summary>Reads and writes articles and their versions; every write runs in the caller's transaction.</summary>
internal sealed class ArticleStore(Databases databases, TimeProvider clock)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public const string Columns = """
        v.id AS Id, v.article_id AS ArticleId, v.number AS Number, v.state AS State, v.title AS Title, v.symptom AS Symptom,
        v.cause AS Cause, v.solution AS Solution, v.tags AS Tags, v.system_ids AS SystemIds, v.refs AS Refs, v.source AS Source,
        v.source_title AS SourceTitle, v.author_id AS AuthorId, v.author_name AS AuthorName, v.editor_id AS EditorId,
        v.editor_name AS EditorName, v.reviewer_id AS ReviewerId, v.reviewer_name AS ReviewerName, v.reject_reason AS RejectReason,
        v.created_at AS CreatedAt, v.updated_at AS UpdatedAt, v.submitted_at AS SubmittedAt, v.reviewed_at AS ReviewedAt
        """;

    public Databases Databases => databases;

    public TimeProvider Clock => clock;

    // Inside a write transaction the article row is locked on PostgreSQL, so two reviewers approving at once are served
    // one after the other and the second sees the version already published (SQLite's write transaction is exclusive).
    public static async Task<ArticleRow?> ArticleAsync(DbConnection connection, DbTransaction? tx, long id, CancellationToken ct) =>
        await connection.QuerySingleOrDefaultAsync<ArticleRow>(new CommandDefinition(
            "SELECT id AS Id, latest_version_id AS LatestVersionId, published_version_id AS PublishedVersionId FROM knowledge_articles WHERE id = @id"
                + (tx is not null && connection is not Microsoft.Data.Sqlite.SqliteConnection ? " FOR UPDATE" : string.Empty),
            new { id }, tx, cancellationToken: ct));

    public static async Task<VersionRow?> VersionByIdAsync(DbConnection connection, DbTransaction? tx, long versionId, CancellationToken ct) =>
        await connection.QuerySingleOrDefaultAsync<VersionRow>(new CommandDefinition(
            $"SELECT {Columns} FROM knowledge_versions v WHERE v.id = @versionId", new { versionId }, tx, cancellationToken: ct));

    public static async Task<VersionRow?> VersionAsync(DbConnection connection, long articleId, int number, CancellationToken ct) =>
        await connection.QuerySingleOrDefaultAsync<VersionRow>(new CommandDefinition(
            $"SELECT {Columns} FROM knowledge_versions v WHERE v.article_id = @articleId AND v.number = @number", new { articleId, number }, cancellationToken: ct));

    public static async Task<List<VersionRow>> VersionsAsync(DbConnection connection, long articleId, CancellationToken ct) =>
        (await connection.QueryAsync<VersionRow>(new CommandDefinition(
            $"SELECT {Columns} FROM knowledge_versions v WHERE v.article_id = @articleId ORDER BY v.number DESC", new { articleId }, cancellationToken: ct))).ToList();

    /// <summary>A new article with its first version (a draft) by <paramref name="author"/>; returns the article id.</summary>
    public async Task<long> CreateAsync(DbConnection connection, DbTransaction tx, CheckedArticle article, AuditActor author, CancellationToken ct)
    {
        var now = UnixMs.Now(clock);
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO knowledge_articles (created_at, updated_at) VALUES (@now, @now) RETURNING id", new { now }, tx, cancellationToken: ct));
        var versionId = await InsertVersionAsync(connection, tx, id, 1, article, author, now, ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE knowledge_articles SET latest_version_id = @versionId WHERE id = @id", new { versionId, id }, tx, cancellationToken: ct));
        return id;
    }

    public static async Task<long> InsertVersionAsync(DbConnection connection, DbTransaction tx, long articleId, int number, CheckedArticle a, AuditActor author, long now, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO knowledge_versions (article_id, number, state, title, symptom, cause, solution, tags, system_ids, refs, source, source_title,
                                            author_id, author_name, editor_id, editor_name, created_at, updated_at)
            VALUES (@articleId, @number, 'draft', @Title, @Symptom, @Cause, @Solution, @tags, @systemIds, @refs, @Source, @SourceTitle,
                    @authorId, @authorName, @authorId, @authorName, @now, @now)
            RETURNING id
            """,
            new
            {
                articleId, number, a.Title, a.Symptom, a.Cause, a.Solution, tags = VersionRow.Join(a.Tags), systemIds = VersionRow.Join(a.Systems.Select(s => s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))),
                refs = JsonSerializer.Serialize(new StoredRefs(a.Systems, a.Cis, a.Monitors), Json), a.Source, a.SourceTitle,
                authorId = author.UserId, authorName = author.UserName, now,
            }, tx, cancellationToken: ct));

    public static async Task UpdateDraftAsync(DbConnection connection, DbTransaction tx, long versionId, CheckedArticle a, AuditActor editor, long now, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE knowledge_versions SET title = @Title, symptom = @Symptom, cause = @Cause, solution = @Solution, tags = @tags, system_ids = @systemIds,
                   refs = @refs, source = @Source, source_title = @SourceTitle, editor_id = @editorId, editor_name = @editorName, updated_at = @now
            WHERE id = @versionId
            """,
            new
            {
                versionId, a.Title, a.Symptom, a.Cause, a.Solution, tags = VersionRow.Join(a.Tags), systemIds = VersionRow.Join(a.Systems.Select(s => s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))),
                refs = JsonSerializer.Serialize(new StoredRefs(a.Systems, a.Cis, a.Monitors), Json), a.Source, a.SourceTitle,
                editorId = editor.UserId, editorName = editor.UserName, now,
            }, tx, cancellationToken: ct));

    /// <summary>
    /// Publishes the article's version <paramref name="version"/> (in review): the version published so far is kept as
    /// superseded, the search index takes the new text, all in the caller's transaction.
    /// </summary>
    public static async Task PublishAsync(DbConnection connection, DbTransaction tx, ArticleRow article, VersionRow version, AuditActor reviewer, long now, CancellationToken ct)
    {
        if (article.PublishedVersionId is { } previous)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE knowledge_versions SET state = 'superseded' WHERE id = @previous", new { previous }, tx, cancellationToken: ct));
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE knowledge_versions SET state = 'published', reviewer_id = @reviewerId, reviewer_name = @reviewerName, reviewed_at = @now, reject_reason = NULL WHERE id = @id",
            new { id = version.Id, reviewerId = reviewer.UserId, reviewerName = reviewer.UserName, now }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE knowledge_articles SET published_version_id = @versionId, updated_at = @now WHERE id = @id", new { versionId = version.Id, id = article.Id, now }, tx, cancellationToken: ct));
        await SearchIndex.WriteAsync(connection, tx, article.Id, version, ct);
    }

    public static VersionView View(VersionRow v)
    {
        var refs = v.RefsValue;
        return new VersionView(
            v.Number, v.State, v.Title, v.Symptom, v.Cause, v.Solution,
            SafeMarkdown.ToHtml(v.Symptom), SafeMarkdown.ToHtml(v.Cause), SafeMarkdown.ToHtml(v.Solution),
            v.TagList, refs.Systems, refs.Cis, refs.Monitors, v.Source, v.SourceTitle, v.AuthorId, v.AuthorName, v.EditorName, v.ReviewerName, v.RejectReason,
            UnixMs.ToTime(v.CreatedAt), UnixMs.ToTime(v.UpdatedAt), UnixMs.ToTime(v.SubmittedAt), UnixMs.ToTime(v.ReviewedAt));
    }

    public static VersionSummary Summary(VersionRow v) =>
        new(v.Number, v.State, v.Title, v.AuthorName, v.EditorName, v.ReviewerName, v.RejectReason, UnixMs.ToTime(v.CreatedAt), UnixMs.ToTime(v.UpdatedAt), UnixMs.ToTime(v.ReviewedAt));

    /// <summary>Whether the caller may see versions that are not published: authors and reviewers.</summary>
    public static bool SeesWork(CurrentUser user) => user.Has(KnowledgeModule.Write) || user.Has(KnowledgeModule.Review);

    /// <summary>The article and its latest version, or 404 when it does not exist or the caller may not see it.</summary>
    public static async Task<(ArticleRow Article, VersionRow Latest)> RequireAsync(DbConnection connection, DbTransaction? tx, long id, CancellationToken ct)
    {
        var article = await ArticleAsync(connection, tx, id, ct) ?? throw AppProblem.NotFound();
        var latest = await VersionByIdAsync(connection, tx, article.LatestVersionId, ct) ?? throw AppProblem.NotFound();
        return (article, latest);
    }
}
