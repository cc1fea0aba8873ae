using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Kernel.Security;

/// <summary>Who is calling, as the authentication handler established it.</summary>
public sealed class CurrentUser
{
    public const string UserIdClaim = "hops:uid";
    public const string PermissionClaim = "hops:perm";
    public const string SessionClaim = "hops:sid";
    public const string RestrictionClaim = "hops:restricted";
    public const string TokenClaim = "hops:token";
    public const string CsrfClaim = "hops:csrf";

    private readonly HashSet<string> _permissions;

    public CurrentUser(ClaimsPrincipal principal)
    {
        IsAuthenticated = principal.Identity?.IsAuthenticated == true;
        UserId = long.TryParse(principal.FindFirstValue(UserIdClaim), out var id) ? id : 0;
        UserName = principal.Identity?.Name ?? string.Empty;
        SessionId = principal.FindFirstValue(SessionClaim);
        Restriction = principal.FindFirstValue(RestrictionClaim);
        IsApiToken = principal.HasClaim(c => c.Type == TokenClaim);
        _permissions = principal.FindAll(PermissionClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
    }

    public bool IsAuthenticated { get; }

    public long UserId { get; }

    public string UserName { get; }

    /// <summary>The server-side session id (hash), or null for API tokens.</summary>
    public string? SessionId { get; }

    /// <summary>Set while the user must first change the password or enrol two-factor login.</summary>
    public string? Restriction { get; }

    public bool IsApiToken { get; }

    public IReadOnlyCollection<string> Permissions => _permissions;

    public bool Has(string permission) => _permissions.Contains(permission);

    /// <summary>The platform itself acting in the background (discovery, schedulers), named for the history.</summary>
    public static CurrentUser System(string name) =>
        new(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], "system")));

    public static CurrentUser Of(HttpContext context) =>
        context.Items[typeof(CurrentUser)] as CurrentUser ?? (CurrentUser)(context.Items[typeof(CurrentUser)] = new CurrentUser(context.User));
}
