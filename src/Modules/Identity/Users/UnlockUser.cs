using System.Globalization;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Identity.Users;

/// <summary>Lifts a lock-out before it expires.</summary>
internal static class UnlockUser
{
    internal static async Task<IResult> Endpoint(HttpContext context, long id, Databases databases, IAuditTrail audit, ObjectGuard guard, CancellationToken ct)
    {
        await guard.EnsureAsync(CurrentUser.Of(context), UserAccessRule.Type, id.ToString(CultureInfo.InvariantCulture), ObjectAccessKind.Write, ct);
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var changed = await connection.ExecuteAsync("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = @id", new { id }, tx);
        if (changed == 0)
        {
            throw AppProblem.NotFound();
        }

        await audit.RecordAsync(new AuditEntry("user.unlock", "user", id.ToString(CultureInfo.InvariantCulture), AuditEntry.Success), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        return Results.NoContent();
    }
}
