using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using HospitalOps.Identity.Data;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Identity.Roles;

public sealed record SaveRoleRequest(string? Name, string? LabelZh, string? LabelEn, IReadOnlyList<string>? Permissions, bool? RequireTwoFactor, int? Version);

/// <summary>
/// Security administrators create, change and delete roles. Built-in roles keep their
/// permissions (only the two-factor requirement can be set); no role may combine separated duties.
/// </summary>
internal sealed partial class SaveRole(Databases databases, TimeProvider clock, IAuditTrail audit)
{
    [GeneratedRegex("^[a-z][a-z0-9-]{1,63}$")]
    private static partial Regex NamePattern();

    public async Task<RoleDto> Create(SaveRoleRequest request, CancellationToken ct)
    {
        var name = request.Name?.Trim() ?? string.Empty;
        if (!NamePattern().IsMatch(name))
        {
            throw AppProblem.Invalid("name", name.Length == 0 ? "required" : "invalid_role_name");
        }

        var (zh, en) = Labels(request);
        var permissions = CheckPermissions(request.Permissions);
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM roles WHERE name = @name", new { name }, tx) > 0)
        {
            throw AppProblem.Invalid("name", "role_name_taken");
        }

        var id = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO roles (name, label_zh, label_en, permissions, builtin, require_two_factor, created_at) VALUES (@name, @zh, @en, @permissions, @no, @twoFactor, @now) RETURNING id",
            new { name, zh, en, permissions, no = false, twoFactor = request.RequireTwoFactor ?? false, now = UnixMs.Now(clock) }, tx);
        await audit.RecordAsync(new AuditEntry("role.create", "role", id.ToString(CultureInfo.InvariantCulture), AuditEntry.Success, $"name={name} permissions={permissions}"), connection, tx, ct: ct);
        var dto = await GetAsync(connection, id, tx);
        await tx.CommitAsync(ct);
        return dto;
    }

    public async Task<RoleDto> Update(long id, SaveRoleRequest request, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var role = await connection.QueryFirstOrDefaultAsync<RoleRow>(RoleRow.Select + " WHERE r.id = @id", new { id }, tx) ?? throw AppProblem.NotFound();
        AppProblem.EnsureVersion(request.Version, role.Version);

        var (zh, en) = role.Builtin ? (role.LabelZh, role.LabelEn) : Labels(request);
        var permissions = role.Permissions;
        if (request.Permissions is not null)
        {
            var wanted = CheckPermissions(request.Permissions);
            if (role.Builtin && wanted != role.Permissions)
            {
                throw AppProblem.Invalid("permissions", "builtin_role_fixed");
            }

            permissions = wanted;
        }

        var twoFactor = request.RequireTwoFactor ?? role.RequireTwoFactor;
        await connection.ExecuteAsync(
            "UPDATE roles SET label_zh = @zh, label_en = @en, permissions = @permissions, require_two_factor = @twoFactor, version = version + 1 WHERE id = @id",
            new { zh, en, permissions, twoFactor, id }, tx);
        await audit.RecordAsync(
            new AuditEntry("role.update", "role", id.ToString(CultureInfo.InvariantCulture), AuditEntry.Success,
                $"permissions: {role.Permissions} → {permissions}; requireTwoFactor: {role.RequireTwoFactor} → {twoFactor}"),
            connection, tx, ct: ct);
        var dto = await GetAsync(connection, id, tx);
        await tx.CommitAsync(ct);
        return dto;
    }

    public async Task Delete(long id, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var role = await connection.QueryFirstOrDefaultAsync<RoleRow>(RoleRow.Select + " WHERE r.id = @id", new { id }, tx) ?? throw AppProblem.NotFound();
        if (role.Builtin)
        {
            throw new AppProblem(400, "builtin_role_fixed");
        }

        if (role.UserCount > 0)
        {
            throw new AppProblem(409, "role_in_use");
        }

        await connection.ExecuteAsync("DELETE FROM roles WHERE id = @id", new { id }, tx);
        await audit.RecordAsync(new AuditEntry("role.delete", "role", id.ToString(CultureInfo.InvariantCulture), AuditEntry.Success, $"name={role.Name}"), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
    }

    private static (string Zh, string En) Labels(SaveRoleRequest r)
    {
        var zh = r.LabelZh?.Trim() ?? string.Empty;
        var en = r.LabelEn?.Trim() ?? string.Empty;
        var errors = new Dictionary<string, string>();
        if (zh.Length is 0 or > 100)
        {
            errors["labelZh"] = zh.Length == 0 ? "required" : "too_long";
        }

        if (en.Length is 0 or > 100)
        {
            errors["labelEn"] = en.Length == 0 ? "required" : "too_long";
        }

        return errors.Count > 0 ? throw AppProblem.Invalid(errors) : (zh, en);
    }

    private static string CheckPermissions(IReadOnlyList<string>? permissions)
    {
        var list = (permissions ?? []).Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
        if (list.Any(p => !PermissionCatalog.Exists(p)))
        {
            throw AppProblem.Invalid("permissions", "unknown_permission");
        }

        if (IdentityPermissions.DutyPermissions.Count(list.Contains) > 1)
        {
            throw AppProblem.Invalid("permissions", "duties_combined");
        }

        return IdentityStore.JoinPermissions(list);
    }

    private static async Task<RoleDto> GetAsync(System.Data.Common.DbConnection c, long id, System.Data.Common.DbTransaction tx) =>
        (await c.QueryFirstAsync<RoleRow>(RoleRow.Select + " WHERE r.id = @id", new { id }, tx)).ToDto();

    internal static async Task<IResult> CreateEndpoint(SaveRoleRequest request, SaveRole handler, CancellationToken ct)
    {
        var role = await handler.Create(request, ct);
        return Results.Created($"/api/v1/roles/{role.Id}", role);
    }

    internal static async Task<IResult> UpdateEndpoint(long id, SaveRoleRequest request, SaveRole handler, CancellationToken ct) =>
        Results.Ok(await handler.Update(id, request, ct));

    internal static async Task<IResult> DeleteEndpoint(long id, SaveRole handler, CancellationToken ct)
    {
        await handler.Delete(id, ct);
        return Results.NoContent();
    }
}
