using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Paging;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Monitoring.Targets;

/// <summary>Targets filtered by kind, CI, health state and text, with paging; and one target by id.</summary>
internal static class ListTargets
{
    internal static async Task<IResult> Endpoint(HttpContext context, Databases databases, TargetReader reader, string? kind, long? ciId, string? state, string? query, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var where = new List<string>();
        var args = new DynamicParameters();
        if (!string.IsNullOrWhiteSpace(kind))
        {
            where.Add("t.kind = @kind");
            args.Add("kind", kind.Trim());
        }

        if (ciId is { } ci)
        {
            where.Add("t.ci_id = @ci");
            args.Add("ci", ci);
        }

        if (!string.IsNullOrWhiteSpace(query))
        {
            where.Add($"(lower(t.name) LIKE @q{SqlLike.Escape} OR lower(t.address) LIKE @q{SqlLike.Escape})");
            args.Add("q", SqlLike.Contains(query.Trim().ToLowerInvariant()));
        }

        switch (state)
        {
            case null or "":
                break;
            case "up" or "down":
                where.Add("h.state = @state");
                args.Add("state", state);
                break;
            case "unknown":
                where.Add("h.state IS NULL");
                break;
            case "disabled":
                where.Add("t.enabled = @no");
                args.Add("no", false);
                break;
            default:
                throw AppProblem.Invalid("state", "invalid_value");
        }

        var clause = where.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", where);
        const string from = "FROM monitoring_targets t LEFT JOIN monitoring_target_health h ON h.target_id = t.id";
        await using var connection = await databases.Config.OpenAsync(ct);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) {from} {clause}", args, cancellationToken: ct));
        args.Add("limit", paging.PageSize);
        args.Add("offset", paging.Offset);
        var rows = (await connection.QueryAsync<TargetRow>(new CommandDefinition($"SELECT {TargetRow.Columns("t")} {from} {clause} ORDER BY t.name LIMIT @limit OFFSET @offset", args, cancellationToken: ct))).ToList();
        var items = await reader.DescribeAsync(connection, rows, RequestLanguage.Of(context), ct);
        return Results.Ok(new Page<TargetDto>(items, total, paging.PageNumber, paging.PageSize));
    }

    internal static async Task<IResult> GetEndpoint(HttpContext context, long id, TargetReader reader, CancellationToken ct) =>
        await reader.GetAsync(id, RequestLanguage.Of(context), ct) is { } target ? Results.Ok(target) : throw AppProblem.NotFound();
}
