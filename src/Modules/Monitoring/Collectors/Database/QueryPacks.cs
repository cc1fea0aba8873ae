namespace HospitalOps.Monitoring.Collectors.Database;

/// <summary>
/// The built-in query packs, one per engine, from the views each vendor documents for health
/// monitoring. Only the PostgreSQL pack is exercised against a real server by the tests; the
/// Oracle, SQL Server, DM and KingbaseES packs are checked for shape only.
/// </summary>
internal static class QueryPacks
{
    public static QueryPack For(DbEngine engine) => engine switch
    {
        DbEngine.PostgreSql => PostgreSql,
        DbEngine.Oracle => Oracle,
        DbEngine.SqlServer => SqlServer,
        DbEngine.Dameng => Dameng,
        DbEngine.Kingbase => Kingbase,
        _ => throw new ArgumentOutOfRangeException(nameof(engine)),
    };

    public static IReadOnlyList<QueryPack> All => [PostgreSql, Oracle, SqlServer, Dameng, Kingbase];

    public static readonly QueryPack PostgreSql = new(DbEngine.PostgreSql, "SET TRANSACTION READ ONLY", PostgresLike("pg", "pg_"));

    /// <summary>KingbaseES V8 renames PostgreSQL's pg_ catalog views and functions to sys_.</summary>
    public static readonly QueryPack Kingbase = new(DbEngine.Kingbase, "SET TRANSACTION READ ONLY", PostgresLike("kingbase", "sys_"));

    public static readonly QueryPack Oracle = new(DbEngine.Oracle, "SET TRANSACTION READ ONLY",
    [
        Q("version", "SELECT version, 1 AS info FROM v$instance", ["version"], ("oracle_version_info", "info")),
        Q("sessions", "SELECT inst_id, status, type, COUNT(*) AS sessions FROM gv$session GROUP BY inst_id, status, type",
            ["inst_id", "status", "type"], ("oracle_sessions", "sessions")),
        Q("blocked_sessions", "SELECT COUNT(*) AS blocked FROM gv$session WHERE blocking_session IS NOT NULL",
            [], ("oracle_sessions_blocked", "blocked")),
        Q("lock_waits", "SELECT COUNT(*) AS waiting FROM v$lock WHERE request > 0",
            [], ("oracle_lock_requests_waiting", "waiting")),
        Q("tablespaces", """
            SELECT m.tablespace_name AS tablespace, m.used_space * t.block_size AS used_bytes,
                   m.tablespace_size * t.block_size AS size_bytes, m.used_percent / 100 AS used_ratio
            FROM dba_tablespace_usage_metrics m JOIN dba_tablespaces t ON t.tablespace_name = m.tablespace_name
            """, ["tablespace"],
            ("oracle_tablespace_used_bytes", "used_bytes"), ("oracle_tablespace_size_bytes", "size_bytes"), ("oracle_tablespace_used_ratio", "used_ratio")),
        Q("temp_space", "SELECT tablespace_name AS tablespace, tablespace_size AS size_bytes, free_space AS free_bytes FROM dba_temp_free_space",
            ["tablespace"], ("oracle_temp_tablespace_size_bytes", "size_bytes"), ("oracle_temp_tablespace_free_bytes", "free_bytes")),
        // group_id 2 is the 60-second interval; the metric is a percentage.
        Q("buffer_cache", "SELECT inst_id, value / 100 AS ratio FROM gv$sysmetric WHERE metric_name = 'Buffer Cache Hit Ratio' AND group_id = 2",
            ["inst_id"], ("oracle_buffer_cache_hit_ratio", "ratio")),
        Q("resource_limits", """
            SELECT inst_id, resource_name AS resource, current_utilization AS current_value,
                   CASE WHEN TRIM(limit_value) = 'UNLIMITED' THEN NULL ELSE TO_NUMBER(TRIM(limit_value)) END AS limit_value
            FROM gv$resource_limit WHERE resource_name IN ('processes', 'sessions', 'transactions')
            """, ["inst_id", "resource"],
            ("oracle_resource_current_utilization", "current_value"), ("oracle_resource_limit", "limit_value")),
        // time_waited is in centiseconds.
        Q("wait_classes", "SELECT inst_id, wait_class, total_waits, time_waited / 100 AS time_waited_seconds FROM gv$system_wait_class WHERE wait_class <> 'Idle'",
            ["inst_id", "wait_class"], ("oracle_wait_class_waits_total", "total_waits"), ("oracle_wait_class_time_seconds_total", "time_waited_seconds")),
        Q("dataguard", """
            SELECT name, EXTRACT(DAY FROM TO_DSINTERVAL(value)) * 86400 + EXTRACT(HOUR FROM TO_DSINTERVAL(value)) * 3600
                   + EXTRACT(MINUTE FROM TO_DSINTERVAL(value)) * 60 + EXTRACT(SECOND FROM TO_DSINTERVAL(value)) AS lag_seconds
            FROM v$dataguard_stats WHERE name IN ('transport lag', 'apply lag') AND value IS NOT NULL
            """, ["name"], ("oracle_dataguard_lag_seconds", "lag_seconds")),
        Q("open_cursors", "SELECT COUNT(*) AS open_cursors FROM v$open_cursor", [], ("oracle_open_cursors", "open_cursors")),
    ]);

    /// <summary>SQL Server has no read-only transaction; the pack's queries only read DMVs.</summary>
    public static readonly QueryPack SqlServer = new(DbEngine.SqlServer, null,
    [
        Q("version", "SELECT CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)) AS version, CAST(SERVERPROPERTY('Edition') AS nvarchar(128)) AS edition, 1 AS info",
            ["version", "edition"], ("mssql_version_info", "info")),
        Q("sessions", """
            SELECT ISNULL(DB_NAME(database_id), '') AS database_name, status, COUNT(*) AS sessions
            FROM sys.dm_exec_sessions WHERE is_user_process = 1 GROUP BY database_id, status
            """, ["database_name", "status"], ("mssql_sessions", "sessions")),
        Q("requests", """
            SELECT COUNT(*) AS requests, ISNULL(SUM(CASE WHEN r.blocking_session_id <> 0 THEN 1 ELSE 0 END), 0) AS blocked,
                   ISNULL(MAX(DATEDIFF(second, r.start_time, GETDATE())), 0) AS longest_seconds
            FROM sys.dm_exec_requests r JOIN sys.dm_exec_sessions s ON s.session_id = r.session_id
            WHERE s.is_user_process = 1 AND r.session_id <> @@SPID
            """, [], ("mssql_requests", "requests"), ("mssql_requests_blocked", "blocked"), ("mssql_request_longest_seconds", "longest_seconds")),
        Q("buffer_cache", """
            SELECT CAST(a.cntr_value AS float) / NULLIF(b.cntr_value, 0) AS ratio
            FROM sys.dm_os_performance_counters a
            JOIN sys.dm_os_performance_counters b ON b.object_name = a.object_name AND b.counter_name = 'Buffer cache hit ratio base'
            WHERE a.counter_name = 'Buffer cache hit ratio' AND a.object_name LIKE '%Buffer Manager%'
            """, [], ("mssql_buffer_cache_hit_ratio", "ratio")),
        Q("page_life_expectancy", """
            SELECT cntr_value AS seconds FROM sys.dm_os_performance_counters
            WHERE counter_name = 'Page life expectancy' AND object_name LIKE '%Buffer Manager%'
            """, [], ("mssql_page_life_expectancy_seconds", "seconds")),
        Q("waits", """
            SELECT TOP (20) wait_type, waiting_tasks_count AS waits, wait_time_ms / 1000.0 AS wait_seconds
            FROM sys.dm_os_wait_stats
            WHERE waiting_tasks_count > 0 AND wait_type NOT IN ('SLEEP_TASK', 'LAZYWRITER_SLEEP', 'SQLTRACE_BUFFER_FLUSH', 'WAITFOR',
                'BROKER_TASK_STOP', 'CHECKPOINT_QUEUE', 'XE_TIMER_EVENT', 'XE_DISPATCHER_WAIT', 'REQUEST_FOR_DEADLOCK_SEARCH',
                'LOGMGR_QUEUE', 'FT_IFTS_SCHEDULER_IDLE_WAIT', 'HADR_FILESTREAM_IOMGR_IOCOMPLETION', 'DIRTY_PAGE_POLL',
                'SP_SERVER_DIAGNOSTICS_SLEEP', 'QDS_PERSIST_TASK_MAIN_LOOP_SLEEP', 'BROKER_TO_FLUSH', 'SLEEP_SYSTEMTASK')
            ORDER BY wait_time_ms DESC
            """, ["wait_type"], ("mssql_waits_total", "waits"), ("mssql_wait_seconds_total", "wait_seconds")),
        // Queue sizes are reported in KB.
        Q("availability_groups", """
            SELECT ISNULL(DB_NAME(drs.database_id), '') AS database_name, ar.replica_server_name AS replica,
                   drs.synchronization_state_desc AS sync_state, drs.log_send_queue_size * 1024.0 AS log_send_queue_bytes,
                   drs.redo_queue_size * 1024.0 AS redo_queue_bytes, CAST(drs.is_suspended AS int) AS suspended
            FROM sys.dm_hadr_database_replica_states drs JOIN sys.availability_replicas ar ON ar.replica_id = drs.replica_id
            """, ["database_name", "replica", "sync_state"],
            ("mssql_hadr_log_send_queue_bytes", "log_send_queue_bytes"), ("mssql_hadr_redo_queue_bytes", "redo_queue_bytes"), ("mssql_hadr_suspended", "suspended")),
        // backup_finish_date is in the server's local time, as is GETDATE().
        Q("backups", """
            SELECT d.name AS database_name, b.type AS backup_type, DATEDIFF(second, MAX(b.backup_finish_date), GETDATE()) AS age_seconds
            FROM sys.databases d JOIN msdb.dbo.backupset b ON b.database_name = d.name
            WHERE d.name <> 'tempdb' GROUP BY d.name, b.type
            """, ["database_name", "backup_type"], ("mssql_last_backup_age_seconds", "age_seconds")),
    ]);

    /// <summary>DM (Dameng) 8: its V$ views; sizes in pages times PAGE(), the page size in bytes.</summary>
    public static readonly QueryPack Dameng = new(DbEngine.Dameng, "SET TRANSACTION READ ONLY",
    [
        Q("version", "SELECT TOP 1 BANNER AS version, 1 AS info FROM V$VERSION", ["version"], ("dm_version_info", "info")),
        Q("sessions", "SELECT STATE AS state, COUNT(*) AS sessions FROM V$SESSIONS GROUP BY STATE", ["state"], ("dm_sessions", "sessions")),
        Q("locks", "SELECT COUNT(*) AS locks, SUM(CASE WHEN BLOCKED = 1 THEN 1 ELSE 0 END) AS blocked FROM V$LOCK",
            [], ("dm_locks", "locks"), ("dm_locks_blocked", "blocked")),
        // WAIT_TIME is in milliseconds.
        Q("transaction_waits", "SELECT COUNT(*) AS waits, ISNULL(MAX(WAIT_TIME), 0) / 1000.0 AS longest_seconds FROM V$TRXWAIT",
            [], ("dm_transaction_waits", "waits"), ("dm_transaction_wait_longest_seconds", "longest_seconds")),
        Q("tablespaces", """
            SELECT t.NAME AS tablespace, SUM(f.TOTAL_SIZE) * PAGE() AS size_bytes, SUM(f.FREE_SIZE) * PAGE() AS free_bytes
            FROM V$TABLESPACE t JOIN V$DATAFILE f ON f.GROUP_ID = t.ID GROUP BY t.NAME
            """, ["tablespace"], ("dm_tablespace_size_bytes", "size_bytes"), ("dm_tablespace_free_bytes", "free_bytes")),
        Q("archive", "SELECT ARCH_TYPE AS arch_type, ARCH_DEST AS arch_dest, CASE WHEN ARCH_STATUS = 'VALID' THEN 1 ELSE 0 END AS valid FROM V$ARCH_STATUS",
            ["arch_type", "arch_dest"], ("dm_archive_valid", "valid")),
    ]);

    private static PackQuery Q(string id, string sql, string[] labels, params (string Metric, string Column)[] metrics) =>
        new(id, sql, metrics.Select(m => new PackMetric(m.Metric, m.Column)).ToArray(), labels);

    /// <summary>The PostgreSQL queries, written for PostgreSQL 12+; KingbaseES gets them with sys_ for pg_.</summary>
    private static PackQuery[] PostgresLike(string prefix, string catalog)
    {
        string S(string sql) => sql.Replace("pg_", catalog, StringComparison.Ordinal);
        string M(string name) => prefix + "_" + name;
        return
        [
            Q("version", S("SELECT current_setting('server_version') AS version, 1 AS info"), ["version"], (M("version_info"), "info")),
            Q("settings", S("SELECT current_setting('max_connections')::int AS max_connections"), [], (M("settings_max_connections"), "max_connections")),
            Q("sessions", S("""
                SELECT coalesce(datname, '') AS datname, coalesce(state, 'unknown') AS state, count(*) AS sessions
                FROM pg_stat_activity
                WHERE backend_type = 'client backend' OR (backend_type IS NULL AND datname IS NOT NULL AND usename IS NOT NULL)
                GROUP BY 1, 2
                """), ["datname", "state"], (M("sessions"), "sessions")),
            Q("waiting", S("""
                SELECT wait_event_type, count(*) AS sessions FROM pg_stat_activity
                WHERE backend_type = 'client backend' AND state = 'active' AND wait_event_type IS NOT NULL AND pid <> pg_backend_pid()
                GROUP BY 1
                """), ["wait_event_type"], (M("sessions_waiting"), "sessions")),
            Q("blocked", S("""
                SELECT count(*) AS sessions FROM pg_stat_activity
                WHERE backend_type = 'client backend' AND cardinality(pg_blocking_pids(pid)) > 0
                """), [], (M("sessions_blocked"), "sessions")),
            Q("transactions", S("""
                SELECT coalesce(max(extract(epoch FROM clock_timestamp() - xact_start)), 0)::float8 AS oldest_seconds
                FROM pg_stat_activity WHERE backend_type = 'client backend' AND xact_start IS NOT NULL AND pid <> pg_backend_pid()
                """), [], (M("oldest_transaction_seconds"), "oldest_seconds")),
            Q("databases", S("""
                SELECT datname, xact_commit, xact_rollback, deadlocks, blks_hit, blks_read, temp_bytes,
                       blks_hit::float8 / nullif(blks_hit + blks_read, 0) AS hit_ratio
                FROM pg_stat_database WHERE datname IS NOT NULL
                """), ["datname"],
                (M("xact_commit_total"), "xact_commit"), (M("xact_rollback_total"), "xact_rollback"), (M("deadlocks_total"), "deadlocks"),
                (M("blks_hit_total"), "blks_hit"), (M("blks_read_total"), "blks_read"), (M("temp_bytes_total"), "temp_bytes"),
                (M("cache_hit_ratio"), "hit_ratio")),
            Q("database_sizes", S("""
                SELECT datname, pg_database_size(oid) AS size_bytes FROM pg_database
                WHERE datallowconn AND has_database_privilege(oid, 'CONNECT')
                """), ["datname"], (M("database_size_bytes"), "size_bytes")),
            Q("replication", S("""
                SELECT coalesce(application_name, '') AS application_name, coalesce(host(client_addr), '') AS client_addr,
                       coalesce(extract(epoch FROM replay_lag), 0)::float8 AS lag_seconds
                FROM pg_stat_replication
                """), ["application_name", "client_addr"], (M("replication_lag_seconds"), "lag_seconds")),
        ];
    }
}
