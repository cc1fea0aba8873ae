using HospitalOps.Alerting;
using HospitalOps.Cmdb;
using HospitalOps.Monitoring;
using HospitalOps.Identity;
using HospitalOps.ServiceDesk;
using HospitalOps.Calendars;
using HospitalOps.Knowledge;
using HospitalOps.Kernel.Cluster;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Events;
using HospitalOps.Kernel.Observability;
using HospitalOps.Kernel.Security;
using HospitalOps.Kernel.Web;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Json;

namespace HospitalOps.Host.Platform;

/// <summary>Composes the server: configuration, the two databases, every module, and the HTTP pipeline.</summary>
internal static class PlatformHost
{
    public static WebApplication Build(IReadOnlyDictionary<string, string?> overrides, Action<IServiceCollection>? replaceServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        builder.Configuration.Sources.Clear();
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables("HOSPITALOPS_")
            .AddInMemoryCollection(overrides);
        builder.Logging.ClearProviders().AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "yyyy-MM-dd HH:mm:ss "; });
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));

        var platform = PlatformOptions.From(builder.Configuration);
        builder.WebHost.UseUrls(builder.Configuration["Urls"] ?? "http://127.0.0.1:8080");
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = platform.MaxRequestBodyBytes;
        });

        // Password hashes, sessions and the keys that decrypt stored secrets live here: owner only.
        var keysDirectory = builder.Configuration["Security:KeysDirectory"] is { Length: > 0 } keys ? keys : Path.Combine(platform.DataDir, "keys");
        CreatePrivateDirectory(platform.DataDir);
        CreatePrivateDirectory(keysDirectory);

        var services = builder.Services;
        services.AddSingleton(platform);
        services.AddSingleton(platform.OpenDatabases());
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(NodeIdentity.From(builder.Configuration));
        services.AddHostedService<ModuleEventDispatcher>();
        services.AddSingleton<IStartupTask, ModuleEventSubscriptions>();
        services.AddSingleton<MetricsRegistry>();
        services.AddSingleton<IMigrationSource, PlatformConfigMigrations>();
        services.AddSingleton<IMigrationSource, PlatformHistoryMigrations>();
        services.AddSingleton<ObjectGuard>();
        services.AddDataProtection()
            .SetApplicationName("HospitalOps")
            .PersistKeysToFileSystem(new DirectoryInfo(keysDirectory));
        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase;
            o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        });
        services.AddOpenApi("v1");
        services.AddRouting();

        // Every module, in the order of the data flow.
        services.AddIdentityModule(builder.Configuration);
        services.AddCmdbModule();
        services.AddMonitoringModule(builder.Configuration);
        services.AddAlertingModule(builder.Configuration);
        services.AddServiceDeskModule();
        services.AddCalendarsModule();
        services.AddKnowledgeModule();

        replaceServices?.Invoke(services);

        var app = builder.Build();
        Health.RegisterRuntimeGauges(app.Services.GetRequiredService<MetricsRegistry>());

        app.UseMiddleware<ErrorHandlingMiddleware>();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseRouting();
        app.UseMiddleware<HttpMetricsMiddleware>();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseMiddleware<ApiAccessMiddleware>();

        app.MapGet("/health/live", Health.Live).ExcludeFromDescription();
        app.MapGet("/health/ready", Health.Ready).ExcludeFromDescription();
        app.MapGet("/metrics", Health.Metrics).ExcludeFromDescription();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "api-docs";
            o.SwaggerEndpoint("/openapi/v1.json", "HospitalOps API v1");
            o.DocumentTitle = "HospitalOps API";
        });

        var api = app.MapGroup("/api/v1");
        api.MapIdentityModule();
        api.MapCmdbModule();
        api.MapMonitoringModule();
        api.MapAlertingModule();
        api.MapServiceDeskModule();
        api.MapCalendarsModule();
        api.MapKnowledgeModule();
        api.MapFallback(() => Results.NotFound()).ExcludeFromDescription();
        app.MapPrometheusCompatibleApi();

        // The web app's routes live in the browser: any other GET gets index.html.
        app.MapFallbackToFile("index.html");
        return app;
    }

    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        var existed = Directory.Exists(path);
        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (!existed)
        {
            // CreateDirectory's mode is filtered by the umask; set it exactly.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
