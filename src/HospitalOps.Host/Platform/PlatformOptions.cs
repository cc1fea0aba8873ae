using HospitalOps.Kernel.Data;
using Microsoft.Data.Sqlite;

namespace HospitalOps.Host.Platform;

/// <summary>Where the data lives: the data directory and the two databases' connection strings.</summary>
internal sealed record PlatformOptions(string DataDir, string ConfigConnectionString, string HistoryConnectionString, bool MigrateOnStart, long MaxRequestBodyBytes)
{
    public static PlatformOptions From(IConfiguration configuration)
    {
        var dataDir = Path.GetFullPath(configuration["DataDir"] is { Length: > 0 } d ? d : "./data");
        string Sqlite(string file) => new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDir, file) }.ToString();
        var config = configuration.GetConnectionString("Config") is { Length: > 0 } c ? c : Sqlite("config.db");
        var history = configuration.GetConnectionString("History") is { Length: > 0 } h ? h : Sqlite("history.db");
        return new PlatformOptions(
            dataDir, config, history,
            configuration.GetValue("Database:MigrateOnStart", true),
            configuration.GetValue("Server:MaxRequestBodyBytes", 10L * 1024 * 1024));
    }

    public Databases OpenDatabases() => new(new Database(DatabaseRole.Config, ConfigConnectionString), new Database(DatabaseRole.History, HistoryConnectionString));
}
