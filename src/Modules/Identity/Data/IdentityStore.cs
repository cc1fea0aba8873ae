using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;

namespace HospitalOps.Identity.Data;

internal sealed class UserRow
{
    public long Id { get; init; }

    public string UserName { get; init; } = string.Empty;

    public string DisplayName { get; init; } = string.Empty;

    public string? Email { get; init; }

    public string? Phone { get; init; }

    public string Source { get; init; } = "local";

    public string? PasswordHash { get; init; }

    public long PasswordChangedAt { get; init; }

    public bool MustChangePassword { get; init; }

    public bool Disabled { get; init; }

    public int FailedLogins { get; init; }

    public long? LockedUntil { get; init; }

    public string? TotpSecret { get; init; }

    public string? TotpPendingSecret { get; init; }

    public bool TotpEnabled { get; init; }

    public long? LastLoginAt { get; init; }

    public long CreatedAt { get; init; }

    public long? OrgUnitId { get; init; }

    public int Version { get; init; }
}

internal sealed class RoleGrant
{
    public long RoleId { get; init; }

    public string Name { get; init; } = string.Empty;

    public string Permissions { get; init; } = string.Empty;

    public bool RequireTwoFactor { get; init; }
}

/// <summary>Queries of the Identity tables that several use cases share.</summary>
internal static class IdentityStore
{
    public const string UserColumns =
        "id, user_name AS UserName, display_name AS DisplayName, email, phone, source, password_hash AS PasswordHash, password_changed_at AS PasswordChangedAt, " +
        "must_change_password AS MustChangePassword, disabled, failed_logins AS FailedLogins, locked_until AS LockedUntil, totp_secret AS TotpSecret, " +
        "totp_pending_secret AS TotpPendingSecret, totp_enabled AS TotpEnabled, last_login_at AS LastLoginAt, created_at AS CreatedAt, org_unit_id AS OrgUnitId, version";

    public static Task<UserRow?> UserByNameAsync(DbConnection c, string userName, DbTransaction? tx = null) =>
        c.QueryFirstOrDefaultAsync<UserRow>($"SELECT {UserColumns} FROM users WHERE lower(user_name) = lower(@userName)", new { userName }, tx);

    public static Task<UserRow?> UserByIdAsync(DbConnection c, long id, DbTransaction? tx = null) =>
        c.QueryFirstOrDefaultAsync<UserRow>($"SELECT {UserColumns} FROM users WHERE id = @id", new { id }, tx);

    public static async Task<IReadOnlyList<RoleGrant>> GrantsAsync(DbConnection c, long userId, DbTransaction? tx = null) =>
        (await c.QueryAsync<RoleGrant>(
            "SELECT r.id AS RoleId, r.name AS Name, r.permissions AS Permissions, r.require_two_factor AS RequireTwoFactor FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = @userId ORDER BY r.name",
            new { userId }, tx)).ToList();

    public static HashSet<string> PermissionsOf(IEnumerable<RoleGrant> grants) =>
        grants.SelectMany(g => SplitPermissions(g.Permissions)).ToHashSet(StringComparer.Ordinal);

    public static IEnumerable<string> SplitPermissions(string permissions) =>
        permissions.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string JoinPermissions(IEnumerable<string> permissions) =>
        string.Join(' ', permissions.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    /// <summary>Session ids, API tokens and recovery codes are stored only as this hash.</summary>
    public static string Sha256(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    public static string RandomToken(int bytes = 32) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Ends every session of a user (logout everywhere, disable, password reset).</summary>
    public static Task<int> EndSessionsAsync(DbConnection c, long userId, DbTransaction tx) =>
        c.ExecuteAsync("DELETE FROM sessions WHERE user_id = @userId", new { userId }, tx);
}
