using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Kernel.Security;

/// <summary>Endpoint metadata: the permission an endpoint needs.</summary>
public sealed record RequiredPermission(string Name);

/// <summary>Endpoint metadata: reachable while the session is restricted (password change, 2FA enrolment pending).</summary>
public sealed record AllowedWhileRestricted;

/// <summary>Endpoint metadata: reachable without signing in.</summary>
public sealed record PublicEndpoint;

public static class EndpointSecurityExtensions
{
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, string permission)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredPermission(permission));

    public static TBuilder AllowWhileRestricted<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AllowedWhileRestricted());

    public static TBuilder Public<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new PublicEndpoint());
}
