using System.Globalization;
using Dapper;
using HospitalOps.Identity.Data;
using HospitalOps.Identity.Ldap;
using HospitalOps.Identity.Passwords;
using HospitalOps.Identity.Sessions;
using HospitalOps.Identity.TwoFactor;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HospitalOps.Identity.Auth;

public sealed record LoginRequest(string? UserName, string? Password, string? TotpCode);

/// <summary>
/// Password (local or LDAP), lock-out, optional TOTP or recovery code, then a server-side
/// session in an HttpOnly, SameSite=Strict cookie. Every attempt is audited.
/// </summary>
internal sealed class Login(
    Databases databases,
    TimeProvider clock,
    IOptions<IdentityOptions> options,
    PasswordPolicy policy,
    LdapAuthenticator ldap,
    TwoFactorVerifier twoFactor,
    IAuditTrail audit,
    ILogger<Login> log)
{
    public sealed record Outcome(MeDto Me, string SessionToken);

    public async Task<Outcome> Handle(LoginRequest request, string? sourceIp, string? userAgent, CancellationToken ct)
    {
        var userName = request.UserName?.Trim() ?? string.Empty;
        var password = request.Password ?? string.Empty;
        if (userName.Length == 0 || password.Length == 0 || userName.Length > 64 || password.Length > 256)
        {
            throw new AppProblem(401, "invalid_credentials");
        }

        var now = UnixMs.Now(clock);
        await using var connection = await databases.Config.OpenAsync(ct);
        var user = await IdentityStore.UserByNameAsync(connection, userName);
        var actor = new AuditActor(user?.Id, userName, sourceIp);

        if (user is not null && user.LockedUntil > now)
        {
            await audit.RecordAsync(new AuditEntry("auth.login", "user", user.Id.ToString(CultureInfo.InvariantCulture), AuditEntry.Failure, "account locked"), actor, ct);
            throw Locked(user.LockedUntil.Value);
        }

        bool passwordOk;
        if (ldap.Enabled && (user is null || user.Source == "ldap"))
        {
            LdapIdentity? identity;
            try
            {
                identity = ldap.Authenticate(userName, password);
            }
            catch (Exception ex) when (ex is System.DirectoryServices.Protocols.LdapException or System.DirectoryServices.Protocols.DirectoryOperationException)
            {
                log.LogWarning(ex, "LDAP unreachable during login of {User}", userName);
                identity = null;
            }

            passwordOk = identity is not null;
            if (identity is not null)
            {
                user = await SyncLdapUserAsync(connection, userName, identity, now, ct);
                actor = actor with { UserId = user.Id };
            }
        }
        else
        {
            passwordOk = user is { Source: "local" } && PasswordHashing.Verify(user.PasswordHash, password);
            if (user is null)
            {
                PasswordHashing.Verify(null, password);
            }
        }

        if (user is null)
        {
            await audit.RecordAsync(new AuditEntry("auth.login", "user", null, AuditEntry.Failure, "unknown user"), actor, ct);
            throw new AppProblem(401, "invalid_credentials");
        }

        var id = user.Id.ToString(CultureInfo.InvariantCulture);
        if (!passwordOk)
        {
            await CountFailureAsync(user.Id, actor, "wrong password", ct);
        }

        if (user.Disabled)
        {
            await audit.RecordAsync(new AuditEntry("auth.login", "user", id, AuditEntry.Failure, "account disabled"), actor, ct);
            throw new AppProblem(403, "account_disabled");
        }

        if (user.TotpEnabled)
        {
            if (string.IsNullOrWhiteSpace(request.TotpCode))
            {
                throw new AppProblem(401, "totp_required");
            }

            if (!await twoFactor.VerifyLoginAsync(user, request.TotpCode, ct))
            {
                await CountFailureAsync(user.Id, actor, "wrong second factor", ct, "invalid_totp_code");
            }
        }

        var token = IdentityStore.RandomToken();
        var csrf = IdentityStore.RandomToken(24);
        var session = options.Value.Session;
        await using (var tx = await Database.BeginWriteAsync(connection, ct))
        {
            await connection.ExecuteAsync(
                "UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = @now WHERE id = @id",
                new { now, id = user.Id }, tx);
            await connection.ExecuteAsync(
                """
                INSERT INTO sessions (id, user_id, csrf_token, created_at, last_seen_at, expires_at, source_ip, user_agent)
                VALUES (@sid, @userId, @csrf, @now, @now, @expires, @sourceIp, @userAgent)
                """,
                new
                {
                    sid = IdentityStore.Sha256(token), userId = user.Id, csrf, now,
                    expires = now + (session.AbsoluteHours * 3_600_000L), sourceIp,
                    userAgent = userAgent is { Length: > 400 } ua ? ua[..400] : userAgent,
                },
                tx);
            await audit.RecordAsync(new AuditEntry("auth.login", "user", id, AuditEntry.Success, user.Source == "ldap" ? "ldap" : null), connection, tx, actor, ct);
            await tx.CommitAsync(ct);
        }

        var me = await Me.Build(connection, user.Id, csrf, policy) ?? throw AppProblem.NotFound();
        return new Outcome(me, token);
    }

    private async Task CountFailureAsync(long userId, AuditActor actor, string reason, CancellationToken ct, string code = "invalid_credentials")
    {
        var lockout = options.Value.Lockout;
        var now = UnixMs.Now(clock);
        long? lockedUntil = null;
        await using var connection = await databases.Config.OpenAsync(ct);
        await using (var tx = await Database.BeginWriteAsync(connection, ct))
        {
            var failures = await connection.ExecuteScalarAsync<int>(
                "UPDATE users SET failed_logins = failed_logins + 1 WHERE id = @userId RETURNING failed_logins", new { userId }, tx);
            if (failures >= lockout.MaxFailedAttempts)
            {
                lockedUntil = now + (lockout.LockMinutes * 60_000L);
                await connection.ExecuteAsync("UPDATE users SET failed_logins = 0, locked_until = @lockedUntil WHERE id = @userId", new { lockedUntil, userId }, tx);
            }

            var summary = lockedUntil is null ? $"{reason} ({failures}/{lockout.MaxFailedAttempts})" : $"{reason}; account locked for {lockout.LockMinutes} min";
            await audit.RecordAsync(new AuditEntry("auth.login", "user", userId.ToString(CultureInfo.InvariantCulture), AuditEntry.Failure, summary), connection, tx, actor, ct);
            await tx.CommitAsync(ct);
        }

        throw lockedUntil is null ? new AppProblem(401, code) : Locked(lockedUntil.Value);
    }

    private static AppProblem Locked(long untilMs)
    {
        var until = TimeZoneInfo.ConvertTime(UnixMs.ToTime(untilMs), ShanghaiZone.Value.Value);
        return new AppProblem(423, "account_locked", new Dictionary<string, string> { ["until"] = until.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) });
    }

    private async Task<UserRow> SyncLdapUserAsync(System.Data.Common.DbConnection connection, string userName, LdapIdentity identity, long now, CancellationToken ct)
    {
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var existing = await IdentityStore.UserByNameAsync(connection, userName, tx);
        long userId;
        if (existing is null)
        {
            userId = await connection.ExecuteScalarAsync<long>(
                """
                INSERT INTO users (user_name, display_name, email, source, password_hash, password_changed_at, must_change_password, created_at, updated_at)
                VALUES (@userName, @displayName, @email, 'ldap', NULL, @now, @no, @now, @now) RETURNING id
                """,
                new { userName, displayName = identity.DisplayName, email = identity.Email, now, no = false }, tx);
        }
        else
        {
            userId = existing.Id;
            await connection.ExecuteAsync(
                "UPDATE users SET display_name = @displayName, email = @email, updated_at = @now WHERE id = @userId",
                new { displayName = identity.DisplayName, email = identity.Email, now, userId }, tx);
        }

        // The directory's groups decide the roles of a directory user, at every login.
        await connection.ExecuteAsync("DELETE FROM user_roles WHERE user_id = @userId", new { userId }, tx);
        foreach (var role in identity.Roles)
        {
            await connection.ExecuteAsync(
                "INSERT INTO user_roles (user_id, role_id) SELECT @userId, id FROM roles WHERE name = @role", new { userId, role }, tx);
        }

        await audit.RecordAsync(
            new AuditEntry(existing is null ? "user.create" : "user.sync", "user", userId.ToString(CultureInfo.InvariantCulture), AuditEntry.Success, $"ldap dn={identity.Dn} roles={string.Join(',', identity.Roles)}"),
            connection, tx, new AuditActor(null, "ldap", null), ct);
        await tx.CommitAsync(ct);
        return (await IdentityStore.UserByIdAsync(connection, userId))!;
    }

    internal static async Task<IResult> Endpoint(HttpContext context, LoginRequest request, Login login, CancellationToken ct)
    {
        var outcome = await login.Handle(request, context.Connection.RemoteIpAddress?.ToString(), context.Request.Headers.UserAgent.ToString(), ct);
        var secure = context.Request.IsHttps;
        context.Response.Cookies.Append(SessionAuthentication.SessionCookie, outcome.SessionToken, new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = secure, Path = "/", IsEssential = true,
        });
        context.Response.Cookies.Append(SessionAuthentication.CsrfCookie, outcome.Me.CsrfToken!, new CookieOptions
        {
            HttpOnly = false, SameSite = SameSiteMode.Strict, Secure = secure, Path = "/", IsEssential = true,
        });
        return Results.Ok(outcome.Me);
    }
}

internal static class ShanghaiZone
{
    public static readonly Lazy<TimeZoneInfo> Value = new(() =>
        TimeZoneInfo.TryFindSystemTimeZoneById("Asia/Shanghai", out var tz) ? tz : TimeZoneInfo.CreateCustomTimeZone("CST", TimeSpan.FromHours(8), "China Standard Time", "CST"));
}
