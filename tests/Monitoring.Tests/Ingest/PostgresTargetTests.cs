using System.Net;
using HospitalOps.Tests.Support;
using Npgsql;

namespace HospitalOps.Monitoring.Tests.Ingest;

/// <summary>A PostgreSQL database as a target, against the real server ./test starts.</summary>
public sealed class PostgresTargetTests
{
    private const string Peer = "HOSPITALOPS_TEST_PG_PEER";

    private static object TargetFor(long ci, string name, object? checks = null)
    {
        var peer = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(Peer));
        return new
        {
            ciId = ci, kind = "postgres", name, address = $"{peer.Host}:{peer.Port}",
            settings = new { database = "postgres", username = peer.Username, checks = checks ?? Array.Empty<object>() },
            secrets = new { password = peer.Password ?? "unused" },
        };
    }

    [RequiresEnvironmentFact(Peer)]
    public async Task Collect_StoresDatabaseHealthAndCheckScriptResults()
    {
        await using var host = await TestHost.StartAsync(MonitoringApi.Manual);
        var admin = await host.AdminAsync();
        var ci = await admin.CiAsync("database", "his-pg", "HIS PostgreSQL", new { engine = "postgresql" });
        var target = (await admin.TargetAsync(TargetFor(ci, "his-pg", new[] { new { metric = "his_databases", sql = "SELECT datname AS db, 1 AS value FROM pg_database WHERE datname = 'postgres'" } })))
            .GetProperty("id").GetInt64();

        var outcome = await admin.CollectAsync(target);

        outcome.GetProperty("success").GetBoolean().ShouldBeTrue(outcome.ToString());
        var latest = await admin.LatestAsync(target);
        latest.Find("pg_up")!.Value.GetProperty("value").GetDouble().ShouldBe(1);
        latest.Find("pg_check_success", ("check", "his_databases"))!.Value.GetProperty("value").GetDouble().ShouldBe(1);
        latest.Find("his_databases", ("db", "postgres"))!.Value.GetProperty("value").GetDouble().ShouldBe(1);
        latest.Find("pg_database_size_bytes", ("datname", "postgres"))!.Value.GetProperty("value").GetDouble().ShouldBeGreaterThan(0);
    }

    [RequiresEnvironmentFact(Peer)]
    public async Task Save_CheckScriptThatWrites_IsRefusedBeforeItRuns()
    {
        await using var host = await TestHost.StartAsync(MonitoringApi.Manual);
        var admin = await host.AdminAsync();
        var ci = await admin.CiAsync("database", "emr-pg", "EMR PostgreSQL");

        var response = await admin.PostAsync("/api/v1/monitoring/targets", TargetFor(ci, "emr-pg", new[] { new { metric = "bad", sql = "DELETE FROM patients RETURNING 1 AS value" } }));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.FieldErrorAsync("settings.checks.0.sql")).ShouldBe("invalid_check_script");
    }

    [RequiresEnvironmentFact(Peer)]
    public async Task Statements_ShowTheBlockedSessionUnderItsBlocker()
    {
        await using var host = await TestHost.StartAsync(MonitoringApi.Manual);
        var admin = await host.AdminAsync();
        var ci = await admin.CiAsync("database", "lis-pg", "LIS PostgreSQL");
        var target = (await admin.TargetAsync(TargetFor(ci, "lis-pg"))).GetProperty("id").GetInt64();
        var table = "lock_demo_" + Guid.NewGuid().ToString("N")[..8];
        var peer = Environment.GetEnvironmentVariable(Peer)!;
        await using var setup = new NpgsqlConnection(peer);
        await setup.OpenAsync();
        await new NpgsqlCommand($"CREATE TABLE {table} (id int PRIMARY KEY, v int); INSERT INTO {table} VALUES (1, 0);", setup).ExecuteNonQueryAsync();
        await using var holder = new NpgsqlConnection(peer);
        await holder.OpenAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await new NpgsqlCommand($"UPDATE {table} SET v = 1 WHERE id = 1", holder, tx).ExecuteNonQueryAsync();
        var holderPid = holder.ProcessID;
        await using var waiter = new NpgsqlConnection(peer);
        await waiter.OpenAsync();
        var waiterPid = waiter.ProcessID;
        var blocked = new NpgsqlCommand($"UPDATE {table} SET v = 2 WHERE id = 1", waiter).ExecuteNonQueryAsync();
        try
        {
            System.Text.Json.JsonElement body = default;
            for (var attempt = 0; attempt < 100; attempt++)
            {
                body = await (await admin.GetAsync($"/api/v1/monitoring/targets/{target}/statements")).JsonAsync();
                if (body.GetProperty("statements").EnumerateArray().Any(s => s.GetProperty("pid").GetInt32() == waiterPid && s.GetProperty("blockedBy").GetArrayLength() > 0))
                {
                    break;
                }

                await Task.Delay(100);
            }

            var waiting = body.GetProperty("statements").EnumerateArray().Single(s => s.GetProperty("pid").GetInt32() == waiterPid);
            waiting.GetProperty("blockedBy").EnumerateArray().Select(p => p.GetInt32()).ShouldBe([holderPid]);
            waiting.GetProperty("query").GetString()!.ShouldContain("SET v = 2");
            var root = body.GetProperty("blockingTree").EnumerateArray().Single(n => n.GetProperty("pid").GetInt32() == holderPid);
            root.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("pid").GetInt32()).ShouldContain(waiterPid);
        }
        finally
        {
            await tx.RollbackAsync();
            await blocked;
            await new NpgsqlCommand($"DROP TABLE {table}", setup).ExecuteNonQueryAsync();
        }
    }
}
