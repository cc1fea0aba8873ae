using HospitalOps.Kernel.Data;

namespace HospitalOps.Host.Platform;

/// <summary>Tables of the platform itself: work leases and the outbox between modules in the configuration database, identity of the history database.</summary>
internal sealed class PlatformConfigMigrations : IMigrationSource
{
    public DatabaseRole Target => DatabaseRole.Config;

    public IReadOnlyList<Migration> Migrations { get; } =
    [
        new("platform", 1, "leases for background work shared among nodes",
            Sqlite: "CREATE TABLE leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at INTEGER NOT NULL);",
            PostgreSql: "CREATE TABLE leases (name varchar(200) PRIMARY KEY, holder varchar(200) NOT NULL, expires_at bigint NOT NULL);"),
        new("platform", 2, "outbox of events between modules: events, subscriptions and pending deliveries",
            Sqlite: """
            CREATE TABLE module_events (id INTEGER PRIMARY KEY AUTOINCREMENT, topic TEXT NOT NULL, payload TEXT NOT NULL, published_at INTEGER NOT NULL);
            CREATE TABLE module_event_subscriptions (subscriber TEXT NOT NULL, topic TEXT NOT NULL, PRIMARY KEY (subscriber, topic));
            CREATE TABLE module_event_deliveries (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              subscriber TEXT NOT NULL,
              event_id INTEGER NOT NULL REFERENCES module_events (id),
              attempts INTEGER NOT NULL,
              next_at INTEGER NOT NULL,
              last_error TEXT NULL
            );
            CREATE INDEX ix_module_event_deliveries_subscriber ON module_event_deliveries (subscriber, id);
            CREATE INDEX ix_module_event_deliveries_event ON module_event_deliveries (event_id);
            """,
            PostgreSql: """
            CREATE TABLE module_events (id bigserial PRIMARY KEY, topic varchar(200) NOT NULL, payload text NOT NULL, published_at bigint NOT NULL);
            CREATE TABLE module_event_subscriptions (subscriber varchar(200) NOT NULL, topic varchar(200) NOT NULL, PRIMARY KEY (subscriber, topic));
            CREATE TABLE module_event_deliveries (
              id bigserial PRIMARY KEY,
              subscriber varchar(200) NOT NULL,
              event_id bigint NOT NULL REFERENCES module_events (id),
              attempts integer NOT NULL,
              next_at bigint NOT NULL,
              last_error text NULL
            );
            CREATE INDEX ix_module_event_deliveries_subscriber ON module_event_deliveries (subscriber, id);
            CREATE INDEX ix_module_event_deliveries_event ON module_event_deliveries (event_id);
            """),
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
