using HospitalOps.Kernel.Data;

namespace HospitalOps.Host.Platform;

/// <summary>Tables of the platform itself: work leases in the configuration database, identity of the history database.</summary>
internal sealed class PlatformConfigMigrations : IMigrationSource
{
    public DatabaseRole Target => DatabaseRole.Config;

    public IReadOnlyList<Migration> Migrations { get; } =
    [
        new("platform", 1, "leases for background work shared among nodes",
            Sqlite: "CREATE TABLE leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at INTEGER NOT NULL);",
            PostgreSql: "CREATE TABLE leases (name varchar(200) PRIMARY KEY, holder varchar(200) NOT NULL, expires_at bigint NOT NULL);"),
    ];
}

internal sealed class PlatformHistoryMigrations : IMigrationSource
{
    public DatabaseRole Target => DatabaseRole.History;

    public IReadOnlyList<Migration> Migrations { get; } =
    [
        new("platform", 1, "history database identity",
            Sqlite: "CREATE TABLE history_info (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO history_info (key, value) VALUES ('role', 'history');",
            PostgreSql: "CREATE TABLE history_info (key varchar(100) PRIMARY KEY, value text NOT NULL); INSERT INTO history_info (key, value) VALUES ('role', 'history');"),
    ];
}
