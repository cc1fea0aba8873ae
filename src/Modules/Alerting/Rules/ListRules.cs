using Dapper;
using HospitalOps.Alerting.Evaluation;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Paging;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Alerting.Rules;

/// <summary>Rules filtered by group, severity and text, with paging; one rule with its current alerts.</summary>
internal static class ListRules
{
    internal static async Task<IResult> Endpoint(Databases databases, string? group, string? severity, string? query, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var where = new List<string>();
        var args = new DynamicParameters();
        if (!string.IsNullOrWhiteSpace(group))
        {
            where.Add("group_name = @group");
            args.Add("group", group.Trim());
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

        if (!string.IsNullOrWhiteSpace(query))
        {
            where.Add($"(lower(name) LIKE @q{SqlLike.Escape} OR lower(expr) LIKE @q{SqlLike.Escape})");
            args.Add("q", SqlLike.Contains(query.Trim().ToLowerInvariant()));
        }

        var clause = where.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", where);
        await using var connection = await databases.Config.OpenAsync(ct);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM alert_rules {clause}", args, cancellationToken: ct));
        args.Add("limit", paging.PageSize);
        args.Add("offset", paging.Offset);
        var rows = (await connection.QueryAsync<AlertRuleRow>(new CommandDefinition(
            $"SELECT {AlertRuleRow.Columns} FROM alert_rules {clause} ORDER BY group_name, name LIMIT @limit OFFSET @offset", args, cancellationToken: ct))).ToList();
        return Results.Ok(new Page<AlertRuleDto>(await RuleReader.DescribeAsync(connection, rows, ct), total, paging.PageNumber, paging.PageSize));
    }

    internal static async Task<IResult> GetEndpoint(long id, Databases databases, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var rule = await RuleReader.GetAsync(connection, id, ct) ?? throw AppProblem.NotFound();
        var alerts = (await AlertStateStore.OfRuleAsync(connection, id, ct)).Select(a => new AlertDto(
            a.Fingerprint, AlertRuleRow.Parse(a.Labels), AlertRuleRow.Parse(a.Annotations), a.State,
            UnixMs.ToTime(a.ActiveSince), UnixMs.ToTime(a.FiredAt), a.Value, UnixMs.ToTime(a.EvaluatedAt))).ToList();
        return Results.Ok(new AlertRuleDetailDto(rule, alerts));
    }
}

/// <summary>One alert of a rule now: pending (waiting out the rule's duration) or firing.</summary>
public sealed record AlertDto(
    string Fingerprint,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    string State,
    DateTimeOffset ActiveSince,
    DateTimeOffset? FiredAt,
    double? Value,
    DateTimeOffset EvaluatedAt);

public sealed record AlertRuleDetailDto(AlertRuleDto Rule, IReadOnlyList<AlertDto> Alerts);
