using Dapper;
using HospitalOps.Cmdb.Contracts;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Demo;
using HospitalOps.Kernel.Security;
using HospitalOps.Knowledge.Articles;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Knowledge.Demo;

/// <summary>
/// The demo hospital's knowledge base: the faults its engineers meet (<see cref="DemoArticles"/>), each written by one
/// engineer and approved by another, published, some in a second version. An article whose title is already there is
/// left alone, so loading again changes nothing.
/// </summary>
internal sealed class KnowledgeDemo(ArticleStore store, IServiceScopeFactory scopes, IAuditTrail audit) : IDemoData
{
    public int Order => 60;

    public async Task LoadAsync(CancellationToken ct)
    {
        var codes = DemoArticles.All.SelectMany(a => a.Systems.Concat(a.Cis)).Distinct().ToList();
        IReadOnlyDictionary<string, CiFacts> facts;
        using (var scope = scopes.CreateScope())
        {
            facts = await scope.ServiceProvider.GetRequiredService<ICmdbDirectory>().FactsByCodeAsync(codes, ct);
        }

        await using var connection = await store.Databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var added = 0;
        var now = UnixMs.Now(store.Clock);
        foreach (var demo in DemoArticles.All)
        {
            var exists = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT MIN(id) FROM knowledge_versions WHERE title = @Title", new { demo.Title }, tx, cancellationToken: ct));
            if (exists is not null)
            {
                continue;
            }

            var article = new CheckedArticle(
                demo.Title, demo.Symptom, demo.Cause, demo.OlderSolution ?? demo.Solution, demo.Tags,
                Links(demo.Systems, facts), Links(demo.Cis, facts), demo.Monitors.Select(m => new MonitorLink(m.Title, m.Query)).ToList(), null, null);
            var author = new AuditActor(null, demo.Author, null);
            var reviewer = new AuditActor(null, demo.Reviewer, null);
            var id = await store.CreateAsync(connection, tx, article, author, ct);
            await PublishLatestAsync(connection, tx, id, reviewer, now, ct);
            if (demo.OlderSolution is not null)
            {
                await ArticleStore.InsertVersionAsync(connection, tx, id, 2, article with { Solution = demo.Solution }, author, now, ct);
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE knowledge_articles SET latest_version_id = (SELECT id FROM knowledge_versions WHERE article_id = @id AND number = 2) WHERE id = @id", new { id }, tx, cancellationToken: ct));
                await PublishLatestAsync(connection, tx, id, reviewer, now, ct);
            }

            added++;
        }

        if (added > 0)
        {
            await audit.RecordAsync(new AuditEntry("demo.load", "knowledge", null, AuditEntry.Success, $"{added} published knowledge articles"), connection, tx, new AuditActor(null, "system", null), ct);
        }

        await tx.CommitAsync(ct);
    }

    private static async Task PublishLatestAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx, long id, AuditActor reviewer, long now, CancellationToken ct)
    {
        var (article, latest) = await ArticleStore.RequireAsync(connection, tx, id, ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE knowledge_versions SET state = 'in_review', submitted_at = @now WHERE id = @versionId", new { versionId = latest.Id, now }, tx, cancellationToken: ct));
        await ArticleStore.PublishAsync(connection, tx, article, latest, reviewer, now, ct);
    }

    private static List<CmdbLink> Links(IEnumerable<string> codes, IReadOnlyDictionary<string, CiFacts> facts) =>
        codes.Where(facts.ContainsKey).Select(c => new CmdbLink(facts[c].Id, facts[c].Code, facts[c].Name)).ToList();
}
