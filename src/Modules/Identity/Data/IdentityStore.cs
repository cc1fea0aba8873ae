using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;

namespace HospitalOps.Identity.Data;

internal class UserRow
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

    public string LabelZh { get; init; } = string.Empty;

    public string LabelEn { get; init; } = string.Empty;
}

/// <summary>A session row joined with its user: what authenticating a request reads, in one query.</summary>
internal sealed class SessionUserRow : UserRow
{
    public string SessionCsrf { get; init; } = string.Empty;

    public long SessionLastSeenAt { get; init; }

    public long SessionExpiresAt { get; init; }
}

/// <summary>Queries of the Identity tables that several use cases share.</summary>
internal static class IdentityStore
{
    public const string UserColumns =
        "u.id, u.user_name AS UserName, u.display_name AS DisplayName, u.email, u.phone, u.source, u.password_hash AS PasswordHash, u.password_changed_at AS PasswordChangedAt, " +
        "u.must_change_password AS MustChangePassword, u.disabled, u.failed_logins AS FailedLogins, u.locked_until AS LockedUntil, u.totp_secret AS TotpSecret, " +
        "u.totp_pending_secret AS TotpPendingSecret, u.totp_enabled AS TotpEnabled, u.last_login_at AS LastLoginAt, u.created_at AS CreatedAt, u.org_unit_id AS OrgUnitId, u.version";

    public static Task<SessionUserRow?> SessionAsync(DbConnection c, string sessionId) =>
        c.QueryFirstOrDefaultAsync<SessionUserRow>(
            $"SELECT {UserColumns}, s.csrf_token AS SessionCsrf, s.last_seen_at AS SessionLastSeenAt, s.expires_at AS SessionExpiresAt FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = @sessionId",
            new { sessionId });

    public static Task<UserRow?> UserByNameAsync(DbConnection c, string userName, DbTransaction? tx = null) =>
        c.QueryFirstOrDefaultAsync<UserRow>($"SELECT {UserColumns} FROM users u WHERE lower(u.user_name) = lower(@userName)", new { userName }, tx);

    public static Task<UserRow?> UserByIdAsync(DbConnection c, long id, DbTransaction? tx = null) =>
        c.QueryFirstOrDefaultAsync<UserRow>($"SELECT {UserColumns} FROM users u WHERE u.id = @id", new { id }, tx);

    public static async Task<IReadOnlyList<RoleGrant>> GrantsAsync(DbConnection c, long userId, DbTransaction? tx = null) =>
        (await c.QueryAsync<RoleGrant>(
            "SELECT r.id AS RoleId, r.name AS Name, r.permissions AS Permissions, r.require_two_factor AS RequireTwoFactor, r.label_zh AS LabelZh, r.label_en AS LabelEn FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = @userId ORDER BY r.name",
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
