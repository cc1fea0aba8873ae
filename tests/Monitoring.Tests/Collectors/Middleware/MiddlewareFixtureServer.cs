using System.Text;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Monitoring.Tests.Collectors.Middleware;

/// <summary>
/// Serves the recorded WebLogic and Tomcat answers of tests/fixtures/middleware behind Basic auth,
/// as the real management interfaces do (401 with a WWW-Authenticate challenge otherwise).
/// </summary>
internal static class MiddlewareFixtureServer
{
    public const string User = "monitor";
    public const string Password = "Hosp1tal#Ops";
    private const string WebLogicRoot = "/management/weblogic/latest/domainRuntime/serverRuntimes";

    public static string Fixture(string relativePath) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "middleware", relativePath));

    public static Task<LocalKestrel> StartAsync(Func<HttpContext, Task<bool>>? overrideRoute = null) =>
        LocalKestrel.StartAsync(async context =>
        {
            var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(User + ":" + Password));
            if (context.Request.Headers.Authorization != expected)
            {
                context.Response.StatusCode = 401;
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"default\"";
                return;
            }
            if (overrideRoute is not null && await overrideRoute(context))
            {
                return;
            }
            var (file, contentType) = Route(context.Request);
            if (file is null)
            {
                context.Response.StatusCode = 404;
                return;
            }
            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(Fixture(file));
        });

    private static (string? File, string ContentType) Route(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        if (path == "/manager/status" && request.Query["XML"] == "true")
        {
            return ("tomcat/status.xml", "text/xml;charset=utf-8");
        }
        if (!path.StartsWith(WebLogicRoot, StringComparison.Ordinal) || request.Query["links"] != "none")
        {
            return (null, "");
        }
        var rest = path[WebLogicRoot.Length..].Trim('/').Split('/');
        return rest switch
        {
            [""] => ("weblogic/serverRuntimes.json", "application/json"),
            [var server, "threadPoolRuntime"] => Existing($"weblogic/{server}.threadPoolRuntime.json"),
            [var server, "JVMRuntime"] => Existing($"weblogic/{server}.JVMRuntime.json"),
            [var server, "JDBCServiceRuntime", "JDBCDataSourceRuntimeMBeans"] => Existing($"weblogic/{server}.JDBCDataSourceRuntimeMBeans.json"),
            _ => (null, ""),
        };
    }

    private static (string? File, string ContentType) Existing(string file) =>
        File.Exists(Path.Combine(AppContext.BaseDirectory, "fixtures", "middleware", file)) ? (file, "application/json") : (null, "");
}
