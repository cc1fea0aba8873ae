using System.Security.Cryptography;
using System.Text;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Kernel.Web;

/// <summary>
/// The one gate in front of every API endpoint: signed in unless public, anti-forgery token on
/// state-changing cookie requests, restricted sessions kept to their few endpoints, and the
/// endpoint's permission. Denials are audited.
/// </summary>
public sealed class ApiAccessMiddleware(RequestDelegate next)
{
    public const string CsrfHeader = "X-CSRF-Token";

    public async Task InvokeAsync(HttpContext context, IAuditTrail audit)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null || endpoint.Metadata.GetMetadata<PublicEndpoint>() is not null || !IsApi(context))
        {
            await next(context);
            return;
        }

        var user = CurrentUser.Of(context);
        if (!user.IsAuthenticated)
        {
            await ProblemWriter.WriteAsync(context, 401, "unauthenticated");
            return;
        }

        if (!user.IsApiToken && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !HttpMethods.IsOptions(context.Request.Method))
        {
            var expected = context.User.FindFirst(CurrentUser.CsrfClaim)?.Value ?? string.Empty;
            var sent = context.Request.Headers[CsrfHeader].ToString();
            if (expected.Length == 0 || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(sent)))
            {
                await audit.RecordAsync(new AuditEntry("authorize.csrf", "request", context.Request.Path, AuditEntry.Denied, context.Request.Method));
                await ProblemWriter.WriteAsync(context, 403, "csrf_failed");
                return;
            }
        }

        if (user.Restriction is { } restriction && endpoint.Metadata.GetMetadata<AllowedWhileRestricted>()?.Allows(restriction) != true)
        {
            await ProblemWriter.WriteAsync(context, 403, restriction);
            return;
        }

        foreach (var required in endpoint.Metadata.GetOrderedMetadata<RequiredPermission>())
        {
            if (!user.Has(required.Name))
            {
                await audit.RecordAsync(new AuditEntry("authorize", "permission", required.Name, AuditEntry.Denied, $"{context.Request.Method} {context.Request.Path}"));
                await ProblemWriter.WriteAsync(context, 403, "forbidden");
                return;
            }
        }

        await next(context);
    }

    private static bool IsApi(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/prometheus/api");
}
