using System.Globalization;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Security;
using HospitalOps.Knowledge.Contracts;

namespace HospitalOps.Knowledge.Articles;

/// <summary>Drafts an article from a resolved ticket (the service desk's one click), through the same checks as the editor.</summary>
internal sealed class KnowledgeDrafts(ArticleStore store, IAuditTrail audit) : IKnowledgeDrafts
{
    public async Task<long> DraftFromAsync(string source, string title, string symptom, string? cause, string? solution, long authorUserId, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var article = ArticleRules.CheckText(new ArticleInput(title, symptom, cause, solution, null, null, null, null, source, title, null), errors);
        if (string.IsNullOrWhiteSpace(source))
        {
            errors["source"] = "required";
        }

        if (errors.Count > 0)
        {
            var (field, code) = errors.First();
            throw new ArgumentException($"{field}: {code}", field);
        }

        var author = new AuditActor(authorUserId, $"#{authorUserId.ToString(CultureInfo.InvariantCulture)}", null);
        await using var connection = await store.Databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var id = await store.CreateAsync(connection, tx, article, author, ct);
        await audit.RecordAsync(new AuditEntry("knowledge.article.create", KnowledgeAccessRule.Type, id.ToString(CultureInfo.InvariantCulture), AuditEntry.Success, $"v1 drafted from {article.Source}: {article.Title}"), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        return id;
    }
}
