using System.Globalization;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Security;

namespace HospitalOps.Knowledge.Articles;

/// <summary>
/// Who may see one article: readers see it once a version is published; authors and reviewers (knowledge.write,
/// knowledge.review) also see drafts and articles in review. Changing it needs knowledge.write.
/// </summary>
internal sealed class KnowledgeAccessRule(Databases databases) : IObjectAccessRule
{
    public const string Type = "knowledge_article";

    public string ObjectType => Type;

    public async ValueTask<bool> AllowsAsync(CurrentUser user, string objectId, ObjectAccessKind access, CancellationToken ct)
    {
        if (access == ObjectAccessKind.Write)
        {
            return user.Has(KnowledgeModule.Write) || user.Has(KnowledgeModule.Review);
        }

        if (!user.Has(KnowledgeModule.Read) || !long.TryParse(objectId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return false;
        }

        if (ArticleStore.SeesWork(user))
        {
            return true;
        }

        await using var connection = await databases.Config.OpenAsync(ct);
        // An article that does not exist is allowed here so that the caller gets 404, as for anyone else.
        var published = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT COALESCE(published_version_id, 0) FROM knowledge_articles WHERE id = @id", new { id }, cancellationToken: ct));
        return published is null or > 0;
    }
}
