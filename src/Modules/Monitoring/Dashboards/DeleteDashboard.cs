using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Monitoring.Dashboards;

/// <summary>Deletes a dashboard: its owner, or someone with monitoring.write for a shared one. Built-in ones stay.</summary>
internal static class DeleteDashboard
{
    internal static async Task<IResult> Endpoint(string uid, HttpContext context, Databases databases, IAuditTrail audit, CancellationToken ct)
    {
        if (BuiltInDashboards.Exists(uid))
        {
            throw AppProblem.Forbidden();
        }

        var user = CurrentUser.Of(context);
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var row = await DashboardStore.VisibleAsync(connection, uid, user, tx);
        if (!DashboardStore.CanEdit(row, user))
        {
            throw AppProblem.Forbidden();
        }

        await connection.ExecuteAsync("DELETE FROM monitoring_dashboards WHERE id = @id", new { id = row.Id }, tx);
        await audit.RecordAsync(new AuditEntry("monitoring.dashboard.delete", "dashboard", uid, AuditEntry.Success, row.Title), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        return Results.NoContent();
    }
}
