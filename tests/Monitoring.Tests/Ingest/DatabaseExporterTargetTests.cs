using System.Globalization;
using System.Text.Json;
using HospitalOps.Tests.Support;

namespace HospitalOps.Monitoring.Tests.Ingest;

/// <summary>
/// Prometheus targets on real database exporters, started by scripts/dbexporters.sh: Debian's
/// prometheus-postgres-exporter in front of the throwaway PostgreSQL and prometheus-mysqld-exporter
/// in front of the throwaway MariaDB (scripts/mariadb.sh). Collected through the API like any target.
/// </summary>
public sealed class DatabaseExporterTargetTests
{
    private const string PostgresExporter = "HOSPITALOPS_TEST_POSTGRES_EXPORTER";
    private const string MysqldExporter = "HOSPITALOPS_TEST_MYSQLD_EXPORTER";

    private static async Task<(TestHost Host, ApiClient Admin, long Target, long Ci)> StartAsync(string variable, string code, string name, string engine)
    {
        var host = await TestHost.StartAsync(MonitoringApi.Manual);
        try
        {
            var admin = await host.AdminAsync();
            var ci = await admin.CiAsync("database", code, name, new { engine });
            var target = await admin.TargetAsync(new { ciId = ci, kind = "prometheus", name = code + " exporter", address = Environment.GetEnvironmentVariable(variable), settings = new { } });
            return (host, admin, target.GetProperty("id").GetInt64(), ci);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>The collection succeeded, every line of the real exporter parsed, and the health says so.</summary>
    private static async Task<int> ShouldBeCleanAndUpAsync(ApiClient admin, long target, JsonElement outcome)
    {
        outcome.GetProperty("success").GetBoolean().ShouldBeTrue(outcome.ToString());
        outcome.GetProperty("malformed").GetInt32().ShouldBe(0, outcome.ToString());
        var samples = outcome.GetProperty("samples").GetInt32();
        samples.ShouldBeGreaterThan(100);
        var health = (await (await admin.GetAsync($"/api/v1/monitoring/targets/{target}")).JsonAsync()).GetProperty("health");
        health.GetProperty("state").GetString().ShouldBe("up");
        health.GetProperty("lastSamples").GetInt32().ShouldBe(samples);
        health.GetProperty("consecutiveFailures").GetInt32().ShouldBe(0);
        return samples;
    }

    private static double Value(List<JsonElement> latest, string metric, params (string Name, string Value)[] labels)
    {
        var sample = latest.Find(metric, labels);
        sample.ShouldNotBeNull($"{metric} {string.Join(",", labels.Select(l => $"{l.Name}={l.Value}"))} is not in the latest samples");
        return sample.Value.GetProperty("value").GetDouble();
    }

    [RequiresEnvironmentFact(PostgresExporter)]
    public async Task Collect_RealPostgresExporter_StoresPgUpAndPerDatabaseStats()
    {
        var (host, admin, target, ci) = await StartAsync(PostgresExporter, "his-pg-exporter", "HIS PostgreSQL（exporter）", "postgresql");
        await using var _ = host;

        var samples = await ShouldBeCleanAndUpAsync(admin, target, await admin.CollectAsync(target));

        var latest = await admin.LatestAsync(target);
        Value(latest, "pg_up", ("ci_id", ci.ToString(CultureInfo.InvariantCulture)), ("ci", "his-pg-exporter"), ("ci_type", "database"), ("job", "prometheus")).ShouldBe(1);
        Value(latest, "up").ShouldBe(1);
        Value(latest, "scrape_samples_scraped").ShouldBe(samples);
        var commits = Value(latest, "pg_stat_database_xact_commit", ("datname", "postgres"));
        commits.ShouldBeGreaterThan(0);
        Value(latest, "pg_stat_database_numbackends", ("datname", "postgres")).ShouldBeGreaterThanOrEqualTo(1);
        Value(latest, "pg_stat_database_xact_commit", ("datname", "template1")).ShouldBeGreaterThanOrEqualTo(0);
        // scripts/postgres.sh starts the server with max_connections=300: the exporter reports the real setting.
        Value(latest, "pg_settings_max_connections").ShouldBe(300);
        latest.Find("pg_stat_database_xact_commit", ("datname", "no_such_database")).ShouldBeNull();

        // A second collection: the commit counter of the database never goes backwards.
        host.Clock.Advance(TimeSpan.FromSeconds(30));
        await ShouldBeCleanAndUpAsync(admin, target, await admin.CollectAsync(target));
        latest = await admin.LatestAsync(target);
        Value(latest, "pg_stat_database_xact_commit", ("datname", "postgres")).ShouldBeGreaterThanOrEqualTo(commits);
        Value(latest, "pg_up").ShouldBe(1);
    }

    [RequiresEnvironmentFact(MysqldExporter)]
    public async Task Collect_RealMysqldExporter_StoresMysqlUpAndGlobalStatus()
    {
        var (host, admin, target, ci) = await StartAsync(MysqldExporter, "lis-mariadb", "LIS MariaDB 数据库", "mysql");
        await using var _ = host;

        var samples = await ShouldBeCleanAndUpAsync(admin, target, await admin.CollectAsync(target));

        var latest = await admin.LatestAsync(target);
        Value(latest, "mysql_up", ("ci_id", ci.ToString(CultureInfo.InvariantCulture)), ("ci", "lis-mariadb"), ("ci_type", "database"), ("job", "prometheus")).ShouldBe(1);
        Value(latest, "up").ShouldBe(1);
        Value(latest, "scrape_samples_scraped").ShouldBe(samples);
        // The exporter's own connection is one of them.
        Value(latest, "mysql_global_status_threads_connected").ShouldBeGreaterThanOrEqualTo(1);
        Value(latest, "mysql_global_status_innodb_buffer_pool_read_requests").ShouldBeGreaterThan(0);
        Value(latest, "mysql_global_status_uptime").ShouldBeGreaterThan(0);
        var version = latest.Find("mysql_version_info");
        version.ShouldNotBeNull();
        version.Value.GetProperty("value").GetDouble().ShouldBe(1);
        version.Value.GetProperty("labels").GetProperty("version").GetString()!.ShouldContain("MariaDB");
        // Every collector of the exporter ran without error with the monitoring user's grants
        // (SHOW SLAVE STATUS needs SLAVE MONITOR on MariaDB, see scripts/mariadb.sh).
        Value(latest, "mysql_exporter_last_scrape_error").ShouldBe(0);
        latest.Where(l => l.GetProperty("metric").GetString() == "mysql_exporter_scrape_errors_total")
            .ShouldAllBe(l => l.GetProperty("value").GetDouble() == 0);
    }
}
