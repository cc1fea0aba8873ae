using System.Globalization;
using Dapper;
using HospitalOps.Identity.Data;
using HospitalOps.Identity.Passwords;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Identity.Users;

public sealed record ResetPasswordRequest(string? NewPassword);

/// <summary>
/// An administrator sets a new initial password (also the CLI's <c>admin reset-password</c>):
/// the user must change it at the next login, the lock is lifted and every session ends.
/// </summary>
internal sealed class ResetPassword(Databases databases, TimeProvider clock, PasswordPolicy policy, IAuditTrail audit)
{
    public async Task Handle(long id, string newPassword, AuditActor? actor, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var user = await IdentityStore.UserByIdAsync(connection, id, tx) ?? throw AppProblem.NotFound();
        if (user.Source != "local")
        {
            throw new AppProblem(400, "ldap_user_password");
        }

        if (policy.Check(newPassword, user.UserName) is { } weak)
        {
            throw weak;
        }

        var now = UnixMs.Now(clock);
        await connection.ExecuteAsync(
            "UPDATE users SET password_hash = @hash, password_changed_at = @now, must_change_password = @yes, failed_logins = 0, locked_until = NULL, updated_at = @now, version = version + 1 WHERE id = @id",
            new { hash = PasswordHashing.Hash(newPassword), now, yes = true, id }, tx);
        await IdentityStore.EndSessionsAsync(connection, id, tx);
        await audit.RecordAsync(new AuditEntry("user.reset_password", "user", id.ToString(CultureInfo.InvariantCulture), AuditEntry.Success), connection, tx, actor, ct);
        await tx.CommitAsync(ct);
    }

    internal static async Task<IResult> Endpoint(HttpContext context, long id, ResetPasswordRequest request, ResetPassword handler, ObjectGuard guard, CancellationToken ct)
    {
        await guard.EnsureAsync(CurrentUser.Of(context), UserAccessRule.Type, id.ToString(CultureInfo.InvariantCulture), ObjectAccessKind.Write, ct);
        await handler.Handle(id, request.NewPassword ?? string.Empty, null, ct);
        return Results.NoContent();
    }
}
