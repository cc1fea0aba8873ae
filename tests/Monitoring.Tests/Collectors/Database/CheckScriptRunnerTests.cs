using System.Net;
using System.Net.Sockets;
using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.Collectors.Database;
using HospitalOps.Tests.Support;
using Npgsql;
using static HospitalOps.Monitoring.Tests.Collectors.Database.PostgresPeer;

namespace HospitalOps.Monitoring.Tests.Collectors.Database;

public sealed class CheckScriptRunnerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private const string Beds = """
        CREATE TABLE beds (id int PRIMARY KEY, ward text, occupied boolean);
        INSERT INTO beds VALUES (1, '内科', true), (2, '内科', false), (3, '外科', true), (4, 'ICU', true);
        CREATE SEQUENCE s;
        CREATE FUNCTION sneaky_write() RETURNS int LANGUAGE sql AS 'INSERT INTO beds VALUES (99, ''x'', false); SELECT 1';
        """;

    private static Task<SampleBatch> Run(string conn, string sql, string metric = "ward_beds", CheckScriptLimits? limits = null, TimeSpan? timeout = null) =>
        new CheckScriptRunner().RunAsync(conn, new CheckScript(metric, sql), timeout ?? Timeout, default, limits);

    [RequiresEnvironmentFact(Variable)]
    public async Task RunAsync_ValueColumn_OtherColumnsBecomeLabels()
    {
        var (conn, _) = await CreateDatabaseAsync(Beds);

        var batch = await Run(conn, "SELECT ward, occupied::text AS occupied, count(*) AS value FROM beds GROUP BY 1, 2 ORDER BY 1, 2");

        batch.Samples.Count.ShouldBe(4);
        batch.Samples.ShouldAllBe(s => s.Metric == "ward_beds");
        Value(batch, "ward_beds", ("ward", "内科"), ("occupied", "true")).ShouldBe(1);
        Value(batch, "ward_beds", ("ward", "内科"), ("occupied", "false")).ShouldBe(1);
        Value(batch, "ward_beds", ("ward", "ICU"), ("occupied", "true")).ShouldBe(1);
        batch.Samples.First().Labels.Select(l => l.Name).ShouldBe(["ward", "occupied"]);
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task RunAsync_NoValueColumn_UsesLastNumericColumn()
    {
        var (conn, _) = await CreateDatabaseAsync(Beds);

        var batch = await Run(conn, "SELECT ward, count(*) AS beds, sum(CASE WHEN occupied THEN 1 ELSE 0 END)::float8 / count(*) AS ratio, 'x' AS note FROM beds GROUP BY ward");

        Value(batch, "ward_beds", ("ward", "内科"), ("beds", "2"), ("note", "x")).ShouldBe(0.5);
        Value(batch, "ward_beds", ("ward", "ICU"), ("beds", "1"), ("note", "x")).ShouldBe(1);
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task RunAsync_NullValue_SkipsTheRow()
    {
        var (conn, _) = await CreateDatabaseAsync(Beds);

        var batch = await Run(conn, "SELECT ward, CASE WHEN ward = 'ICU' THEN NULL ELSE 1 END AS value FROM beds WHERE id IN (1, 4)");

        batch.Samples.Select(s => s.Labels.Single().Value).ShouldBe(["内科"]);
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task RunAsync_EveryRefusalCase_RefusedAndTableUnchanged()
    {
        var (conn, _) = await CreateDatabaseAsync(Beds);
        string[] scripts =
        [
            "SELECT 1 AS value; DELETE FROM beds",
            "DELETE FROM beds",
            "UPDATE beds SET ward = 'x'",
            "INSERT INTO beds VALUES (5, 'x', true)",
            "TRUNCATE beds",
            "COMMIT",
            "BEGIN",
            "ROLLBACK",
            "SET TRANSACTION READ WRITE",
            "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
            "RESET ALL",
            "COPY beds TO STDOUT",
            "CALL nothing()",
            "DO $$ BEGIN DELETE FROM beds; END $$",
            "WITH d AS (DELETE FROM beds RETURNING *) SELECT count(*) AS value FROM d",
            "SELECT * INTO beds_copy FROM beds",
            "SELECT id AS value FROM beds FOR UPDATE",
            "SELECT nextval('s') AS value",
        ];

        foreach (var sql in scripts)
        {
            var failure = await Should.ThrowAsync<CollectionFailure>(() => Run(conn, sql));
            failure.Code.ShouldBe(DatabaseErrors.ScriptRefused, sql);
            failure.Args["reason"].ShouldNotBeNullOrEmpty();
        }

        (await ScalarAsync<long>(conn, "SELECT count(*) FROM beds")).ShouldBe(4);
        (await ScalarAsync<long>(conn, "SELECT count(*) FROM beds WHERE ward = 'x'")).ShouldBe(0);
        (await ScalarAsync<bool>(conn, "SELECT is_called FROM s")).ShouldBeFalse();
        (await ScalarAsync<long>(conn, "SELECT count(*) FROM pg_class WHERE relname = 'beds_copy'")).ShouldBe(0);
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task RunAsync_WriteHiddenInAFunction_StoppedByReadOnlyTransaction()
    {
        var (conn, _) = await CreateDatabaseAsync(Beds);

        // The first wall cannot see inside sneaky_write(); the read-only transaction is the second.
        CheckScriptValidator.Refusal("SELECT sneaky_write() AS value").ShouldBeNull();
        var failure = await Should.ThrowAsync<CollectionFailure>(() => Run(conn, "SELECT sneaky_write() AS value"));

        failure.Code.ShouldBe(DatabaseErrors.QueryFailed);
        failure.Args["reason"].ShouldContain("read-only transaction");
        (await ScalarAsync<long>(conn, "SELECT count(*) FROM beds")).ShouldBe(4);
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task RunAsync_SequenceAdvanceThroughAView_StoppedByReadOnlyTransaction()
    {
        var (conn, _) = await CreateDatabaseAsync(Beds + "CREATE VIEW next_ids AS SELECT nextval('s') AS value;");

        var failure = await Should.ThrowAsync<CollectionFailure>(() => Run(conn, "SELECT value FROM next_ids"));

        failure.Code.ShouldBe(DatabaseErrors.QueryFailed);
        failure.Args["reason"].ShouldContain("read-only transaction");
        (await ScalarAsync<bool>(conn, "SELECT is_called FROM s")).ShouldBeFalse();
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task RunAsync_SlowQuery_FailsWithTimeout()
    {
        var (conn, _) = await CreateDatabaseAsync();

        var failure = await Should.ThrowAsync<CollectionFailure>(() => Run(conn, "SELECT 1 AS value FROM pg_sleep(30)", timeout: TimeSpan.FromSeconds(1)));

        failure.Code.ShouldBe(DatabaseErrors.Timeout);
        failure.Args["reason"].ShouldContain("statement timeout");
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task RunAsync_LockedRow_FailsWithTimeoutNotAHang()
    {
        var (conn, _) = await CreateDatabaseAsync(Beds);
        await using var holder = await OpenAsync(conn);
        await using var tx = await holder.BeginTransactionAsync();
        await new NpgsqlCommand("LOCK TABLE beds IN ACCESS EXCLUSIVE MODE", holder, tx).ExecuteNonQueryAsync();

        var failure = await Should.ThrowAsync<CollectionFailure>(() => Run(conn, "SELECT count(*) AS value FROM beds", timeout: TimeSpan.FromSeconds(1)));

        failure.Code.ShouldBe(DatabaseErrors.Timeout);
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task RunAsync_ServerError_FailsWithServerMessage()
    {
        var (conn, _) = await CreateDatabaseAsync();

        var failure = await Should.ThrowAsync<CollectionFailure>(() => Run(conn, "SELECT count(*) AS value FROM no_such_table"));

        failure.Code.ShouldBe(DatabaseErrors.QueryFailed);
        failure.Args["reason"].ShouldBe("relation \"no_such_table\" does not exist");
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task RunAsync_TooManyRows_FailsWithResultTooLarge()
    {
        var (conn, _) = await CreateDatabaseAsync();

        var failure = await Should.ThrowAsync<CollectionFailure>(() => Run(conn, "SELECT g AS n, 1 AS value FROM generate_series(1, 50) g", limits: new CheckScriptLimits(MaxRows: 10)));

        failure.Code.ShouldBe(DatabaseErrors.ResultTooLarge);
        failure.Args["reason"].ShouldBe("more than 10 rows");
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task RunAsync_TooManyLabelValues_FailsWithResultTooLarge()
    {
        var (conn, _) = await CreateDatabaseAsync();

        var failure = await Should.ThrowAsync<CollectionFailure>(() => Run(conn, "SELECT g AS patient, 1 AS value FROM generate_series(1, 50) g", limits: new CheckScriptLimits(MaxDistinctLabelValues: 20)));

        failure.Code.ShouldBe(DatabaseErrors.ResultTooLarge);
        failure.Args["reason"].ShouldContain("label 'patient'");
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task RunAsync_UnnamedOrDuplicateColumns_FailWithResultInvalid()
    {
        var (conn, _) = await CreateDatabaseAsync();

        (await Should.ThrowAsync<CollectionFailure>(() => Run(conn, "SELECT 'a', 1 AS value"))).Args["reason"].ShouldBe("the column '?column?' is not a valid label name; give it an alias");
        (await Should.ThrowAsync<CollectionFailure>(() => Run(conn, "SELECT 'a' AS x, 1 AS value UNION ALL SELECT 'a', 2"))).Code.ShouldBe(DatabaseErrors.ResultInvalid);
        (await Should.ThrowAsync<CollectionFailure>(() => Run(conn, "SELECT 'a' AS x"))).Args["reason"].ShouldBe("the result has no numeric column");
    }

    [Fact]
    public async Task RunAsync_InvalidMetricName_RefusedBeforeConnecting()
    {
        var failure = await Should.ThrowAsync<CollectionFailure>(() => Run("Host=192.0.2.1;Username=x", "SELECT 1 AS value", metric: "bad-name"));

        failure.Code.ShouldBe(DatabaseErrors.ScriptRefused);
        failure.Args["reason"].ShouldContain("'bad-name' is not a valid metric name");
    }

    [Fact]
    public async Task RunAsync_UnsafeScript_RefusedBeforeConnecting()
    {
        // 192.0.2.1 (TEST-NET) would hang a connection attempt: the refusal must come first.
        var failure = await Should.ThrowAsync<CollectionFailure>(() => Run("Host=192.0.2.1;Username=x", "SELECT 1 AS value; DROP TABLE beds"));

        failure.Code.ShouldBe(DatabaseErrors.ScriptRefused);
        failure.Args["reason"].ShouldBe("the script holds 2 statements; only one query is allowed");
    }

    [Fact]
    public async Task RunAsync_NothingListening_FailsWithConnectFailed()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var failure = await Should.ThrowAsync<CollectionFailure>(() => Run($"Host=127.0.0.1;Port={port};Username=x", "SELECT 1 AS value"));

        failure.Code.ShouldBe(DatabaseErrors.ConnectFailed);
    }

    [Fact]
    public async Task RunAsync_PeerThatNeverAnswers_FailsWithTimeout()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var failure = await Should.ThrowAsync<CollectionFailure>(() => Run($"Host=127.0.0.1;Port={port};Username=x", "SELECT 1 AS value", timeout: TimeSpan.FromSeconds(1)));

            failure.Code.ShouldBe(DatabaseErrors.Timeout);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Theory]
    [InlineData("HTTP/1.1 400 Bad Request\r\n\r\n")]
    [InlineData("")]
    public async Task RunAsync_PeerAnswersGarbageOrCloses_FailsWithConnectFailed(string answer)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();
        // Npgsql may try again without GSS or SSL encryption: answer every attempt the same way.
        var peer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = await listener.AcceptTcpClientAsync(stop.Token);
                var stream = client.GetStream();
                _ = await stream.ReadAsync(new byte[1024], stop.Token);
                await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(answer), stop.Token);
            }
        });

        var failure = await Should.ThrowAsync<CollectionFailure>(() => Run($"Host=127.0.0.1;Port={port};Username=x", "SELECT 1 AS value"));
        await stop.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => peer);

        failure.Code.ShouldBe(DatabaseErrors.ConnectFailed);
    }

    [RequiresEnvironmentFact(Variable)]
    public async Task RunAsync_WrongPassword_FailsWithAuthFailed()
    {
        var role = "dbcol_pw_" + Guid.NewGuid().ToString("N")[..8];
        await ExecAsync(Server, $"CREATE ROLE {role} LOGIN PASSWORD 'Right#Pass2026'");
        await RequirePasswordAsync(role);
        var wrong = new NpgsqlConnectionStringBuilder(Server) { Username = role, Password = "Wrong#Pass2026" }.ConnectionString;

        // Reloading pg_hba.conf is asynchronous: poll until the server asks this role for a password.
        CollectionFailure? failure = null;
        await EventuallyAsync(async () =>
        {
            try
            {
                await Run(wrong, "SELECT 1 AS value");
                return false;
            }
            catch (CollectionFailure f)
            {
                failure = f;
                return f.Code == DatabaseErrors.AuthFailed;
            }
        }, "password authentication for " + role);

        failure.ShouldNotBeNull().Code.ShouldBe(DatabaseErrors.AuthFailed);
        failure.Args["reason"].ShouldContain("password authentication failed");
    }

    /// <summary>
    /// The throwaway cluster trusts every local login; put a password rule for this one role at
    /// the top of pg_hba.conf (a superuser may write server files with lo_export) and reload.
    /// </summary>
    private static async Task RequirePasswordAsync(string role)
    {
        await using var connection = await OpenAsync(Server);
        var path = (string)(await new NpgsqlCommand("SHOW hba_file", connection).ExecuteScalarAsync())!;
        var current = (string)(await new NpgsqlCommand("SELECT pg_read_file(current_setting('hba_file'))", connection).ExecuteScalarAsync())!;
        await using var create = new NpgsqlCommand("SELECT lo_from_bytea(0, convert_to(@content, 'UTF8'))", connection);
        create.Parameters.AddWithValue("content", $"host all {role} 127.0.0.1/32 scram-sha-256\n" + current);
        var largeObject = (long)(uint)(await create.ExecuteScalarAsync())!;
        await using var export = new NpgsqlCommand("SELECT lo_export(@o::oid, @path); SELECT lo_unlink(@o::oid); SELECT pg_reload_conf();", connection);
        export.Parameters.AddWithValue("o", largeObject);
        export.Parameters.AddWithValue("path", path);
        await export.ExecuteNonQueryAsync();
    }
}
