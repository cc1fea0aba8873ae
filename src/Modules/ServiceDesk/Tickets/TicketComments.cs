using System.Data.Common;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.ServiceDesk.Tickets;

/// <summary>A comment of a ticket's discussion: its Markdown, and the safe HTML it shows as (mentions marked).</summary>
public sealed record TicketCommentDto(long Id, DateTimeOffset At, string Author, string Body, string BodyHtml, IReadOnlyList<string> Mentions);

/// <summary>A new comment; <c>@user</c> names in its text mention those users.</summary>
public sealed record AddTicketCommentRequest(string? Body);

/// <summary>
/// The discussion of a ticket. Mentioning <c>@user</c> makes that user a collaborator and sends them a notice, so the DBA an
/// application engineer calls in sees the ticket in their own queue.
/// </summary>
internal static partial class TicketComments
{
    [GeneratedRegex(@"(?<![\w.])@([A-Za-z0-9_.\-]{1,64})")]
    private static partial Regex MentionPattern();

    public static IReadOnlyList<string> MentionsIn(string body) =>
        MentionPattern().Matches(body).Select(m => m.Groups[1].Value.TrimEnd('.')).Where(m => m.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    public static async Task<long> InsertAsync(DbConnection connection, DbTransaction tx, long ticketId, long at, string author, string body, IReadOnlyList<string> mentions, CancellationToken ct)
    {
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO sd_ticket_comments (ticket_id, at, author, body, mentions) VALUES (@ticketId, @at, @author, @body, @mentions) RETURNING id",
            new { ticketId, at, author, body, mentions = JsonSerializer.Serialize(mentions) }, tx, cancellationToken: ct));
        await TicketLog.AddAsync(connection, tx, ticketId, at, TicketLog.Commented, author, null, null, body.Length > 200 ? body[..200] + "…" : body, ct);
        return id;
    }

    internal static async Task<IResult> ListEndpoint(long id, Databases databases, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await EnsureTicketAsync(connection, id, ct);
        var rows = await connection.QueryAsync<(long Id, long At, string Author, string Body, string Mentions)>(new CommandDefinition(
            "SELECT id, at, author, body, mentions FROM sd_ticket_comments WHERE ticket_id = @id ORDER BY id", new { id }, cancellationToken: ct));
        return Results.Ok(rows.Select(r =>
        {
            var mentions = JsonSerializer.Deserialize<List<string>>(r.Mentions) ?? [];
            return new TicketCommentDto(r.Id, UnixMs.ToTime(r.At), r.Author, r.Body, TicketText.ToHtml(r.Body, mentions), mentions);
        }).ToList());
    }

    internal static async Task<IResult> AddEndpoint(long id, AddTicketCommentRequest request, HttpContext context, Databases databases, IUserDirectory users, TimeProvider clock, CancellationToken ct)
    {
        var user = CurrentUser.Of(context);
        var body = request.Body?.Trim() ?? "";
        if (body.Length is 0 or > TicketTransitions.MaxComment)
        {
            throw AppProblem.Invalid("body", body.Length == 0 ? "required" : "too_long");
        }

        var named = MentionsIn(body);
        if (named.Count > 20)
        {
            throw AppProblem.Invalid("body", "ticket_too_many_mentions");
        }

        // Only users who exist are mentioned; an address or a stray "@" in pasted text is left as text.
        var found = named.Count == 0 ? new Dictionary<string, UserContact>() : await users.ContactsAsync(named, ct);
        var mentions = named.Where(n => found.TryGetValue(n, out var c) && !c.Disabled).ToList();

        var at = UnixMs.Now(clock);
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var ticket = await TicketRecord.ByIdAsync(connection, tx, id, ct) ?? throw AppProblem.NotFound();
        var commentId = await InsertAsync(connection, tx, id, at, user.UserName, body, mentions, ct);
        foreach (var mentioned in mentions.Where(m => m != ticket.Assignee && m != user.UserName))
        {
            await TicketCollaborators.AddAsync(connection, tx, id, mentioned, "mentioned", at, user.UserName, ct);
        }

        var to = mentions.Where(m => m != user.UserName).ToList();
        if (to.Count > 0)
        {
            await TicketNotices.PublishAsync(connection, tx, ticket, "mention", to, at, ct);
        }

        await connection.ExecuteAsync(new CommandDefinition("UPDATE sd_tickets SET updated_at = @at WHERE id = @id", new { at, id }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        TicketChanges.Signal();
        return Results.Created($"/api/v1/service-desk/tickets/{id}/comments/{commentId}", new TicketCommentDto(commentId, UnixMs.ToTime(at), user.UserName, body, TicketText.ToHtml(body, mentions), mentions));
    }

    internal static async Task EnsureTicketAsync(DbConnection connection, long id, CancellationToken ct)
    {
        if (await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT id FROM sd_tickets WHERE id = @id", new { id }, cancellationToken: ct)) is null)
        {
            throw AppProblem.NotFound();
        }
    }
}
