using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace HospitalOps.Kernel.Data;

/// <summary>
/// One of the platform's databases. Opens connections configured the same way everywhere,
/// so every module gets WAL, busy timeouts and foreign keys on SQLite without thinking of it.
/// </summary>
public sealed class Database : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres;
    private readonly string? _sqliteConnectionString;
    private readonly int _busyTimeoutMs;
    private volatile bool _walEnabled;

    public Database(DatabaseRole role, string connectionString)
    {
        Role = role;
        Engine = DetectEngine(connectionString);
        if (Engine == DatabaseEngine.PostgreSql)
        {
            _postgres = NpgsqlDataSource.Create(connectionString);
        }
        else
        {
            // Foreign keys are a per-connection setting that Microsoft.Data.Sqlite re-applies at every open; the history
            // database has none, so its connections (several per query) skip that statement.
            var builder = new SqliteConnectionStringBuilder(connectionString)
            {
                DefaultTimeout = 30,
                Pooling = true,
                ForeignKeys = role == DatabaseRole.Config ? true : null,
            };
            _sqliteConnectionString = builder.ToString();
            _busyTimeoutMs = builder.DefaultTimeout * 1000;
            var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(directory) && builder.Mode != SqliteOpenMode.Memory)
            {
                try
                {
                    Directory.CreateDirectory(directory);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Opening will fail with the reason; readiness reports it instead of the process dying here.
                }
            }
        }
    }

    public DatabaseRole Role { get; }

    public DatabaseEngine Engine { get; }

    /// <summary>A description safe to show to operators: engine and location, never a password.</summary>
    public string Describe()
    {
        if (_postgres is not null)
        {
            var b = new NpgsqlConnectionStringBuilder(_postgres.ConnectionString);
            return $"PostgreSQL {b.Host}:{b.Port}/{b.Database}";
        }

        return $"SQLite {new SqliteConnectionStringBuilder(_sqliteConnectionString).DataSource}";
    }

    public static DatabaseEngine DetectEngine(string connectionString)
    {
        var lower = connectionString.ToLowerInvariant();
        return lower.Contains("host=") || lower.Contains("server=") || lower.StartsWith("postgres", StringComparison.Ordinal)
            ? DatabaseEngine.PostgreSql
            : DatabaseEngine.Sqlite;
    }

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = await OpenRawAsync(ct);
        var role = (int)Role;
        Observability.DatabaseMetrics.Opened(role);
        connection.StateChange += (_, e) =>
        {
            if (e.CurrentState == System.Data.ConnectionState.Closed && e.OriginalState != System.Data.ConnectionState.Closed)
            {
                Observability.DatabaseMetrics.Closed(role);
            }
        };
        return connection;
    }

    private async Task<DbConnection> OpenRawAsync(CancellationToken ct)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(ct);
        }

        var connection = new SqliteConnection(_sqliteConnectionString);
        await connection.OpenAsync(ct);
        // A writer that finds the write lock taken should get it as soon as it is free. Microsoft.Data.Sqlite retries a busy
        // statement only every 150 ms, so a lock held for a few milliseconds cost every waiter 150 ms, and writers that
        // queue behind each other (alert ingestion, notification planning and delivery) fell seconds behind; SQLite's own
        // busy handler retries within milliseconds. Per connection, so set at every open (a pooled one keeps it).
        SQLitePCL.raw.sqlite3_busy_timeout(connection.Handle, _busyTimeoutMs);
        if (!_walEnabled)
        {
            // WAL is a property of the file and stays on; FULL is SQLite's default synchronous
            // level and keeps an acknowledged commit across a power loss. Checked once per process.
            using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;";
            await pragma.ExecuteNonQueryAsync(ct);
            _walEnabled = true;
        }

        return connection;
    }

    /// <summary>
    /// Begins a write transaction. On SQLite it takes the write lock at once (BEGIN IMMEDIATE),
    /// which avoids the busy error a deferred transaction gets when it upgrades to writing.
    /// </summary>
    public static async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct = default)
    {
        if (connection is SqliteConnection sqlite)
        {
            return sqlite.BeginTransaction(deferred: false);
        }

        return await connection.BeginTransactionAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
