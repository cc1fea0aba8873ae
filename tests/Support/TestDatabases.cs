using Npgsql;

namespace HospitalOps.Tests.Support;

/// <summary>
/// Which engine the suite runs on: SQLite files by default, or a real PostgreSQL server when
/// HOSPITALOPS_TEST_POSTGRES holds a connection string to it (the ./test script sets it for the
/// second pass). Every test host gets its own fresh databases.
/// </summary>
public static class TestDatabases
{
    public static string? PostgresServer => Environment.GetEnvironmentVariable("HOSPITALOPS_TEST_POSTGRES") is { Length: > 0 } s ? s : null;

    public static bool OnPostgres => PostgresServer is not null;

    public static (string Config, string History) Create(string dataDir)
    {
        if (PostgresServer is not { } server)
        {
            return ($"Data Source={Path.Combine(dataDir, "config.db")}", $"Data Source={Path.Combine(dataDir, "history.db")}");
        }

        var suffix = Guid.NewGuid().ToString("N")[..12];
        using var connection = new NpgsqlConnection(server);
        connection.Open();
        foreach (var name in new[] { $"t_{suffix}_config", $"t_{suffix}_history" })
        {
            using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            command.ExecuteNonQuery();
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { Database = $"t_{suffix}_config", Pooling = true, MaxPoolSize = 20 };
        var config = builder.ToString();
        builder.Database = $"t_{suffix}_history";
        return (config, builder.ToString());
    }
}
