using System.Globalization;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Monitoring.Targets;

/// <summary>Deletes a target and its health; its history stays until retention removes it.</summary>
internal static class DeleteTarget
{
    internal static async Task<IResult> Endpoint(long id, Databases databases, IAuditTrail audit, TargetChanges changes, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var row = await TargetRow.FindAsync(connection, id, tx) ?? throw AppProblem.NotFound();
        await connection.ExecuteAsync("DELETE FROM monitoring_target_health WHERE target_id = @id", new { id }, tx);
        await connection.ExecuteAsync("DELETE FROM monitoring_targets WHERE id = @id", new { id }, tx);
        await audit.RecordAsync(new AuditEntry("monitoring.target.delete", "monitoring-target", id.ToString(CultureInfo.InvariantCulture), AuditEntry.Success, $"{row.Kind} {row.Name}"), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        changes.Signal();
        return Results.NoContent();
    }
}
