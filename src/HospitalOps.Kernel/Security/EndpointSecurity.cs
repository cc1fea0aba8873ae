using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Kernel.Security;

/// <summary>Endpoint metadata: the permission an endpoint needs.</summary>
public sealed record RequiredPermission(string Name);

/// <summary>
/// Endpoint metadata: reachable while the session is restricted by one of <see cref="Restrictions"/>
/// (password change or 2FA enrolment pending); empty means by any restriction.
/// </summary>
public sealed record AllowedWhileRestricted(IReadOnlyList<string> Restrictions)
{
    public bool Allows(string restriction) => Restrictions.Count == 0 || Restrictions.Contains(restriction);
}

/// <summary>Endpoint metadata: reachable without signing in.</summary>
public sealed record PublicEndpoint;

public static class EndpointSecurityExtensions
{
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, string permission)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredPermission(permission));

    public static TBuilder AllowWhileRestricted<TBuilder>(this TBuilder builder, params string[] restrictions)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AllowedWhileRestricted(restrictions));

    public static TBuilder Public<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new PublicEndpoint());
}
