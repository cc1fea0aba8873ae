using System.Data.Common;
using Dapper;
using HospitalOps.Identity.Data;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;

namespace HospitalOps.Identity.Users;

/// <summary>Checks and writes a user's roles: the roles must exist and must not combine separated duties.</summary>
internal static class RoleAssignment
{
    private sealed class RoleRow
    {
        public long Id { get; init; }

        public string Name { get; init; } = string.Empty;

        public string Permissions { get; init; } = string.Empty;
    }

    public static async Task<IReadOnlyList<long>> ResolveAsync(DbConnection c, IReadOnlyList<string>? names, DbTransaction tx)
    {
        var wanted = (names ?? []).Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        var args = new DynamicParameters();
        var rows = (await c.QueryAsync<RoleRow>($"SELECT id, name, permissions FROM roles WHERE name IN {SqlIn.List("role", wanted, args)}", args, tx)).ToList();
        if (rows.Count != wanted.Count)
        {
            throw AppProblem.Invalid("roles", "unknown_role");
        }

        var permissions = rows.SelectMany(r => IdentityStore.SplitPermissions(r.Permissions)).ToHashSet(StringComparer.Ordinal);
        if (IdentityPermissions.DutyPermissions.Count(permissions.Contains) > 1)
        {
            throw AppProblem.Invalid("roles", "duties_combined");
        }

        return rows.Select(r => r.Id).ToList();
    }

    public static async Task WriteAsync(DbConnection c, long userId, IReadOnlyList<long> roleIds, DbTransaction tx)
    {
        await c.ExecuteAsync("DELETE FROM user_roles WHERE user_id = @userId", new { userId }, tx);
        foreach (var roleId in roleIds)
        {
            await c.ExecuteAsync("INSERT INTO user_roles (user_id, role_id) VALUES (@userId, @roleId)", new { userId, roleId }, tx);
        }
    }
}
