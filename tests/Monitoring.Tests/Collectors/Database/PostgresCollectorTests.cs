using HospitalOps.Monitoring.Collectors.Database;
using HospitalOps.Tests.Support;
using Npgsql;
using static HospitalOps.Monitoring.Tests.Collectors.Database.PostgresPeer;

namespace HospitalOps.Monitoring.Tests.Collectors.Database;

public sealed class PostgresCollectorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private const string Rows = "CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 0), (2, 0);";

    [RequiresEnvironmentFact(Variable)]
    public async Task CollectAsync_HealthyServer_ReportsEveryPart()
    {
        var (conn, db) = await CreateDatabaseAsync(Rows + "CREATE TABLE big AS SELECT g AS id, repeat('x', 200) AS pad FROM generate_series(1, 5000) g;");
        await using var idle = await OpenAsync(conn);

        var batch = await new PostgresCollector().CollectAsync(conn, Timeout, default, new PostgresCollectorOptions(TopTables: 2));

        Value(batch, "pg_up").ShouldBe(1);
        batch.Samples.Single(s => s.Metric == "pg_version_info").Labels.Single(l => l.Name == "version").Value.ShouldStartWith("15");
        Value(batch, "pg_settings_max_connections").ShouldBe(300);
        Value(batch, "pg_in_recovery").ShouldBe(0);
        Value(batch, "pg_sessions", ("datname", db), ("state", "idle"))!.Value.ShouldBeGreaterThanOrEqualTo(1);
        Value(batch, "pg_database_size_bytes", ("datname", db))!.Value.ShouldBeGreaterThan(1_000_000);
        Value(batch, "pg_table_size_bytes", ("datname", db), ("schema", "public"), ("table", "big"))!.Value.ShouldBeGreaterThan(5000 * 200);
        batch.Samples.Count(s => s.Metric == "pg_table_size_bytes").ShouldBe(2);
        Value(batch, "pg_cache_hit_ratio", ("datname", db))!.Value.ShouldBeInRange(0, 1);
        Value(batch, "pg_oldest_transaction_seconds")!.Value.ShouldBeGreaterThanOrEqualTo(0);
        Value(batch, "pg_long_transactions").ShouldNotBeNull();
        Value(batch, "pg_sessions_blocked").ShouldNotBeNull();
        batch.Samples.Where(s => s.Metric == "pg_collector_query_success").ShouldAllBe(s => s.Value == 1);
        batch.Samples.Count(s => s.Metric == "pg_collector_query_success").ShouldBe(8);
        // A primary without standbys: no lag series at all.
        batch.Samples.ShouldNotContain(s => s.Metric == "pg_replication_lag_seconds" || s.Metric == "pg_standby_lag_seconds");
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task CollectAsync_RoleWithoutPgMonitor_StillCollectsAndOthersSessionsHaveUnknownState()
    {
        var (conn, db) = await CreateDatabaseAsync();
        var role = "dbcol_plain_" + Guid.NewGuid().ToString("N")[..8];
        await ExecAsync(Server, $"CREATE ROLE {role} LOGIN");
        await using var superuserSession = await OpenAsync(conn);
        var plain = new NpgsqlConnectionStringBuilder(conn) { Username = role }.ConnectionString;

        var batch = await new PostgresCollector().CollectAsync(plain, Timeout, default);

        Value(batch, "pg_up").ShouldBe(1);
        batch.Samples.Where(s => s.Metric == "pg_collector_query_success").ShouldAllBe(s => s.Value == 1);
        Value(batch, "pg_sessions", ("datname", db), ("state", "unknown"))!.Value.ShouldBeGreaterThanOrEqualTo(1);
        Value(batch, "pg_xact_commit_total", ("datname", db)).ShouldNotBeNull();

        await ExecAsync(Server, $"GRANT pg_monitor TO {role}");
        var monitored = await new PostgresCollector().CollectAsync(plain, Timeout, default);
        Value(monitored, "pg_sessions", ("datname", db), ("state", "unknown")).ShouldBeNull();
        Value(monitored, "pg_sessions", ("datname", db), ("state", "idle"))!.Value.ShouldBeGreaterThanOrEqualTo(1);
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task CollectAsync_AfterCommits_CommitCounterGrows()
    {
        var (conn, db) = await CreateDatabaseAsync(Rows);
        var collector = new PostgresCollector();
        var before = Value(await collector.CollectAsync(Server, Timeout, default), "pg_xact_commit_total", ("datname", db))!.Value;

        await using (var writer = await OpenAsync(conn))
        {
            for (var i = 0; i < 5; i++)
            {
                await using var command = new NpgsqlCommand($"INSERT INTO t VALUES ({10 + i}, {i})", writer);
                await command.ExecuteNonQueryAsync();
            }
        }

        // Backends flush their statistics at most once a second: poll.
        await EventuallyAsync(async () =>
            Value(await collector.CollectAsync(Server, Timeout, default), "pg_xact_commit_total", ("datname", db)) >= before + 5,
            "five more commits in pg_stat_database");
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task CollectAsync_AfterDeadlock_DeadlockCounterShowsIt()
    {
        var (conn, db) = await CreateDatabaseAsync(Rows);
        await using var a = await OpenAsync(conn);
        await using var b = await OpenAsync(conn);
        await using var ta = await a.BeginTransactionAsync();
        await using var tb = await b.BeginTransactionAsync();
        await new NpgsqlCommand("UPDATE t SET v = 1 WHERE id = 1", a, ta).ExecuteNonQueryAsync();
        await new NpgsqlCommand("UPDATE t SET v = 1 WHERE id = 2", b, tb).ExecuteNonQueryAsync();

        var first = new NpgsqlCommand("UPDATE t SET v = 2 WHERE id = 2", a, ta).ExecuteNonQueryAsync();
        await EventuallyAsync(async () => await ScalarAsync<long>(Server,
            "SELECT count(*) FROM pg_stat_activity WHERE pid = @pid AND wait_event_type = 'Lock'", ("pid", a.ProcessID)) == 1, "A waits for B");
        var second = new NpgsqlCommand("UPDATE t SET v = 2 WHERE id = 1", b, tb).ExecuteNonQueryAsync();

        var outcomes = await Task.WhenAll(Outcome(first), Outcome(second));
        outcomes.Count(o => o == "40P01").ShouldBe(1);
        // A backend reports its statistics only when idle outside a transaction block.
        await ta.RollbackAsync();
        await tb.RollbackAsync();

        var collector = new PostgresCollector();
        await EventuallyAsync(async () =>
            Value(await collector.CollectAsync(Server, Timeout, default), "pg_deadlocks_total", ("datname", db)) >= 1,
            "the deadlock in pg_stat_database");
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task Blocking_RowLockHeldByA_BShowsBlockedInCountsStatementsAndTree()
    {
        var (conn, db) = await CreateDatabaseAsync(Rows);
        await using var a = await OpenAsync(conn);
        await using var b = await OpenAsync(conn);
        await using var ta = await a.BeginTransactionAsync();
        await new NpgsqlCommand("UPDATE t SET v = 1 WHERE id = 1", a, ta).ExecuteNonQueryAsync();
        var waiting = new NpgsqlCommand("UPDATE t SET v = 2 WHERE id = 1 /* the blocked one */", b).ExecuteNonQueryAsync();
        await EventuallyAsync(async () => await ScalarAsync<long>(Server,
            "SELECT count(*) FROM pg_stat_activity WHERE pid = @pid AND wait_event_type = 'Lock'", ("pid", b.ProcessID)) == 1, "B waits for A");

        var batch = await new PostgresCollector().CollectAsync(conn, Timeout, default);
        Value(batch, "pg_sessions_blocked")!.Value.ShouldBeGreaterThanOrEqualTo(1);
        Value(batch, "pg_sessions_waiting", ("wait_event_type", "Lock"))!.Value.ShouldBeGreaterThanOrEqualTo(1);
        Value(batch, "pg_sessions", ("datname", db), ("state", "idle in transaction"))!.Value.ShouldBe(1);
        Value(batch, "pg_oldest_transaction_seconds")!.Value.ShouldBeGreaterThan(0);

        var statements = await RunningStatements.ReadAsync(conn, 12, Timeout, default);
        var blocked = statements.Single(s => s.Pid == b.ProcessID);
        blocked.BlockedBy.ShouldBe([a.ProcessID]);
        blocked.Database.ShouldBe(db);
        blocked.User.ShouldBe("postgres");
        blocked.State.ShouldBe("active");
        blocked.WaitEventType.ShouldBe("Lock");
        blocked.ClientAddress.ShouldBe("127.0.0.1");
        blocked.Query.ShouldBe("UPDATE t SET");
        blocked.QueryTruncated.ShouldBeTrue();
        blocked.QueryStart.ShouldNotBeNull();
        var holder = statements.Single(s => s.Pid == a.ProcessID);
        holder.State.ShouldBe("idle in transaction");
        holder.BlockedBy.ShouldBeEmpty();
        holder.TransactionStart.ShouldNotBeNull();

        var root = BlockingTree.Build(statements).Single(r => r.Session.Pid == a.ProcessID);
        root.Blocks.Select(n => n.Session.Pid).ShouldBe([b.ProcessID]);

        await ta.RollbackAsync();
        (await waiting).ShouldBe(1);
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task RunningStatements_LongQuery_IsCutToTheLimitAndFullWhenShort()
    {
        var (conn, _) = await CreateDatabaseAsync();
        await using var busy = await OpenAsync(conn);
        var sleeping = new NpgsqlCommand("SELECT pg_sleep(30) /* 长时间运行的报表 */", busy).ExecuteNonQueryAsync();
        await EventuallyAsync(async () => await ScalarAsync<long>(Server,
            "SELECT count(*) FROM pg_stat_activity WHERE pid = @pid AND state = 'active'", ("pid", busy.ProcessID)) == 1, "the sleep runs");

        try
        {
            var full = (await RunningStatements.ReadAsync(conn, 1000, Timeout, default)).Single(s => s.Pid == busy.ProcessID);
            full.Query.ShouldBe("SELECT pg_sleep(30) /* 长时间运行的报表 */");
            full.QueryTruncated.ShouldBeFalse();
            full.State.ShouldBe("active");
            full.DurationSeconds!.Value.ShouldBeGreaterThanOrEqualTo(0);

            var cut = (await RunningStatements.ReadAsync(conn, 25, Timeout, default)).Single(s => s.Pid == busy.ProcessID);
            cut.Query.ShouldBe("SELECT pg_sleep(30) /* 长时");
            cut.QueryTruncated.ShouldBeTrue();
        }
        finally
        {
            await ScalarAsync<bool>(Server, "SELECT pg_cancel_backend(@pid)", ("pid", busy.ProcessID));
        }

        (await Outcome(sleeping)).ShouldBe("57014");
    }

    private static async Task<string> Outcome(Task<int> task)
    {
        try
        {
            await task;
            return "ok";
        }
        catch (PostgresException e)
        {
            return e.SqlState;
        }
    }
}
