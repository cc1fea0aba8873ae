using HospitalOps.Monitoring.Collection;
using Npgsql;

namespace HospitalOps.Monitoring.Tests.Collectors.Database;

/// <summary>The PostgreSQL server ./test starts (scripts/postgres.sh); each test gets its own database.</summary>
internal static class PostgresPeer
{
    public const string Variable = "HOSPITALOPS_TEST_PG_PEER";

    public static string Server => Environment.GetEnvironmentVariable(Variable)!;

    /// <summary>Creates a fresh database and returns an unpooled superuser connection string to it.</summary>
    public static async Task<(string ConnectionString, string Database)> CreateDatabaseAsync(string? setupSql = null)
    {
        var name = "dbcol_" + Guid.NewGuid().ToString("N")[..12];
        await ExecAsync(Server, $"CREATE DATABASE {name}");
        var connectionString = new NpgsqlConnectionStringBuilder(Server) { Database = name, Pooling = false }.ConnectionString;
        if (setupSql is not null)
        {
            await ExecAsync(connectionString, setupSql);
        }

        return (connectionString, name);
    }

    public static async Task ExecAsync(string connectionString, string sql)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (n, v) in parameters)
        {
            command.Parameters.AddWithValue(n, v);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, for at most 20 seconds.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (!await condition())
        {
            if (System.Diagnostics.Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(20))
            {
                throw new TimeoutException("Timed out waiting for: " + what);
            }

            await Task.Delay(100);
        }
    }

    public static double? Value(SampleBatch batch, string metric, params (string Name, string Value)[] labels) =>
        batch.Samples
            .Where(s => s.Metric == metric && labels.All(l => s.Labels.Contains(new Label(l.Name, l.Value))))
            .Select(s => (double?)s.Value)
            .FirstOrDefault();
}
