using System.Globalization;
using HospitalOps.Monitoring.Collection;
using Npgsql;

namespace HospitalOps.Monitoring.Collectors.Database;

/// <summary>
/// Health of one PostgreSQL server (12 or later) over one connection named
/// <c>hospitalops-monitor</c>: sessions, waits and blocking, pg_stat_database counters, sizes,
/// replication lag, transaction ages and settings.
/// </summary>
/// <remarks>
/// Grant the monitoring role <c>pg_monitor</c>: without it, other users' sessions show no state or
/// wait event, pg_stat_replication hides its lag columns and databases the role cannot connect to
/// have no size. A part the role may not read is skipped and reported as
/// <c>pg_collector_query_success{query} 0</c> instead of failing the whole collection.
/// Connection and login problems end in a <see cref="CollectionFailure"/>; <c>pg_up 1</c> is in
/// every batch that comes back.
/// </remarks>
internal sealed class PostgresCollector
{
    public async Task<SampleBatch> CollectAsync(string connectionString, TimeSpan timeout, CancellationToken cancellationToken, PostgresCollectorOptions? options = null)
    {
        options ??= PostgresCollectorOptions.Default;
        return await PostgresConnector.WithDeadlineAsync(timeout, cancellationToken, async ct =>
        {
            await using var connection = await PostgresConnector.OpenAsync(connectionString, timeout, ct);
            var batch = new SampleBatch();
            batch.Add("pg_up", 1);
            await PartAsync(batch, connection, "version", ct, CollectVersionAsync);
            await PartAsync(batch, connection, "sessions", ct, CollectSessionsAsync);
            await PartAsync(batch, connection, "blocking", ct, CollectBlockingAsync);
            await PartAsync(batch, connection, "transactions", ct, (b, c, t) => CollectTransactionAgesAsync(b, c, options.LongTransactionLimit, t));
            await PartAsync(batch, connection, "databases", ct, CollectDatabaseStatsAsync);
            await PartAsync(batch, connection, "database_sizes", ct, CollectDatabaseSizesAsync);
            await PartAsync(batch, connection, "table_sizes", ct, (b, c, t) => CollectTableSizesAsync(b, c, options.TopTables, t));
            await PartAsync(batch, connection, "replication", ct, CollectReplicationAsync);
            return batch;
        });
    }

    private static async Task PartAsync(SampleBatch batch, NpgsqlConnection connection, string part, CancellationToken ct, Func<SampleBatch, NpgsqlConnection, CancellationToken, Task> collect)
    {
        var partial = new SampleBatch();
        try
        {
            await collect(partial, connection, ct);
        }
        catch (PostgresException e) when (e.SqlState is "42501" or "42883" or "42P01" or "42703")
        {
            // Missing privilege (or a view/function this server version lacks): show what we can.
            batch.Add("pg_collector_query_success", 0, new Label("query", part));
            return;
        }

        foreach (var sample in partial.Samples)
        {
            batch.Add(sample.Metric, sample.Value, sample.Labels);
        }

        batch.Add("pg_collector_query_success", 1, new Label("query", part));
    }

    private static async Task CollectVersionAsync(SampleBatch batch, NpgsqlConnection connection, CancellationToken ct)
    {
        foreach (var row in await PostgresRows.ReadAsync(connection,
            "SELECT current_setting('server_version'), current_setting('server_version_num')::int, current_setting('max_connections')::int, pg_is_in_recovery()", ct))
        {
            batch.Add("pg_version_info", 1, new Label("version", (string)row[0]!), new Label("version_num", ((int)row[1]!).ToString(CultureInfo.InvariantCulture)));
            batch.Add("pg_settings_max_connections", (int)row[2]!);
            batch.Add("pg_in_recovery", (bool)row[3]!);
        }
    }

    private static async Task CollectSessionsAsync(SampleBatch batch, NpgsqlConnection connection, CancellationToken ct)
    {
        foreach (var row in await PostgresRows.ReadAsync(connection, """
            SELECT coalesce(datname, ''), coalesce(state, 'unknown'), count(*)
            FROM pg_stat_activity
            WHERE backend_type = 'client backend'
               -- Without pg_monitor, other users' sessions hide their type and state: count them as "unknown".
               OR (backend_type IS NULL AND datname IS NOT NULL AND usename IS NOT NULL)
            GROUP BY 1, 2 ORDER BY 1, 2
            """, ct))
        {
            batch.Add("pg_sessions", (long)row[2]!, new Label("datname", (string)row[0]!), new Label("state", (string)row[1]!));
        }

        foreach (var row in await PostgresRows.ReadAsync(connection, """
            SELECT wait_event_type, count(*)
            FROM pg_stat_activity
            WHERE backend_type = 'client backend' AND state = 'active' AND wait_event_type IS NOT NULL AND pid <> pg_backend_pid()
            GROUP BY 1 ORDER BY 1
            """, ct))
        {
            batch.Add("pg_sessions_waiting", (long)row[1]!, new Label("wait_event_type", (string)row[0]!));
        }
    }

    private static async Task CollectBlockingAsync(SampleBatch batch, NpgsqlConnection connection, CancellationToken ct)
    {
        foreach (var row in await PostgresRows.ReadAsync(connection, """
            SELECT count(*) FROM pg_stat_activity
            WHERE backend_type = 'client backend' AND cardinality(pg_blocking_pids(pid)) > 0
            """, ct))
        {
            batch.Add("pg_sessions_blocked", (long)row[0]!);
        }
    }

    private static async Task CollectTransactionAgesAsync(SampleBatch batch, NpgsqlConnection connection, TimeSpan threshold, CancellationToken ct)
    {
        foreach (var row in await PostgresRows.ReadAsync(connection, """
            SELECT coalesce(max(extract(epoch FROM clock_timestamp() - xact_start)), 0)::float8,
                   count(*) FILTER (WHERE clock_timestamp() - xact_start > make_interval(secs => @threshold))
            FROM pg_stat_activity
            WHERE backend_type = 'client backend' AND xact_start IS NOT NULL AND pid <> pg_backend_pid()
            """, ct, ("threshold", threshold.TotalSeconds)))
        {
            batch.Add("pg_oldest_transaction_seconds", (double)row[0]!);
            batch.Add("pg_long_transactions", (long)row[1]!);
        }
    }

    private static async Task CollectDatabaseStatsAsync(SampleBatch batch, NpgsqlConnection connection, CancellationToken ct)
    {
        foreach (var row in await PostgresRows.ReadAsync(connection, """
            SELECT datname, xact_commit, xact_rollback, deadlocks, blks_hit, blks_read, temp_bytes, temp_files
            FROM pg_stat_database
            WHERE datname IS NOT NULL
            ORDER BY datname
            """, ct))
        {
            var db = new Label("datname", (string)row[0]!);
            batch.Add("pg_xact_commit_total", (long)row[1]!, db);
            batch.Add("pg_xact_rollback_total", (long)row[2]!, db);
            batch.Add("pg_deadlocks_total", (long)row[3]!, db);
            var hit = (long)row[4]!;
            var read = (long)row[5]!;
            batch.Add("pg_blks_hit_total", hit, db);
            batch.Add("pg_blks_read_total", read, db);
            if (hit + read > 0)
            {
                batch.Add("pg_cache_hit_ratio", (double)hit / (hit + read), db);
            }

            batch.Add("pg_temp_bytes_total", (long)row[6]!, db);
            batch.Add("pg_temp_files_total", (long)row[7]!, db);
        }
    }

    private static async Task CollectDatabaseSizesAsync(SampleBatch batch, NpgsqlConnection connection, CancellationToken ct)
    {
        foreach (var row in await PostgresRows.ReadAsync(connection, """
            SELECT datname, pg_database_size(oid)
            FROM pg_database
            WHERE datallowconn AND has_database_privilege(oid, 'CONNECT')
            ORDER BY datname
            """, ct))
        {
            batch.Add("pg_database_size_bytes", (long)row[1]!, new Label("datname", (string)row[0]!));
        }
    }

    private static async Task CollectTableSizesAsync(SampleBatch batch, NpgsqlConnection connection, int top, CancellationToken ct)
    {
        if (top <= 0)
        {
            return;
        }

        var database = new Label("datname", connection.Database);
        foreach (var row in await PostgresRows.ReadAsync(connection, """
            SELECT n.nspname, c.relname, pg_total_relation_size(c.oid)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'm')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
            ORDER BY 3 DESC, 1, 2
            LIMIT @top
            """, ct, ("top", Math.Min(top, 1000))))
        {
            batch.Add("pg_table_size_bytes", (long)row[2]!, database, new Label("schema", (string)row[0]!), new Label("table", (string)row[1]!));
        }
    }

    private static async Task CollectReplicationAsync(SampleBatch batch, NpgsqlConnection connection, CancellationToken ct)
    {
        // A NULL lag means the standby caught up and no WAL has flowed since: no lag.
        foreach (var row in await PostgresRows.ReadAsync(connection, """
            SELECT coalesce(application_name, ''), coalesce(host(client_addr), ''),
                   coalesce(extract(epoch FROM replay_lag), 0)::float8,
                   coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), 0)::float8
            FROM pg_stat_replication
            ORDER BY 1, 2
            """, ct))
        {
            Label[] labels = [new("application_name", (string)row[0]!), new("client_addr", (string)row[1]!)];
            batch.Add("pg_replication_lag_seconds", (double)row[2]!, labels);
            batch.Add("pg_replication_lag_bytes", (double)row[3]!, labels);
        }

        foreach (var row in await PostgresRows.ReadAsync(connection, """
            SELECT CASE WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
                        ELSE coalesce(extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()), 0) END::float8
            WHERE pg_is_in_recovery()
            """, ct))
        {
            batch.Add("pg_standby_lag_seconds", (double)row[0]!);
        }
    }
}
