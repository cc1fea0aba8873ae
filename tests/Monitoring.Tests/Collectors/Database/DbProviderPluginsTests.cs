using System.Runtime.Loader;
using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.Collectors.Database;
using HospitalOps.Tests.Support;
using Npgsql;
using static HospitalOps.Monitoring.Tests.Collectors.Database.PostgresPeer;

namespace HospitalOps.Monitoring.Tests.Collectors.Database;

public sealed class DbProviderPluginsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hospitalops-dbplugin-" + Guid.NewGuid().ToString("N"));

    public DbProviderPluginsTests()
    {
        // A plug-in folder as an administrator would fill it: the driver and what it needs beyond .NET.
        Directory.CreateDirectory(_folder);
        File.Copy(typeof(NpgsqlConnection).Assembly.Location, Path.Combine(_folder, "Npgsql.dll"));
        File.Copy(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location, Path.Combine(_folder, "Microsoft.Extensions.Logging.Abstractions.dll"));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A loaded assembly may still be mapped; the temp folder is cleaned by the OS.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [Fact]
    public void Load_NpgsqlFromFolder_LivesInItsOwnContextWithHostFrameworkTypes()
    {
        using var plugin = DbProviderPlugins.Load(_folder, "Npgsql.dll", "Npgsql.NpgsqlFactory");

        var factoryType = plugin.Factory.GetType();
        factoryType.FullName.ShouldBe("Npgsql.NpgsqlFactory");
        factoryType.ShouldNotBe(typeof(NpgsqlFactory));
        AssemblyLoadContext.GetLoadContext(factoryType.Assembly).ShouldBeSameAs(plugin.LoadContext);
        plugin.LoadContext.IsCollectible.ShouldBeTrue();
        factoryType.Assembly.Location.ShouldBe(Path.Combine(_folder, "Npgsql.dll"));
        // The framework copy in the folder is ignored: the host's DbProviderFactory is the driver's base type.
        factoryType.BaseType.ShouldBe(typeof(System.Data.Common.DbProviderFactory));
    }

    [Fact]
    public void Load_DependencyInFolder_ResolvesFromTheFolderInThePluginContext()
    {
        File.Copy(typeof(Dapper.SqlMapper).Assembly.Location, Path.Combine(_folder, "Dapper.dll"));
        using var plugin = DbProviderPlugins.Load(_folder, "Npgsql.dll", "Npgsql.NpgsqlFactory");

        var dependency = plugin.LoadContext.LoadFromAssemblyName(new System.Reflection.AssemblyName("Dapper"));
        var framework = plugin.LoadContext.LoadFromAssemblyName(new System.Reflection.AssemblyName("Microsoft.Extensions.Logging.Abstractions"));

        dependency.Location.ShouldBe(Path.Combine(_folder, "Dapper.dll"));
        AssemblyLoadContext.GetLoadContext(dependency).ShouldBeSameAs(plugin.LoadContext);
        // The folder's copy of a framework assembly is not used: the host's is shared.
        framework.ShouldBeSameAs(typeof(Microsoft.Extensions.Logging.ILogger).Assembly);
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task RunAsync_PostgresPackThroughPluginDriver_MapsRowsToSamples()
    {
        var (conn, db) = await CreateDatabaseAsync("CREATE TABLE t (id int); INSERT INTO t VALUES (1);");
        using var plugin = DbProviderPlugins.Load(_folder, "Npgsql.dll", "Npgsql.NpgsqlFactory");
        await using var connection = await plugin.OpenAsync(conn, TimeSpan.FromSeconds(10), default);
        AssemblyLoadContext.GetLoadContext(connection.GetType().Assembly).ShouldBeSameAs(plugin.LoadContext);

        var result = await QueryPackRunner.RunAsync(connection, QueryPacks.PostgreSql, TimeSpan.FromSeconds(10), default);

        result.Failures.ShouldBeEmpty();
        var batch = result.Samples;
        batch.Samples.Where(s => s.Metric == "db_pack_query_success").Count().ShouldBe(QueryPacks.PostgreSql.Queries.Count);
        batch.Samples.Where(s => s.Metric == "db_pack_query_success").ShouldAllBe(s => s.Value == 1);
        batch.Samples.Single(s => s.Metric == "pg_version_info").Labels.Single().Value.ShouldStartWith("15");
        Value(batch, "pg_settings_max_connections").ShouldBe(300);
        Value(batch, "pg_xact_commit_total", ("datname", db))!.Value.ShouldBeGreaterThan(0);
        Value(batch, "pg_database_size_bytes", ("datname", db))!.Value.ShouldBeGreaterThan(0);
        Value(batch, "pg_cache_hit_ratio", ("datname", db))!.Value.ShouldBeInRange(0, 1);
        Value(batch, "pg_sessions", ("datname", db), ("state", "active"))!.Value.ShouldBeGreaterThanOrEqualTo(1);
        Value(batch, "pg_sessions_blocked").ShouldNotBeNull();
        Value(batch, "pg_oldest_transaction_seconds").ShouldNotBeNull();
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task RunAsync_QueryFails_OtherQueriesStillRunAndTheFailureIsNamed()
    {
        var (conn, _) = await CreateDatabaseAsync();
        using var plugin = DbProviderPlugins.Load(_folder, "Npgsql.dll", "Npgsql.NpgsqlFactory");
        await using var connection = await plugin.OpenAsync(conn, TimeSpan.FromSeconds(10), default);
        var pack = QueryPacks.PostgreSql with
        {
            Queries = [new PackQuery("broken", "SELECT x FROM no_such_view", [new PackMetric("pg_x", "x")], []), .. QueryPacks.PostgreSql.Queries.Take(2)],
        };

        var result = await QueryPackRunner.RunAsync(connection, pack, TimeSpan.FromSeconds(10), default);

        result.Failures.Single().QueryId.ShouldBe("broken");
        result.Failures.Single().Failure.Code.ShouldBe(DatabaseErrors.QueryFailed);
        result.Failures.Single().Failure.Args["reason"].ShouldContain("no_such_view");
        Value(result.Samples, "db_pack_query_success", ("query", "broken")).ShouldBe(0);
        Value(result.Samples, "db_pack_query_success", ("query", "settings")).ShouldBe(1);
        Value(result.Samples, "pg_settings_max_connections").ShouldBe(300);
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task RunAsync_PackQueryThatWrites_StoppedByReadOnlyTransaction()
    {
        var (conn, _) = await CreateDatabaseAsync("CREATE TABLE t (id int);");
        using var plugin = DbProviderPlugins.Load(_folder, "Npgsql.dll", "Npgsql.NpgsqlFactory");
        await using var connection = await plugin.OpenAsync(conn, TimeSpan.FromSeconds(10), default);
        var pack = QueryPacks.PostgreSql with
        {
            Queries = [new PackQuery("writes", "WITH i AS (INSERT INTO t VALUES (1) RETURNING id) SELECT id FROM i", [new PackMetric("pg_x", "id")], [])],
        };

        var result = await QueryPackRunner.RunAsync(connection, pack, TimeSpan.FromSeconds(10), default);

        result.Failures.Single().Failure.Args["reason"].ShouldContain("read-only transaction");
        (await ScalarAsync<long>(conn, "SELECT count(*) FROM t")).ShouldBe(0);
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task OpenAsync_WrongDatabase_FailsWithConnectFailed()
    {
        using var plugin = DbProviderPlugins.Load(_folder, "Npgsql.dll", "Npgsql.NpgsqlFactory");
        var missing = new NpgsqlConnectionStringBuilder(Server) { Database = "no_such_database_here" }.ConnectionString;

        var failure = await Should.ThrowAsync<CollectionFailure>(() => plugin.OpenAsync(missing, TimeSpan.FromSeconds(10), default));

        failure.Code.ShouldBe(DatabaseErrors.ConnectFailed);
        failure.Args["reason"].ShouldContain("no_such_database_here");
    }

    [Fact]
    public void Load_MissingFolderOrFile_FailsWithDriverMissing()
    {
        Should.Throw<CollectionFailure>(() => DbProviderPlugins.Load(Path.Combine(_folder, "nope"), "Npgsql.dll", "Npgsql.NpgsqlFactory"))
            .Code.ShouldBe(DatabaseErrors.DriverMissing);
        var failure = Should.Throw<CollectionFailure>(() => DbProviderPlugins.Load(_folder, "Oracle.ManagedDataAccess.dll", "Oracle.ManagedDataAccess.Client.OracleClientFactory"));
        failure.Code.ShouldBe(DatabaseErrors.DriverMissing);
        failure.Args["reason"].ShouldContain("Oracle.ManagedDataAccess.dll does not exist");
    }

    [Theory]
    [InlineData("Npgsql.dll", "Npgsql.NoSuchFactory", "has no type Npgsql.NoSuchFactory")]
    [InlineData("Npgsql.dll", "Npgsql.NpgsqlConnection", "is not a DbProviderFactory")]
    [InlineData("../Npgsql.dll", "Npgsql.NpgsqlFactory", "must be a file name inside the plug-in folder")]
    [InlineData("readme.dll", "X.Factory", "is not a .NET assembly")]
    public void Load_WrongFileOrType_FailsWithDriverInvalid(string file, string type, string reason)
    {
        File.WriteAllText(Path.Combine(_folder, "readme.dll"), "not an assembly");

        var failure = Should.Throw<CollectionFailure>(() => DbProviderPlugins.Load(_folder, file, type));

        failure.Code.ShouldBe(DatabaseErrors.DriverInvalid);
        failure.Args["reason"].ShouldContain(reason);
    }
}
