using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Alerting.Rules;

/// <summary>
/// Creates and updates alert rules. An update names the version it was based on (409 when someone saved in between);
/// a changed condition starts the rule's alerts afresh, so no alert carries a state the new condition never produced.
/// </summary>
internal sealed class SaveRule(Databases databases, IAuditTrail audit, TimeProvider clock)
{
    internal static async Task<IResult> CreateEndpoint(SaveAlertRuleRequest request, SaveRule save, CancellationToken ct)
    {
        var rule = await save.CreateAsync(request, ct);
        return Results.Created($"/api/v1/alerting/rules/{rule.Id}", rule);
    }

    internal static async Task<IResult> UpdateEndpoint(long id, SaveAlertRuleRequest request, SaveRule save, CancellationToken ct) =>
        Results.Ok(await save.UpdateAsync(id, request, ct));

    public async Task<AlertRuleDto> CreateAsync(SaveAlertRuleRequest request, CancellationToken ct)
    {
        var valid = RuleValidation.Check(request);
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        await EnsureNameFreeAsync(connection, tx, valid.Name, null);
        var now = UnixMs.Now(clock);
        var id = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO alert_rules (name, group_name, expr, for_ms, recover_expr, scope, template, severity, labels, annotations, runbook_url, interval_ms, enabled, kind, created_at, updated_at, version)
            VALUES (@Name, @Group, @Expr, @ForMs, @RecoverExpr, @Scope, @Template, @Severity, @Labels, @Annotations, @RunbookUrl, @IntervalMs, @Enabled, @Kind, @now, @now, 1)
            RETURNING id
            """,
            new { valid.Name, valid.Group, valid.Expr, valid.ForMs, valid.RecoverExpr, valid.Scope, valid.Template, valid.Severity, valid.Labels, valid.Annotations, valid.RunbookUrl, valid.IntervalMs, valid.Enabled, valid.Kind, now }, tx);
        await audit.RecordAsync(new AuditEntry("alerting.rule.create", "alert_rule", id.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditEntry.Success, valid.Name), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        return (await RuleReader.GetAsync(connection, id, ct))!;
    }

    public async Task<AlertRuleDto> UpdateAsync(long id, SaveAlertRuleRequest request, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var row = await RuleReader.FindAsync(connection, id, tx) ?? throw AppProblem.NotFound();
        AppProblem.EnsureVersion(request.Version, row.Version);

        var valid = RuleValidation.Check(request);
        await EnsureNameFreeAsync(connection, tx, valid.Name, id);
        await connection.ExecuteAsync(
            """
            UPDATE alert_rules SET name = @Name, group_name = @Group, expr = @Expr, for_ms = @ForMs, recover_expr = @RecoverExpr, scope = @Scope, template = @Template, severity = @Severity,
              labels = @Labels, annotations = @Annotations, runbook_url = @RunbookUrl, interval_ms = @IntervalMs, enabled = @Enabled, kind = @Kind,
              updated_at = @now, version = version + 1
            WHERE id = @id
            """,
            new { valid.Name, valid.Group, valid.Expr, valid.ForMs, valid.RecoverExpr, valid.Scope, valid.Template, valid.Severity, valid.Labels, valid.Annotations, valid.RunbookUrl, valid.IntervalMs, valid.Enabled, valid.Kind, now = UnixMs.Now(clock), id }, tx);
        if (valid.Expr != row.Expr || valid.Labels != row.Labels || valid.Scope != row.Scope || valid.Kind != row.Kind || !valid.Enabled)
        {
            // The rule's alerts come from the old condition (or the rule is off): they end here, resolved.
            await Evaluation.AlertStateStore.EndAllAsync(connection, tx, id, UnixMs.Now(clock), ct);
        }

        await audit.RecordAsync(new AuditEntry("alerting.rule.update", "alert_rule", id.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditEntry.Success, valid.Name), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        return (await RuleReader.GetAsync(connection, id, ct))!;
    }

    private static async Task EnsureNameFreeAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx, string name, long? self)
    {
        var other = await connection.ExecuteScalarAsync<long?>("SELECT id FROM alert_rules WHERE name = @name", new { name }, tx);
        if (other is { } id && id != self)
        {
            throw new AppProblem(409, "validation_failed", fieldErrors: new Dictionary<string, string> { ["name"] = "rule_name_taken" });
        }
    }
}
