using System.Data.Common;
using Dapper;
using HospitalOps.Identity.Auth;
using HospitalOps.Kernel.Data;

namespace HospitalOps.Identity.Users;

/// <summary>Reads users with their roles and unit, for the list and the detail.</summary>
internal static class UserQueries
{
    private sealed class Row
    {
        public long Id { get; init; }

        public string UserName { get; init; } = string.Empty;

        public string DisplayName { get; init; } = string.Empty;

        public string? Email { get; init; }

        public string? Phone { get; init; }

        public string Source { get; init; } = string.Empty;

        public bool Disabled { get; init; }

        public long? LockedUntil { get; init; }

        public bool TotpEnabled { get; init; }

        public bool MustChangePassword { get; init; }

        public bool HasPassword { get; init; }

        public long? OrgUnitId { get; init; }

        public string? OrgUnitName { get; init; }

        public string? OrgUnitNameEn { get; init; }

        public long? LastLoginAt { get; init; }

        public long CreatedAt { get; init; }

        public int Version { get; init; }
    }

    private const string Select =
        "SELECT u.id, u.user_name AS UserName, u.display_name AS DisplayName, u.email, u.phone, u.source, u.disabled, u.locked_until AS LockedUntil, " +
        "u.totp_enabled AS TotpEnabled, u.must_change_password AS MustChangePassword, (u.password_hash IS NOT NULL OR u.source <> 'local') AS HasPassword, u.org_unit_id AS OrgUnitId, o.name_zh AS OrgUnitName, o.name_en AS OrgUnitNameEn, " +
        "u.last_login_at AS LastLoginAt, u.created_at AS CreatedAt, u.version FROM users u LEFT JOIN org_units o ON o.id = u.org_unit_id";

    public static async Task<(IReadOnlyList<UserDto> Items, long Total)> ListAsync(DbConnection c, string? query, string? role, int limit, int offset, long now)
    {
        var where = new List<string>();
        var args = new DynamicParameters();
        if (!string.IsNullOrWhiteSpace(query))
        {
            where.Add($"(lower(u.user_name) LIKE @q{SqlLike.Escape} OR lower(u.display_name) LIKE @q{SqlLike.Escape} OR lower(coalesce(u.email, '')) LIKE @q{SqlLike.Escape})");
            args.Add("q", SqlLike.Contains(query.Trim().ToLowerInvariant()));
        }

        if (!string.IsNullOrWhiteSpace(role))
        {
            where.Add("EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id AND r.name = @role)");
            args.Add("role", role);
        }

        var clause = where.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", where);
        var total = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users u" + clause, args);
        args.Add("limit", limit);
        args.Add("offset", offset);
        var rows = (await c.QueryAsync<Row>(Select + clause + " ORDER BY u.user_name LIMIT @limit OFFSET @offset", args)).ToList();
        var roles = await RolesOfAsync(c, rows.Select(r => r.Id).ToList());
        return (rows.Select(r => ToDto(r, roles, now)).ToList(), total);
    }

    public static async Task<UserDto?> GetAsync(DbConnection c, long id, long now, DbTransaction? tx = null)
    {
        var row = await c.QueryFirstOrDefaultAsync<Row>(Select + " WHERE u.id = @id", new { id }, tx);
        if (row is null)
        {
            return null;
        }

        return ToDto(row, await RolesOfAsync(c, [id], tx), now);
    }

    private static async Task<ILookup<long, RoleRef>> RolesOfAsync(DbConnection c, IReadOnlyList<long> ids, DbTransaction? tx = null)
    {
        if (ids.Count == 0)
        {
            return Array.Empty<(long, RoleRef)>().ToLookup(x => x.Item1, x => x.Item2);
        }

        var args = new DynamicParameters();
        var rows = await c.QueryAsync<RoleOfUser>(
            $"SELECT ur.user_id AS UserId, r.name, r.label_zh AS LabelZh, r.label_en AS LabelEn FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id IN {SqlIn.List("id", ids, args)} ORDER BY r.name",
            args, tx);
        return rows.ToLookup(r => r.UserId, r => new RoleRef(r.Name, r.LabelZh, r.LabelEn));
    }

    private sealed class RoleOfUser
    {
        public long UserId { get; init; }

        public string Name { get; init; } = string.Empty;

        public string LabelZh { get; init; } = string.Empty;

        public string LabelEn { get; init; } = string.Empty;
    }

    private static UserDto ToDto(Row r, ILookup<long, RoleRef> roles, long now) => new(
        r.Id, r.UserName, r.DisplayName, r.Email, r.Phone, r.Source, r.Disabled, r.LockedUntil > now, r.TotpEnabled, r.MustChangePassword, r.HasPassword,
        roles[r.Id].ToList(), r.OrgUnitId, r.OrgUnitName, r.OrgUnitNameEn, UnixMs.ToTime(r.LastLoginAt), UnixMs.ToTime(r.CreatedAt), r.Version);
}
