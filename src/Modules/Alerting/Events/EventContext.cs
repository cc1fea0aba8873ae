using Dapper;
using HospitalOps.Cmdb.Contracts;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.PromQL.Ast;
using HospitalOps.PromQL.Model;
using HospitalOps.PromQL.Parsing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Alerting.Events;

/// <summary>The metric behind an event, to chart around the event's time: the query, its threshold when the rule has one, and the window.</summary>
public sealed record EventChart(string Query, double? Threshold, DateTimeOffset From, DateTimeOffset To);

/// <summary>The rule an event came from.</summary>
public sealed record EventRule(long Id, string Name, string Expr, string? RunbookUrl);

/// <summary>Everything an engineer needs next to an event: its CI and business systems, who maintains it, the rule, the chart.</summary>
public sealed record EventContextDto(CiFacts? Ci, IReadOnlyList<CiMaintainer> Maintainers, EventRule? Rule, EventChart? Chart, AlertEventDto? Root);

internal static class EventContext
{
    internal static async Task<IResult> Endpoint(long id, Databases databases, IServiceScopeFactory scopes, TimeProvider clock, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var evt = await connection.QuerySingleOrDefaultAsync<AlertEventRow>(new CommandDefinition(
            $"SELECT {AlertEventRow.Columns} FROM alert_events WHERE id = @id", new { id }, cancellationToken: ct)) ?? throw AppProblem.NotFound();
        var rule = evt.RuleId is { } ruleId
            ? await connection.QuerySingleOrDefaultAsync<EventRule>(new CommandDefinition(
                "SELECT id AS Id, name AS Name, expr AS Expr, runbook_url AS RunbookUrl FROM alert_rules WHERE id = @ruleId", new { ruleId }, cancellationToken: ct))
            : null;
        var root = evt.ParentEventId is { } parent
            ? (await connection.QuerySingleOrDefaultAsync<AlertEventRow>(new CommandDefinition(
                $"SELECT {AlertEventRow.Columns} FROM alert_events WHERE id = @parent", new { parent }, cancellationToken: ct)))?.ToDto()
            : null;

        CiFacts? ci = null;
        IReadOnlyList<CiMaintainer> maintainers = [];
        if (evt.CiCode is { } code)
        {
            await using var services = scopes.CreateAsyncScope();
            var cmdb = services.ServiceProvider.GetRequiredService<ICmdbDirectory>();
            ci = (await cmdb.FactsByCodeAsync([code], ct)).GetValueOrDefault(code);
            if (ci is not null)
            {
                maintainers = (await cmdb.MaintainersAsync([ci.Id], ct)).GetValueOrDefault(ci.Id) ?? [];
            }
        }

        // An hour before the event up to a quarter of an hour after it ended (or now), so the chart shows the change.
        var from = UnixMs.ToTime(evt.FirstSeen).AddHours(-1);
        var until = evt.ResolvedAt is { } resolved ? UnixMs.ToTime(resolved).AddMinutes(15) : clock.GetUtcNow();
        var chart = rule is null ? null : Chart(rule.Expr, from, until < clock.GetUtcNow() ? until : clock.GetUtcNow());
        return Results.Ok(new EventContextDto(ci, maintainers, rule, chart, root));
    }

    /// <summary>
    /// What to chart for a rule: a condition "expression &gt; 90" charts the expression with 90 as its threshold line (the
    /// comparison itself would only show the values past the line); any other condition is charted as it is.
    /// </summary>
    internal static EventChart? Chart(string expr, DateTimeOffset from, DateTimeOffset to)
    {
        Expr parsed;
        try
        {
            parsed = PromQLParser.Parse(expr);
        }
        catch (PromQLException)
        {
            return null;
        }

        parsed = Unwrap(parsed);
        if (parsed is BinaryExpr { ReturnBool: false } binary && binary.Op.IsComparison())
        {
            if (binary.Rhs is NumberLiteral right && binary.Lhs.Type == ExprType.Vector)
            {
                return new EventChart(Unwrap(binary.Lhs).ToString(), right.Value, from, to);
            }

            if (binary.Lhs is NumberLiteral left && binary.Rhs.Type == ExprType.Vector)
            {
                return new EventChart(Unwrap(binary.Rhs).ToString(), left.Value, from, to);
            }
        }

        return new EventChart(parsed.ToString(), null, from, to);
    }

    private static Expr Unwrap(Expr expr)
    {
        while (expr is ParenExpr paren)
        {
            expr = paren.Inner;
        }

        return expr;
    }
}
