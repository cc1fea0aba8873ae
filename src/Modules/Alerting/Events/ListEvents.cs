using Dapper;
using HospitalOps.Alerting.Rules;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Paging;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Alerting.Events;

/// <summary>
/// Events filtered by state (<c>open</c> = firing or acknowledged), severity, CI, text, root event (<c>parent</c>: the
/// events correlated to it) and whether they are attached to a root (<c>attached=false</c>: the list without the events
/// correlated to another, which their root stands for); the most severe and most recent first, each with the business
/// systems its CI serves.
/// </summary>
internal static class ListEvents
{
    private const string SeverityRank = "CASE severity WHEN 'critical' THEN 0 WHEN 'major' THEN 1 WHEN 'minor' THEN 2 ELSE 3 END";

    internal static async Task<IResult> Endpoint(Databases databases, string? state, string? severity, string? ci, string? query, long? parent, bool? attached, int? page, int? pageSize,
        IServiceScopeFactory scopes, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var where = new List<string>();
        var args = new DynamicParameters();
        switch (state)
        {
            case null or "":
                break;
            case "open":
                where.Add("state IN ('firing', 'acknowledged')");
                break;
            case EventBook.Firing or EventBook.Acknowledged or EventBook.Resolved:
                where.Add("state = @state");
                args.Add("state", state);
                break;
            default:
                throw AppProblem.Invalid("state", "invalid_value");
        }

        if (!string.IsNullOrWhiteSpace(severity))
        {
            if (!Severity.IsKnown(severity))
            {
                throw AppProblem.Invalid("severity", "invalid_value");
            }

            where.Add("severity = @severity");
            args.Add("severity", severity);
        }

        if (!string.IsNullOrWhiteSpace(ci))
        {
            where.Add("ci_code = @ci");
            args.Add("ci", ci.Trim());
        }

        if (parent is { } root)
        {
            where.Add("parent_event_id = @root");
            args.Add("root", root);
        }

        if (attached is { } isAttached)
        {
            where.Add(isAttached ? "parent_event_id IS NOT NULL" : "parent_event_id IS NULL");
        }

        if (!string.IsNullOrWhiteSpace(query))
        {
            where.Add($"(lower(title) LIKE @q{SqlLike.Escape} OR lower(labels) LIKE @q{SqlLike.Escape})");
            args.Add("q", SqlLike.Contains(query.Trim().ToLowerInvariant()));
        }

        var clause = where.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", where);
        await using var connection = await databases.Config.OpenAsync(ct);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM alert_events {clause}", args, cancellationToken: ct));
        args.Add("limit", paging.PageSize);
        args.Add("offset", paging.Offset);
        var rows = await connection.QueryAsync<AlertEventRow>(new CommandDefinition(
            $"SELECT {AlertEventRow.Columns} FROM alert_events {clause} ORDER BY CASE WHEN state = 'resolved' THEN 1 ELSE 0 END, {SeverityRank}, last_seen DESC, id DESC LIMIT @limit OFFSET @offset",
            args, cancellationToken: ct));
        var items = await EventBusinessSystems.AttachAsync(rows.Select(r => r.ToDto()).ToList(), scopes, ct);
        return Results.Ok(new Page<AlertEventDto>(items, total, paging.PageNumber, paging.PageSize));
    }

    internal static async Task<IResult> GetEndpoint(long id, Databases databases, IServiceScopeFactory scopes, CancellationToken ct)
    {
        AlertEventRow? row;
        await using (var connection = await databases.Config.OpenAsync(ct))
        {
            row = await connection.QuerySingleOrDefaultAsync<AlertEventRow>(new CommandDefinition($"SELECT {AlertEventRow.Columns} FROM alert_events WHERE id = @id", new { id }, cancellationToken: ct));
        }

        return row is null ? throw AppProblem.NotFound() : Results.Ok((await EventBusinessSystems.AttachAsync([row.ToDto()], scopes, ct))[0]);
    }
}
