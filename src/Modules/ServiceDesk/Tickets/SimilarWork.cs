using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Knowledge.Contracts;
using HospitalOps.TextSearch;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.ServiceDesk.Tickets;

/// <summary>A resolved ticket like the one being written, with how it was resolved.</summary>
public sealed record SimilarTicketDto(long Id, string Number, string Title, string? Resolution, DateTimeOffset OpenedAt);

/// <summary>What the desk already knows about a problem: knowledge articles and past tickets like it.</summary>
public sealed record SimilarWorkDto(IReadOnlyList<KnowledgeArticleHit> Articles, IReadOnlyList<SimilarTicketDto> Tickets);

/// <summary>
/// Shown while a ticket is written and on its page: the published articles and the resolved tickets most like its text (any
/// word may match, Chinese and English alike), so the engineer starts from what worked before.
/// </summary>
internal static class SimilarWork
{
    internal static async Task<IResult> Endpoint(string? text, long? except, int? limit, Databases databases, IServiceScopeFactory scopes, CancellationToken ct)
    {
        var words = text?.Trim() ?? "";
        if (words.Length > 20_000)
        {
            throw AppProblem.Invalid("text", "too_long");
        }

        var count = Math.Clamp(limit ?? 5, 1, 20);
        if (words.Length == 0)
        {
            return Results.Ok(new SimilarWorkDto([], []));
        }

        await using var scope = scopes.CreateAsyncScope();
        var articles = scope.ServiceProvider.GetService<IKnowledgeSearch>() is { } knowledge ? await knowledge.SimilarAsync(words, count, ct) : [];
        await using var connection = await databases.Config.OpenAsync(ct);
        var ids = await TicketSearch.SimilarAsync(connection, SearchQuery.Parse(words), count, except, ct);
        var tickets = new List<SimilarTicketDto>();
        foreach (var id in ids)
        {
            if (await TicketRecord.ByIdAsync(connection, null, id, ct) is { } t)
            {
                tickets.Add(new SimilarTicketDto(t.Id, t.Number, t.Title, t.Fields.GetValueOrDefault("resolution"), UnixMs.ToTime(t.OpenedAt)));
            }
        }

        return Results.Ok(new SimilarWorkDto(articles, tickets));
    }
}
