using System.Security.Claims;
using System.Text.Encodings.Web;
using Dapper;
using HospitalOps.Identity.Data;
using HospitalOps.Identity.Passwords;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HospitalOps.Identity.Sessions;

/// <summary>The user row and role grants read while authenticating, kept for the request so handlers need not read them again.</summary>
internal sealed record AuthenticatedUser(UserRow User, IReadOnlyList<RoleGrant> Grants);

/// <summary>
/// Authenticates each request from the session cookie (web app) or a bearer API token
/// (integrations), against the database every time, so that logout and disabling a user
/// take effect at once on every node (for tokens, by reading the identity generation; see <see cref="TokenCheckCache"/>).
/// </summary>

internal sealed class SessionAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    Databases databases,
    TimeProvider clock,
    PasswordPolicy passwordPolicy,
    IOptions<IdentityOptions> identityOptions,
    TokenCheckCache tokenChecks)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "HospitalOps";
    public const string SessionCookie = "hops_session";
    public const string CsrfCookie = "hops_csrf";
    public const string CsrfHeader = "X-CSRF-Token";
    public const string CsrfClaim = CurrentUser.CsrfClaim;
    public const string TokenPrefix = "hops_";
    public const string PasswordChangeRequired = "password_change_required";
    public const string TotpEnrolmentRequired = "totp_enrolment_required";

    /// <summary>Saves a write per request: last-seen moves at most once a minute.</summary>
    private static readonly long TouchIntervalMs = 60_000;

    /// <summary>Sent by the web app on requests it makes by itself, not because the user did something.</summary>
    public const string BackgroundHeader = "X-HospitalOps-Background";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var authorization = Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return await AuthenticateTokenAsync(authorization["Bearer ".Length..].Trim());
        }

        if (Request.Cookies.TryGetValue(SessionCookie, out var cookie) && !string.IsNullOrEmpty(cookie))
        {
            return await AuthenticateSessionAsync(cookie);
        }

        return AuthenticateResult.NoResult();
    }

    private async Task<AuthenticateResult> AuthenticateSessionAsync(string token)
    {
        var id = IdentityStore.Sha256(token);
        var now = UnixMs.Now(clock);
        await using var connection = await databases.Config.OpenAsync(Context.RequestAborted);
        var user = await IdentityStore.SessionAsync(connection, id);
        if (user is null)
        {
            return AuthenticateResult.Fail("unknown session");
        }

        var idleMs = identityOptions.Value.Session.IdleMinutes * 60_000L;
        if (user.Disabled || now >= user.SessionExpiresAt || now - user.SessionLastSeenAt >= idleMs)
        {
            await connection.ExecuteAsync("DELETE FROM sessions WHERE id = @id", new { id });
            return AuthenticateResult.Fail(user.Disabled ? "user disabled" : "session expired");
        }

        // A page's own background polling (the alarm banner, auto-refresh) is not the user's activity: it must not keep an
        // unattended session alive past its idle limit. Nor is an event stream (a live board), which cannot send the header.
        if (now - user.SessionLastSeenAt >= TouchIntervalMs && !IsBackground(Context.Request))
        {
            await connection.ExecuteAsync("UPDATE sessions SET last_seen_at = @now WHERE id = @id", new { now, id });
        }

        var grants = await IdentityStore.GrantsAsync(connection, user.Id);
        var claims = BaseClaims(user, IdentityStore.PermissionsOf(grants), RestrictionOf(user, grants, passwordPolicy));
        claims.Add(new Claim(CurrentUser.SessionClaim, id));
        claims.Add(new Claim(CsrfClaim, user.SessionCsrf));
        Context.Items[typeof(AuthenticatedUser)] = new AuthenticatedUser(user, grants);
        return Success(claims);
    }

    /// <summary>Requests the page makes by itself: marked with <see cref="BackgroundHeader"/>, or an EventSource (re)connecting.</summary>
    internal static bool IsBackground(HttpRequest request) =>
        request.Headers.ContainsKey(BackgroundHeader) || request.Headers.Accept.Any(a => a?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true);

    private async Task<AuthenticateResult> AuthenticateTokenAsync(string token)
    {
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal))
        {
            return AuthenticateResult.Fail("not a HospitalOps token");
        }

        var hash = IdentityStore.Sha256(token);
        var now = UnixMs.Now(clock);
        var ct = Context.RequestAborted;
        var generation = await tokenChecks.GenerationAsync(ct);
        if (!tokenChecks.TryGet(hash, generation, out var check))
        {
            await using var connection = await databases.Config.OpenAsync(ct);
            var row = await connection.QueryFirstOrDefaultAsync<TokenRow>(
                "SELECT id AS Id, user_id AS UserId, scopes AS Scopes, expires_at AS ExpiresAt, revoked_at AS RevokedAt, last_used_at AS LastUsedAt FROM api_tokens WHERE token_hash = @hash",
                new { hash });
            if (row is null)
            {
                return AuthenticateResult.Fail("invalid token");
            }

            var owner = await IdentityStore.UserByIdAsync(connection, row.UserId);
            check = new TokenCheck(generation, row, owner, owner is null ? [] : await IdentityStore.GrantsAsync(connection, owner.Id));
            tokenChecks.Put(hash, check);
        }

        if (check.Token.RevokedAt is not null || now >= check.Token.ExpiresAt)
        {
            return AuthenticateResult.Fail("invalid token");
        }

        var user = check.User;
        if (user is null || user.Disabled)
        {
            return AuthenticateResult.Fail("user disabled");
        }

        if (check.LastUsedAt is null || now - check.LastUsedAt >= TouchIntervalMs)
        {
            await using var connection = await databases.Config.OpenAsync(ct);
            await connection.ExecuteAsync("UPDATE api_tokens SET last_used_at = @now WHERE id = @id", new { now, id = check.Token.Id });
            check.LastUsedAt = now;
        }

        // The principal is built once per token check; only the restriction (a password that expires with time) can
        // change while the identity generation stays the same, and a new one rebuilds it.
        var restriction = RestrictionOf(user, check.Grants, passwordPolicy);
        if (check.Signed is not { } signed || signed.Restriction != restriction)
        {
            // A token can never do more than its owner can do now.
            var held = IdentityStore.PermissionsOf(check.Grants);
            held.IntersectWith(IdentityStore.SplitPermissions(check.Token.Scopes));
            var claims = BaseClaims(user, held, restriction);
            claims.Add(new Claim(CurrentUser.TokenClaim, check.Token.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
            signed = new SignedToken(restriction, principal, new CurrentUser(principal), new AuthenticatedUser(user, check.Grants));
            check.Signed = signed;
        }

        Context.Items[typeof(AuthenticatedUser)] = signed.Authenticated;
        Context.Items[typeof(CurrentUser)] = signed.User;
        return AuthenticateResult.Success(new AuthenticationTicket(signed.Principal, SchemeName));
    }

    private static List<Claim> BaseClaims(UserRow user, IEnumerable<string> permissions, string? restriction)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, user.UserName),
            new(CurrentUser.UserIdClaim, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        claims.AddRange(permissions.Select(p => new Claim(CurrentUser.PermissionClaim, p)));
        if (restriction is not null)
        {
            claims.Add(new Claim(CurrentUser.RestrictionClaim, restriction));
        }

        return claims;
    }

    /// <summary>What a user must do before anything else: change the password, or enrol a second factor.</summary>
    public static string? RestrictionOf(UserRow user, IReadOnlyList<RoleGrant> grants, PasswordPolicy policy)
    {
        if (user.Source == "local" && (user.MustChangePassword || policy.IsExpired(user.PasswordChangedAt)))
        {
            return PasswordChangeRequired;
        }

        if (!user.TotpEnabled && grants.Any(g => g.RequireTwoFactor))
        {
            return TotpEnrolmentRequired;
        }

        return null;
    }

    private AuthenticateResult Success(List<Claim> claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // The API access middleware writes the 401 ProblemDetails itself.
        Response.StatusCode = 401;
        return Task.CompletedTask;
    }
}
