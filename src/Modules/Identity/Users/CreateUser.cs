using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using HospitalOps.Identity.Data;
using HospitalOps.Identity.Passwords;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Identity.Users;

public sealed record CreateUserRequest(string? UserName, string? DisplayName, string? Password, IReadOnlyList<string>? Roles, string? Email, string? Phone, long? OrgUnitId);

/// <summary>
/// An administrator creates a local account with an initial password that the user must
/// change at first login.
/// </summary>
internal sealed partial class CreateUser(Databases databases, TimeProvider clock, PasswordPolicy policy, IAuditTrail audit)
{
    [GeneratedRegex("^[A-Za-z0-9._-]{2,64}$")]
    internal static partial Regex UserNamePattern();

    public async Task<UserDto> Handle(CreateUserRequest request, CancellationToken ct)
    {
        var userName = request.UserName?.Trim() ?? string.Empty;
        var displayName = request.DisplayName?.Trim() ?? string.Empty;
        var errors = new Dictionary<string, string>();
        if (!UserNamePattern().IsMatch(userName))
        {
            errors["userName"] = userName.Length == 0 ? "required" : "invalid_user_name";
        }

        if (displayName.Length == 0)
        {
            errors["displayName"] = "required";
        }
        else if (displayName.Length > 100)
        {
            errors["displayName"] = "too_long";
        }

        if (errors.Count > 0)
        {
            throw AppProblem.Invalid(errors);
        }

        if (policy.Check(request.Password ?? string.Empty, userName, "password") is { } weak)
        {
            throw weak;
        }

        var now = UnixMs.Now(clock);
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        if (await IdentityStore.UserByNameAsync(connection, userName, tx) is not null)
        {
            throw AppProblem.Invalid("userName", "user_name_taken");
        }

        var roleIds = await RoleAssignment.ResolveAsync(connection, request.Roles, tx);
        await EnsureOrgUnitAsync(connection, request.OrgUnitId, tx);
        var id = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO users (user_name, display_name, email, phone, source, password_hash, password_changed_at, must_change_password, org_unit_id, created_at, updated_at)
            VALUES (@userName, @displayName, @email, @phone, 'local', @hash, @now, @yes, @orgUnitId, @now, @now) RETURNING id
            """,
            new { userName, displayName, email = Trimmed(request.Email, 200, "email"), phone = Trimmed(request.Phone, 40, "phone"), hash = PasswordHashing.Hash(request.Password!), now, yes = true, orgUnitId = request.OrgUnitId },
            tx);
        await RoleAssignment.WriteAsync(connection, id, roleIds, tx);
        await audit.RecordAsync(
            new AuditEntry("user.create", "user", id.ToString(CultureInfo.InvariantCulture), AuditEntry.Success, $"userName={userName} roles={string.Join(',', request.Roles ?? [])}"),
            connection, tx, ct: ct);
        var dto = await UserQueries.GetAsync(connection, id, now, tx);
        await tx.CommitAsync(ct);
        return dto!;
    }

    internal static async Task EnsureOrgUnitAsync(System.Data.Common.DbConnection c, long? orgUnitId, System.Data.Common.DbTransaction tx)
    {
        if (orgUnitId is { } unit && await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM org_units WHERE id = @unit", new { unit }, tx) == 0)
        {
            throw AppProblem.Invalid("orgUnitId", "not_found");
        }
    }

    internal static string? Trimmed(string? value, int max, string field)
    {
        var t = value?.Trim();
        if (string.IsNullOrEmpty(t))
        {
            return null;
        }

        return t.Length > max ? throw AppProblem.Invalid(field, "too_long") : t;
    }

    internal static async Task<IResult> Endpoint(CreateUserRequest request, CreateUser handler, CancellationToken ct)
    {
        var user = await handler.Handle(request, ct);
        return Results.Created($"/api/v1/users/{user.Id}", user);
    }
}
