using System.Globalization;
using Dapper;
using HospitalOps.Identity.Data;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Identity.Users;

public sealed record UpdateUserRequest(string? DisplayName, string? Email, string? Phone, IReadOnlyList<string>? Roles, bool? Disabled, long? OrgUnitId, int? Version);

/// <summary>
/// Changes a user's profile, roles or enabled state. A stale version gets 409; disabling ends
/// the user's sessions at once; nobody changes their own roles or disables themselves.
/// </summary>
internal sealed class UpdateUser(Databases databases, TimeProvider clock, IAuditTrail audit)
{
    public async Task<UserDto> Handle(CurrentUser caller, long id, UpdateUserRequest request, CancellationToken ct)
    {
        var displayName = request.DisplayName?.Trim();
        if (displayName is { Length: 0 })
        {
            throw AppProblem.Invalid("displayName", "required");
        }

        if (displayName is { Length: > 100 })
        {
            throw AppProblem.Invalid("displayName", "too_long");
        }

        if (request.Version is null)
        {
            throw AppProblem.Invalid("version", "required");
        }

        var now = UnixMs.Now(clock);
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var user = await IdentityStore.UserByIdAsync(connection, id, tx) ?? throw AppProblem.NotFound();
        if (user.Version != request.Version)
        {
            throw AppProblem.Conflict();
        }

        var changes = new List<string>();
        var before = await UserQueries.GetAsync(connection, id, now, tx);
        if (request.Roles is not null)
        {
            var newRoles = request.Roles.Order(StringComparer.Ordinal).ToList();
            var oldRoles = before!.Roles.Select(r => r.Name).Order(StringComparer.Ordinal).ToList();
            if (!newRoles.SequenceEqual(oldRoles))
            {
                if (id == caller.UserId)
                {
                    throw new AppProblem(400, "cannot_change_own_roles");
                }

                if (user.Source == "ldap")
                {
                    // Directory users get their roles from their groups at each login.
                    throw AppProblem.Invalid("roles", "ldap_user_password");
                }

                await RoleAssignment.WriteAsync(connection, id, await RoleAssignment.ResolveAsync(connection, newRoles, tx), tx);
                changes.Add($"roles: {string.Join(',', oldRoles)} → {string.Join(',', newRoles)}");
            }
        }

        if (request.Disabled is { } disabled && disabled != user.Disabled)
        {
            if (id == caller.UserId)
            {
                throw new AppProblem(400, "cannot_change_own_roles");
            }

            changes.Add(disabled ? "disabled" : "enabled");
            if (disabled)
            {
                await IdentityStore.EndSessionsAsync(connection, id, tx);
            }
        }

        await CreateUser.EnsureOrgUnitAsync(connection, request.OrgUnitId, tx);
        var email = CreateUser.Trimmed(request.Email, 200, "email");
        var phone = CreateUser.Trimmed(request.Phone, 40, "phone");
        if (displayName is not null && displayName != user.DisplayName)
        {
            changes.Add($"displayName: {user.DisplayName} → {displayName}");
        }

        if (email != user.Email)
        {
            changes.Add("email changed");
        }

        if (phone != user.Phone)
        {
            changes.Add("phone changed");
        }

        if (request.OrgUnitId != user.OrgUnitId)
        {
            changes.Add($"orgUnit: {user.OrgUnitId} → {request.OrgUnitId}");
        }

        await connection.ExecuteAsync(
            """
            UPDATE users SET display_name = @displayName, email = @email, phone = @phone, disabled = @disabled, org_unit_id = @orgUnitId,
              updated_at = @now, version = version + 1 WHERE id = @id
            """,
            new { displayName = displayName ?? user.DisplayName, email, phone, disabled = request.Disabled ?? user.Disabled, orgUnitId = request.OrgUnitId, now, id },
            tx);
        await audit.RecordAsync(new AuditEntry("user.update", "user", id.ToString(CultureInfo.InvariantCulture), AuditEntry.Success, string.Join("; ", changes)), connection, tx, ct: ct);
        var dto = await UserQueries.GetAsync(connection, id, now, tx);
        await tx.CommitAsync(ct);
        return dto!;
    }

    internal static async Task<IResult> Endpoint(HttpContext context, long id, UpdateUserRequest request, UpdateUser handler, ObjectGuard guard, CancellationToken ct)
    {
        var caller = CurrentUser.Of(context);
        await guard.EnsureAsync(caller, UserAccessRule.Type, id.ToString(CultureInfo.InvariantCulture), ObjectAccessKind.Write, ct);
        return Results.Ok(await handler.Handle(caller, id, request, ct));
    }
}
