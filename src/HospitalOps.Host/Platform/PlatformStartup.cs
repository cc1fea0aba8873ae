using Dapper;
using HospitalOps.Identity;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Demo;

namespace HospitalOps.Host.Platform;

/// <summary>What happens before the server takes requests: migrations, built-in roles, the first admin, the demo.</summary>
internal static class PlatformStartup
{
    public static async Task MigrateAsync(IServiceProvider services, ILogger log, CancellationToken ct)
    {
        var databases = services.GetRequiredService<Databases>();
        var sources = services.GetServices<IMigrationSource>().ToList();
        var clock = services.GetRequiredService<TimeProvider>();
        foreach (var database in new[] { databases.Config, databases.History })
        {
            var applied = await new MigrationRunner(database, sources, clock).ApplyAsync(
                onApplied: m => log.LogInformation("Applied migration {Module} v{Version} ({Name}) to {Database}", m.Module, m.Version, m.Name, database.Describe()),
                ct: ct);
            if (applied.Count == 0)
            {
                log.LogInformation("{Database} is up to date", database.Describe());
            }
        }
    }

    /// <summary>Migrates (if configured), then prepares identity; returns true when the database had no users.</summary>
    public static async Task<bool> PrepareAsync(IServiceProvider services, bool migrate, CancellationToken ct)
    {
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger("HospitalOps.Startup");
        if (migrate)
        {
            await MigrateAsync(services, log, ct);
        }

        await IdentityStartup.SyncBuiltInRolesAsync(services, ct);
        foreach (var task in services.GetServices<IStartupTask>().OrderBy(t => t.Order))
        {
            await task.RunAsync(ct);
        }

        var platform = services.GetRequiredService<PlatformOptions>();
        return await IdentityStartup.EnsureInitialAdminAsync(services, platform.DataDir, ct) is not null;
    }

    public static async Task LoadDemoAsync(IServiceProvider services, CancellationToken ct)
    {
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger("HospitalOps.Demo");
        foreach (var part in services.GetServices<IDemoData>().OrderBy(d => d.Order))
        {
            await part.LoadAsync(ct);
            log.LogInformation("Demo data loaded: {Part}", part.GetType().Name);
        }
    }

    /// <summary>True when the configuration database holds nothing but the first administrator.</summary>
    public static async Task<bool> IsEmptyAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var connection = await services.GetRequiredService<Databases>().Config.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users") <= 1
            && await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM org_units") == 0;
    }
}
