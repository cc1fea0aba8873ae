using Dapper;
using HospitalOps.Alerting.Evaluation;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Alerting.Rules;

/// <summary>Deletes a rule; its firing alerts resolve with it, and its events stay as the record of what happened.</summary>
internal static class DeleteRule
{
    internal static async Task<IResult> Endpoint(long id, Databases databases, IAuditTrail audit, TimeProvider clock, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var row = await RuleReader.FindAsync(connection, id, tx) ?? throw AppProblem.NotFound();
        await AlertStateStore.EndAllAsync(connection, tx, id, UnixMs.Now(clock), ct);
        await connection.ExecuteAsync("DELETE FROM alert_rules WHERE id = @id", new { id }, tx);
        await audit.RecordAsync(new AuditEntry("alerting.rule.delete", "alert_rule", id.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditEntry.Success, row.Name), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        return Results.NoContent();
    }
}
