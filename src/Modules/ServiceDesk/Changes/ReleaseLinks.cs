using System.Data.Common;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using HospitalOps.ServiceDesk.Tickets;
using HospitalOps.ServiceDesk.Workflows;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.ServiceDesk.Changes;

/// <summary>The changes a release ships, by their numbers (CHG-…); the list replaces the one saved.</summary>
public sealed record SaveReleaseChangesRequest(IReadOnlyList<string>? Changes);

/// <summary>A change linked to a release, or a release linked to a change, with its state and whether it was completed.</summary>
public sealed record LinkedTicketDto(long Id, string Number, string Title, string State, string StateName, string StateNameEn, bool Completed);

/// <summary>
/// Releases (发布) name the changes they ship. A release is completed only after every change it ships was completed
/// (a change withdrawn or rolled back holds it up until it is taken off the release).
/// </summary>
internal static class ReleaseLinks
{
    public const string ReleaseType = "release";
    public const string ChangeType = "change";
    public const int MaxChanges = 50;

    internal static async Task<IResult> PutEndpoint(long id, SaveReleaseChangesRequest request, HttpContext context, Databases databases, WorkflowCatalog workflows,
        TimeProvider clock, CancellationToken ct)
    {
        var numbers = (request.Changes ?? []).Select(n => n?.Trim() ?? "").Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (numbers.Count > MaxChanges)
        {
            throw AppProblem.Invalid("changes", "release_too_many_changes");
        }

        var actor = CurrentUser.Of(context);
        var at = UnixMs.Now(clock);
        await using var connection = await databases.Config.OpenAsync(ct);
        await using (var tx = await Database.BeginWriteAsync(connection, ct))
        {
            var release = await TicketRecord.ByIdAsync(connection, tx, id, ct) ?? throw AppProblem.NotFound();
            if (release.TypeKey != ReleaseType)
            {
                throw new AppProblem(409, "release_not_a_release");
            }

            if (release.StateCategory is "resolved" or "closed")
            {
                throw new AppProblem(409, "release_finished");
            }

            var changes = new List<(long Id, string Number)>();
            for (var i = 0; i < numbers.Count; i++)
            {
                var found = await connection.QuerySingleOrDefaultAsync<(long Id, string Number, string TypeKey)>(new CommandDefinition(
                    "SELECT t.id, t.number, y.key FROM sd_tickets t JOIN sd_ticket_types y ON y.id = t.type_id WHERE upper(t.number) = upper(@number)",
                    new { number = numbers[i] }, tx, cancellationToken: ct));
                if (found.Id == 0 || found.TypeKey != ChangeType)
                {
                    throw AppProblem.Invalid($"changes[{i}]", "release_unknown_change");
                }

                changes.Add((found.Id, found.Number));
            }

            var before = (await connection.QueryAsync<long>(new CommandDefinition(
                "SELECT change_id FROM sd_release_changes WHERE release_id = @id", new { id }, tx, cancellationToken: ct))).ToHashSet();
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM sd_release_changes WHERE release_id = @id", new { id }, tx, cancellationToken: ct));
            foreach (var change in changes)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO sd_release_changes (release_id, change_id, linked_at, linked_by) VALUES (@id, @change, @at, @by)",
                    new { id, change = change.Id, at, by = actor.UserName }, tx, cancellationToken: ct));
            }

            if (!before.SetEquals(changes.Select(c => c.Id)))
            {
                await TicketLog.AddAsync(connection, tx, id, at, TicketLog.Linked, actor.UserName, null, null, string.Join(", ", changes.Select(c => c.Number)), ct);
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE sd_tickets SET updated_at = @at, version = version + 1 WHERE id = @id", new { at, id }, tx, cancellationToken: ct));
            }

            await tx.CommitAsync(ct);
        }

        TicketChanges.Signal();
        return Results.Ok(await LinkedAsync(connection, workflows, id, ct));
    }

    /// <summary>Refuses to complete a release while one of its changes is not completed, naming those.</summary>
    public static async Task CheckChangesCompletedAsync(DbConnection connection, DbTransaction tx, long releaseId, CancellationToken ct)
    {
        var pending = (await connection.QueryAsync<string>(new CommandDefinition(
            $"""
            SELECT t.number FROM sd_release_changes l JOIN sd_tickets t ON t.id = l.change_id
            WHERE l.release_id = @releaseId AND NOT ({CompletedSql}) ORDER BY t.number
            """, new { releaseId, completed = ChangeGate.CompletedState, closed = "closed" }, tx, cancellationToken: ct))).ToList();
        if (pending.Count > 0)
        {
            throw new AppProblem(409, "release_changes_incomplete", new Dictionary<string, string> { ["changes"] = string.Join("、", pending) });
        }
    }

    /// <summary>A change counts as completed in state completed, or closed after it was completed (not withdrawn, not rolled back).</summary>
    private const string CompletedSql =
        "t.state = @completed OR (t.state = @closed AND EXISTS (SELECT 1 FROM sd_ticket_log g WHERE g.ticket_id = t.id AND g.kind = 'transition' AND g.to_state = @completed))";

    /// <summary>What the ticket links to: the changes of a release, the releases of a change.</summary>
    public static async Task<LinksDto> LinkedAsync(DbConnection connection, WorkflowCatalog workflows, long ticketId, CancellationToken ct)
    {
        async Task<List<LinkedTicketDto>> ReadAsync(string joinOn, string where)
        {
            var rows = await connection.QueryAsync<LinkedRow>(new CommandDefinition(
                $"""
                SELECT t.id, t.number, t.title, t.state, t.workflow_id AS WorkflowId, t.workflow_version AS WorkflowVersion,
                  CASE WHEN {CompletedSql} THEN 1 ELSE 0 END AS Completed
                FROM sd_release_changes l JOIN sd_tickets t ON t.id = {joinOn} WHERE {where} = @ticketId ORDER BY t.number
                """, new { ticketId, completed = ChangeGate.CompletedState, closed = "closed" }, cancellationToken: ct));
            var list = new List<LinkedTicketDto>();
            foreach (var r in rows)
            {
                var definition = await workflows.VersionAsync(connection, null, r.WorkflowId, (int)r.WorkflowVersion, ct);
                var state = definition.States.FirstOrDefault(s => s.Key == r.State);
                list.Add(new LinkedTicketDto(r.Id, r.Number, r.Title, r.State, state?.Name ?? r.State, state?.NameEn ?? r.State, r.Completed == 1));
            }

            return list;
        }

        return new LinksDto(await ReadAsync("l.change_id", "l.release_id"), await ReadAsync("l.release_id", "l.change_id"));
    }

    private sealed record LinkedRow
    {
        public long Id { get; init; }
        public string Number { get; init; } = "";
        public string Title { get; init; } = "";
        public string State { get; init; } = "";
        public long WorkflowId { get; init; }
        public long WorkflowVersion { get; init; }
        public long Completed { get; init; }
    }
}

/// <summary>The changes a release ships, and the releases that ship a change.</summary>
public sealed record LinksDto(IReadOnlyList<LinkedTicketDto> Changes, IReadOnlyList<LinkedTicketDto> Releases);
