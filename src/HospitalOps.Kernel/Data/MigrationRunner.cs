using System.Data.Common;
using Dapper;

namespace HospitalOps.Kernel.Data;

/// <summary>
/// Applies modules' migrations in order, each in its own transaction together with its
/// bookkeeping row, so a failing step leaves the database exactly as the previous step left it.
/// </summary>
public sealed class MigrationRunner(Database database, IEnumerable<IMigrationSource> sources, TimeProvider clock)
{
    private const long PostgresLockKey = 7_246_001;

    private readonly IReadOnlyList<Migration> _migrations = sources
        .Where(s => s.Target == database.Role)
        .SelectMany(s => s.Migrations)
        .OrderBy(m => m.Module, StringComparer.Ordinal)
        .ThenBy(m => m.Version)
        .ToList();

    public IReadOnlyList<Migration> All => _migrations;

    /// <summary>Migrations not yet applied; throws if the database cannot be reached.</summary>
    public async Task<IReadOnlyList<Migration>> PendingAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var applied = await AppliedAsync(connection, null);
        return _migrations.Where(m => !applied.Contains((m.Module, m.Version))).ToList();
    }

    /// <summary>Applies pending migrations; <paramref name="include"/> limits which (tests upgrade step by step).</summary>
    public async Task<IReadOnlyList<Migration>> ApplyAsync(Func<Migration, bool>? include = null, Action<Migration>? onApplied = null, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await EnsureBookkeepingTableAsync(connection, ct);
        var done = new List<Migration>();
        foreach (var migration in _migrations.Where(m => include?.Invoke(m) ?? true))
        {
            await using var tx = await Database.BeginWriteAsync(connection, ct);
            if (database.Engine == DatabaseEngine.PostgreSql)
            {
                // Several nodes may start at once; only one may migrate.
                await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@k)", new { k = PostgresLockKey }, tx);
            }

            var applied = await AppliedAsync(connection, tx);
            if (applied.Contains((migration.Module, migration.Version)))
            {
                await tx.RollbackAsync(ct);
                continue;
            }

            try
            {
                await connection.ExecuteAsync(new CommandDefinition(migration.SqlFor(database.Engine), transaction: tx, cancellationToken: ct));
                await connection.ExecuteAsync(
                    "INSERT INTO schema_migrations (module, version, name, applied_at) VALUES (@Module, @Version, @Name, @At)",
                    new { migration.Module, migration.Version, migration.Name, At = clock.GetUtcNow().ToUnixTimeMilliseconds() },
                    tx);
                await tx.CommitAsync(ct);
            }
            catch (Exception ex)
            {
                await tx.RollbackAsync(CancellationToken.None);
                throw new MigrationFailedException(migration, ex);
            }

            done.Add(migration);
            onApplied?.Invoke(migration);
        }

        return done;
    }

    private static async Task EnsureBookkeepingTableAsync(DbConnection connection, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "CREATE TABLE IF NOT EXISTS schema_migrations (module varchar(100) NOT NULL, version integer NOT NULL, name varchar(200) NOT NULL, applied_at bigint NOT NULL, PRIMARY KEY (module, version))",
            cancellationToken: ct));
    }

    private static async Task<HashSet<(string, int)>> AppliedAsync(DbConnection connection, DbTransaction? tx)
    {
        try
        {
            var rows = await connection.QueryAsync<(string Module, int Version)>("SELECT module, version FROM schema_migrations", transaction: tx);
            return rows.ToHashSet();
        }
        catch (DbException) when (tx is null)
        {
            // No bookkeeping table yet: nothing applied.
            return [];
        }
    }
}

public sealed class MigrationFailedException(Migration migration, Exception inner)
    : Exception($"Migration {migration.Module} v{migration.Version} ({migration.Name}) failed and was rolled back: {inner.Message}", inner)
{
    public Migration Migration { get; } = migration;
}
