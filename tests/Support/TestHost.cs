using System.Net;
using HospitalOps.Host.Platform;
using HospitalOps.Kernel.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Tests.Support;

/// <summary>
/// The real server, in process, listening on a free loopback port, with its own data directory
/// and databases (SQLite, or PostgreSQL when the suite runs on it).
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    public const string AdminPassword = "Chief#Pass2026";

    private readonly WebApplication _app;

    private TestHost(WebApplication app, string dataDir, ManualClock clock, string configConnection, string historyConnection)
    {
        _app = app;
        ConfigConnectionString = configConnection;
        HistoryConnectionString = historyConnection;
        DataDir = dataDir;
        Clock = clock;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseAddress = new Uri(addresses.Addresses.First());
    }

    public Uri BaseAddress { get; }

    /// <summary>The databases this host uses, for a second host on the same databases (another node).</summary>
    public string ConfigConnectionString { get; }

    public string HistoryConnectionString { get; }

    public string DataDir { get; }

    public ManualClock Clock { get; }

    public IServiceProvider Services => _app.Services;

    public Databases Databases => _app.Services.GetRequiredService<Databases>();

    public string InitialAdminPassword => File.ReadAllText(Path.Combine(DataDir, "initial-admin-password")).Trim();

    public static async Task<TestHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, bool prepare = true, ManualClock? clock = null, Action<IServiceCollection>? services = null)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "hospitalops-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        var (config, history) = TestDatabases.Create(dataDir);
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["DataDir"] = dataDir,
            ["ConnectionStrings:Config"] = config,
            ["ConnectionStrings:History"] = history,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            overrides[k] = v;
        }

        clock ??= new ManualClock(DateTimeOffset.UtcNow);
        var app = PlatformHost.Build(overrides, collection =>
        {
            collection.AddSingleton<TimeProvider>(clock);
            services?.Invoke(collection);
        });
        if (prepare)
        {
            await PlatformStartup.PrepareAsync(app.Services, migrate: true, default);
        }

        await app.StartAsync();
        return new TestHost(app, dataDir, clock, overrides["ConnectionStrings:Config"]!, overrides["ConnectionStrings:History"]!);
    }

    public ApiClient Client(string? language = null) => new(BaseAddress, language);

    /// <summary>A client signed in as admin, with the forced first password change done.</summary>
    public async Task<ApiClient> AdminAsync()
    {
        var client = Client();
        var initial = InitialAdminPassword;
        var login = await client.LoginAsync("admin", initial);
        login.EnsureSuccessStatusCode();
        if ((await login.JsonAsync()).GetProperty("mustChangePassword").GetBoolean())
        {
            (await client.PostAsync("/api/v1/auth/change-password", new { currentPassword = initial, newPassword = AdminPassword })).EnsureSuccessStatusCode();
            File.WriteAllText(Path.Combine(DataDir, "initial-admin-password"), AdminPassword);
        }

        return client;
    }

    /// <summary>Creates a user through the API (as admin) and returns a signed-in client for it, first password change done.</summary>
    public async Task<(ApiClient Client, long Id)> UserAsync(string userName, params string[] roles)
    {
        var admin = await AdminAsync();
        const string initial = "Initial#Pass1";
        var created = await admin.PostAsync("/api/v1/users", new { userName, displayName = userName, password = initial, roles });
        created.EnsureSuccessStatusCode();
        var id = (await created.JsonAsync()).GetProperty("id").GetInt64();
        var client = Client();
        (await client.LoginAsync(userName, initial)).EnsureSuccessStatusCode();
        (await client.PostAsync("/api/v1/auth/change-password", new { currentPassword = initial, newPassword = UserPassword })).EnsureSuccessStatusCode();
        return (client, id);
    }

    public const string UserPassword = "User#Pass2026";

    public async ValueTask DisposeAsync()
    {
        var databases = Databases;
        await _app.StopAsync();
        await _app.DisposeAsync();
        await databases.Config.DisposeAsync();
        await databases.History.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by the OS is not worth failing a test for.
        }
    }
}
