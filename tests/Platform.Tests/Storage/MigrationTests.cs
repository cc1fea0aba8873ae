using Microsoft.Extensions.DependencyInjection;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Tests.Support;

namespace HospitalOps.Platform.Tests.Storage;

public sealed class MigrationTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "hospitalops-tests", Guid.NewGuid().ToString("N"));

    public MigrationTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, true);
    }

    private Database NewConfigDatabase() => new(DatabaseRole.Config, TestDatabases.Create(_dir).Config);

    private static IReadOnlyList<IMigrationSource> AllSources()
    {
        var host = HospitalOps.Host.Platform.PlatformHost.Build(new Dictionary<string, string?> { ["DataDir"] = Path.GetTempPath() });
        return host.Services.GetServices<IMigrationSource>().ToList();
    }

    [Fact]
    public async Task Upgrade_FromFirstMigrationToLatest_KeepsData()
    {
        await using var database = NewConfigDatabase();
        var runner = new MigrationRunner(database, AllSources(), TimeProvider.System);
        var first = await runner.ApplyAsync(m => m.Version == 1);
        first.ShouldAllBe(m => m.Version == 1);

        await using (var connection = await database.OpenAsync())
        {
            await connection.ExecuteAsync(
                "INSERT INTO users (user_name, display_name, password_changed_at, created_at, updated_at) VALUES ('old.user', '老用户', 1, 1, 1)");
        }

        (await runner.PendingAsync()).ShouldNotBeEmpty();
        var rest = await runner.ApplyAsync();
        rest.ShouldNotBeEmpty();
        rest.ShouldAllBe(m => m.Version > 1);
        (await runner.PendingAsync()).ShouldBeEmpty();

        await using var check = await database.OpenAsync();
        (await check.ExecuteScalarAsync<string>("SELECT display_name FROM users WHERE user_name = 'old.user'")).ShouldBe("老用户");
        (await check.ExecuteScalarAsync<long?>("SELECT org_unit_id FROM users WHERE user_name = 'old.user'")).ShouldBeNull();
    }

    [Fact]
    public async Task Upgrade_MovesTheHolidaysAlertingKept_IntoTheCalendars()
    {
        await using var database = NewConfigDatabase();
        var runner = new MigrationRunner(database, AllSources(), TimeProvider.System);
        await runner.ApplyAsync(m => m.Module != "calendars");
        await using (var connection = await database.OpenAsync())
        {
            await connection.ExecuteAsync("INSERT INTO work_calendar_days (day, kind, note) VALUES ('2026-10-01', 'holiday', '国庆节'), ('2026-10-10', 'workday', NULL)");
        }

        await runner.ApplyAsync();

        await using var check = await database.OpenAsync();
        (await check.QueryAsync<(string, string, string?)>("SELECT day, kind, festival FROM calendar_days ORDER BY day"))
            .ShouldBe([("2026-10-01", "holiday", "国庆节"), ("2026-10-10", "workday", null)]);
        await Should.ThrowAsync<Exception>(() => check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM work_calendar_days"));
    }

    [Fact]
    public async Task Apply_Twice_AppliesNothingTheSecondTime()
    {
        await using var database = NewConfigDatabase();
        var runner = new MigrationRunner(database, AllSources(), TimeProvider.System);
        (await runner.ApplyAsync()).ShouldNotBeEmpty();
        (await runner.ApplyAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task FailingMigration_LeavesTheDatabaseAsItWas()
    {
        await using var database = NewConfigDatabase();
        var broken = new BrokenSource();
        var runner = new MigrationRunner(database, [broken], TimeProvider.System);
        var failure = await Should.ThrowAsync<MigrationFailedException>(() => runner.ApplyAsync());
        failure.Migration.Version.ShouldBe(2);

        await using var connection = await database.OpenAsync();
        (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM first_table")).ShouldBe(1);
        // The second step created a table before failing; it must be gone with the rollback.
        await Should.ThrowAsync<Exception>(() => connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM half_done"));
        (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations WHERE module = 'broken'")).ShouldBe(1);
    }

    private sealed class BrokenSource : IMigrationSource
    {
        public DatabaseRole Target => DatabaseRole.Config;

        public IReadOnlyList<Migration> Migrations { get; } =
        [
            new("broken", 1, "fine", "CREATE TABLE first_table (id integer); INSERT INTO first_table VALUES (1);", "CREATE TABLE first_table (id integer); INSERT INTO first_table VALUES (1);"),
            new("broken", 2, "fails half-way", "CREATE TABLE half_done (id integer); INSERT INTO no_such_table VALUES (1);", "CREATE TABLE half_done (id integer); INSERT INTO no_such_table VALUES (1);"),
        ];
    }
}
