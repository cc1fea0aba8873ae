using System.Text.Json.Nodes;
using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.Targets;
using Npgsql;

namespace HospitalOps.Monitoring.Collectors.Database;

/// <summary>
/// PostgreSQL databases natively: address host:port, settings <c>database</c>, <c>username</c>,
/// <c>checks</c> (user-written check scripts: [{metric, sql}]), secret <c>password</c>. The
/// monitoring role needs pg_monitor to see other sessions.
/// </summary>
internal sealed class PostgresTargetCollector : ICollector
{
    public string Kind => "postgres";

    public async Task<CollectionResult> CollectAsync(CollectionContext context, CancellationToken ct)
    {
        var connection = ConnectionString(context.Target, context.Settings, context.Secrets);
        var result = new CollectionResult();
        try
        {
            var batch = await new PostgresCollector().CollectAsync(connection, context.Timeout, ct);
            Copy(batch, result.Samples);
        }
        catch (CollectionFailure failure)
        {
            result.Samples.Add("pg_up", 0);
            result.Failure = failure;
            return result;
        }

        foreach (var check in Checks(context.Settings))
        {
            try
            {
                Copy(await new CheckScriptRunner().RunAsync(connection, check, context.Timeout, ct), result.Samples);
                result.Samples.Add("pg_check_success", 1, new Label("check", check.MetricName));
            }
            catch (CollectionFailure failure)
            {
                result.Samples.Add("pg_check_success", 0, new Label("check", check.MetricName));
                result.Failure ??= failure;
            }
        }

        return result;
    }

    public static string ConnectionString(TargetRow target, JsonObject settings, IReadOnlyDictionary<string, string> secrets)
    {
        var host = TargetKind.StripPort(target.Address, out var port);
        return new NpgsqlConnectionStringBuilder
        {
            Host = host,
            Port = port == 0 ? 5432 : port,
            Database = settings.Str("database") is { Length: > 0 } db ? db : "postgres",
            Username = settings.Str("username") is { Length: > 0 } user ? user : "postgres",
            Password = secrets.GetValueOrDefault("password"),
            ApplicationName = "hospitalops-monitor",
        }.ToString();
    }

    /// <summary>The check scripts of a target: [{metric, sql}], invalid entries left out (saving refuses them).</summary>
    public static IReadOnlyList<CheckScript> Checks(JsonObject settings) =>
        settings["checks"] is JsonArray checks
            ? checks.OfType<JsonObject>().Select(c => (Metric: c.Str("metric"), Sql: c.Str("sql")))
                .Where(c => !string.IsNullOrWhiteSpace(c.Metric) && !string.IsNullOrWhiteSpace(c.Sql))
                .Select(c => new CheckScript(c.Metric!.Trim(), c.Sql!)).ToList()
            : [];

    internal static void Copy(SampleBatch from, SampleBatch to)
    {
        foreach (var s in from.Samples)
        {
            to.Add(s.Metric, s.Value, s.Labels);
        }
    }
}

/// <summary>
/// Oracle, SQL Server, DM and KingbaseES through an ADO.NET driver the administrator puts in the
/// driver folder (setting Monitoring:DriverFolder): settings <c>engine</c>, <c>driverAssembly</c>,
/// <c>factoryType</c>; secret <c>connectionString</c>. Runs the engine's built-in query pack.
/// </summary>
internal sealed class PluginDatabaseCollector(MonitoringOptions options) : ICollector
{
    public string Kind => "database";

    public async Task<CollectionResult> CollectAsync(CollectionContext context, CancellationToken ct)
    {
        var engine = context.Settings.Str("engine") switch
        {
            "oracle" => DbEngine.Oracle,
            "sqlserver" => DbEngine.SqlServer,
            "dm" => DbEngine.Dameng,
            "kingbase" => DbEngine.Kingbase,
            "postgresql" => DbEngine.PostgreSql,
            var other => throw new CollectionFailure("monitoring.db.driver_invalid", ("reason", "unknown engine " + other)),
        };
        var folder = options.DriverFolder ?? Path.Combine(AppContext.BaseDirectory, "drivers");
        using var plugin = DbProviderPlugins.Load(folder, context.Settings.Str("driverAssembly") ?? string.Empty, context.Settings.Str("factoryType") ?? string.Empty);
        await using var connection = await plugin.OpenAsync(context.Secrets.GetValueOrDefault("connectionString", string.Empty), context.Timeout, ct);
        var pack = await QueryPackRunner.RunAsync(connection, QueryPacks.For(engine), context.Timeout, ct);
        var result = new CollectionResult();
        PostgresTargetCollector.Copy(pack.Samples, result.Samples);
        if (pack.Failures.Count > 0 && pack.Failures.Count == QueryPacks.For(engine).Queries.Count)
        {
            result.Failure = pack.Failures[0].Failure;
        }

        return result;
    }
}
