using System.Globalization;
using Dapper;
using HospitalOps.Identity.Data;
using HospitalOps.Identity.Passwords;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Identity.Auth;

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

/// <summary>A user changes their own password; other sessions of the user end, this one stays.</summary>
internal sealed class ChangePassword(Databases databases, TimeProvider clock, PasswordPolicy policy, IAuditTrail audit)
{
    public async Task Handle(CurrentUser caller, ChangePasswordRequest request, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var user = await IdentityStore.UserByIdAsync(connection, caller.UserId) ?? throw AppProblem.NotFound();
        if (user.Source != "local")
        {
            throw new AppProblem(400, "ldap_user_password");
        }

        if (string.IsNullOrEmpty(request.CurrentPassword) || !PasswordHashing.Verify(user.PasswordHash, request.CurrentPassword))
        {
            await audit.RecordAsync(new AuditEntry("user.change_password", "user", user.Id.ToString(CultureInfo.InvariantCulture), AuditEntry.Failure, "wrong current password"), ct: ct);
            throw AppProblem.Invalid("currentPassword", "wrong_current_password");
        }

        var newPassword = request.NewPassword ?? string.Empty;
        if (policy.Check(newPassword, user.UserName) is { } problem)
        {
            throw problem;
        }

        if (newPassword == request.CurrentPassword)
        {
            throw AppProblem.Invalid("newPassword", "password_reused");
        }

        var now = UnixMs.Now(clock);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        await connection.ExecuteAsync(
            "UPDATE users SET password_hash = @hash, password_changed_at = @now, must_change_password = @no, updated_at = @now, version = version + 1 WHERE id = @id",
            new { hash = PasswordHashing.Hash(newPassword), now, no = false, id = user.Id }, tx);
        await connection.ExecuteAsync("DELETE FROM sessions WHERE user_id = @id AND id <> @sid", new { id = user.Id, sid = caller.SessionId ?? string.Empty }, tx);
        await audit.RecordAsync(new AuditEntry("user.change_password", "user", user.Id.ToString(CultureInfo.InvariantCulture), AuditEntry.Success), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
    }

    internal static async Task<IResult> Endpoint(HttpContext context, ChangePasswordRequest request, ChangePassword handler, CancellationToken ct)
    {
        await handler.Handle(CurrentUser.Of(context), request, ct);
        return Results.NoContent();
    }
}
