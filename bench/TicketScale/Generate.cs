using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Dapper;
using HospitalOps.Host.Platform;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Demo;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HospitalOps.Bench.TicketScale;

/// <summary>
/// <c>generate</c>: the server's migrations and the demo hospital's people, calendars and CMDB (through the server's own services),
/// then the tickets, written straight into the tables in batches while the next batch is generated and tokenized on the other core.
/// </summary>
internal static class Generate
{
    private const int BatchSize = 5000;

    public static async Task<int> RunAsync(Options o)
    {
        var dataDir = o.Arg("--data-dir");
        var config = o.Opt("--config");
        var tickets = o.Int("--tickets", 1_000_000);
        var open = o.Int("--open", 10_000);
        var resolved = o.Int("--resolved", 1_000);
        var years = o.Int("--years", 3);
        var seed = o.Int("--seed", 42);
        var summaryPath = o.Arg("--summary");
        var total = Stopwatch.StartNew();

        var overrides = new Dictionary<string, string?> { ["DataDir"] = dataDir, ["Logging:LogLevel:Default"] = "Warning" };
        if (config is not null)
        {
            overrides["ConnectionStrings:Config"] = config;
        }

        var app = PlatformHost.Build(overrides);
        await PlatformStartup.PrepareAsync(app.Services, migrate: true, default);
        var demo = Stopwatch.StartNew();
        // People, calendars and the CMDB only: the monitoring history, alerts and tickets of the demo are not wanted here.
        foreach (var part in app.Services.GetServices<IDemoData>().Where(d => d.Order <= 30).OrderBy(d => d.Order))
        {
            await part.LoadAsync(default);
        }

        var demoSeconds = demo.Elapsed.TotalSeconds;
        var databases = app.Services.GetRequiredService<Databases>();
        var postgres = databases.Config.Engine == DatabaseEngine.PostgreSql;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        DataSet data;
        await using (var connection = await databases.Config.OpenAsync())
        {
            data = new DataSet(seed, now, await TypesAsync(connection), await SystemsAsync(connection), await CisAsync(connection), await PoliciesAsync(connection), postgres);
        }

        await app.DisposeAsync();
        await databases.Config.DisposeAsync();
        await databases.History.DisposeAsync();
        SqliteConnection.ClearAllPools();

        Console.Error.WriteLine($"demo people, calendars and CMDB loaded in {demoSeconds:0.0} s; generating {tickets:N0} tickets ({open:N0} open) over {years} years");
        var load = Stopwatch.StartNew();
        var (openedAt, fate) = data.Plan(tickets, open, resolved, years);
        var channel = Channel.CreateBounded<List<GenTicket>>(3);
        var producer = Task.Run(async () =>
        {
            for (var start = 0; start < tickets; start += BatchSize)
            {
                var batch = new List<GenTicket>(BatchSize);
                for (var i = start; i < Math.Min(tickets, start + BatchSize); i++)
                {
                    batch.Add(data.Make(i + 1, openedAt[i], fate[i]));
                }

                await channel.Writer.WriteAsync(batch);
            }

            channel.Writer.Complete();
        });

        NpgsqlConnection? pg = null;
        DbConnectionHolder holder;
        ITicketSink sink;
        if (postgres)
        {
            pg = new NpgsqlConnection(config);
            await pg.OpenAsync();
            await pg.ExecuteAsync("SET synchronous_commit = off; SET maintenance_work_mem = '512MB'");
            sink = new PostgresSink(pg);
            holder = new DbConnectionHolder(pg);
        }
        else
        {
            var sqlite = new SqliteSink(Path.Combine(dataDir, "config.db"));
            sink = sqlite;
            holder = new DbConnectionHolder(sqlite.Connection);
        }

        var dropped = await Indexes.DropAsync(holder.Connection);
        var written = 0;
        var lastReport = Stopwatch.StartNew();
        await foreach (var batch in channel.Reader.ReadAllAsync())
        {
            await sink.WriteAsync(batch);
            written += batch.Count;
            if (lastReport.Elapsed.TotalSeconds >= 15)
            {
                Console.Error.WriteLine($"  {written:N0} tickets in {load.Elapsed.TotalSeconds:0} s; load average {File.ReadAllText("/proc/loadavg")[..14]}");
                lastReport.Restart();
            }
        }

        await producer;
        var rowsSeconds = load.Elapsed.TotalSeconds;
        var indexes = Stopwatch.StartNew();
        await Indexes.CreateAsync(holder.Connection, dropped);
        await using (var tx = await holder.Connection.BeginTransactionAsync())
        {
            await holder.Connection.ExecuteAsync(
                """
                INSERT INTO sd_number_counters (scope, last_value) VALUES (@scope, @last)
                ON CONFLICT (scope) DO UPDATE SET last_value = excluded.last_value
                """,
                data.Counters.Select(c => new { scope = c.Key, last = (long)c.Value }), tx);
            await tx.CommitAsync();
        }

        var indexSeconds = indexes.Elapsed.TotalSeconds;
        var analyze = Stopwatch.StartNew();
        if (pg is not null)
        {
            await pg.ExecuteAsync("SELECT setval(pg_get_serial_sequence('sd_tickets', 'id'), (SELECT MAX(id) FROM sd_tickets))");
            await pg.ExecuteAsync("SELECT setval(pg_get_serial_sequence('sd_ticket_log', 'id'), (SELECT MAX(id) FROM sd_ticket_log))");
            // What autovacuum does within minutes of a bulk load: statistics and the visibility map.
            await pg.ExecuteAsync("VACUUM ANALYZE", commandTimeout: 3600);
        }

        var analyzeSeconds = analyze.Elapsed.TotalSeconds;
        var loadSeconds = load.Elapsed.TotalSeconds;
        await sink.DisposeAsync();
        if (pg is not null)
        {
            await pg.DisposeAsync();
        }

        // Facts the list requests need: a busy system, an assignee, a ticket number, counts.
        await using var check = postgres ? (System.Data.Common.DbConnection)new NpgsqlConnection(config) : new SqliteConnection($"Data Source={Path.Combine(dataDir, "config.db")}");
        await check.OpenAsync();
        var summary = new Dictionary<string, object?>
        {
            ["engine"] = postgres ? "postgres" : "sqlite",
            ["tickets"] = await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sd_tickets"),
            ["open"] = await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sd_tickets WHERE state_category IN ('new', 'open', 'waiting')"),
            ["not_closed"] = await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sd_tickets WHERE state_category <> 'closed'"),
            ["log_rows"] = await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sd_ticket_log"),
            ["clock_rows"] = await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sd_sla_clocks"),
            ["search_rows"] = await check.ExecuteScalarAsync<long>(postgres ? "SELECT COUNT(*) FROM sd_ticket_search" : "SELECT COUNT(*) FROM sd_ticket_search"),
            ["systems"] = await check.ExecuteScalarAsync<long>("SELECT COUNT(DISTINCT business_system_id) FROM sd_tickets"),
            ["assignees"] = await check.ExecuteScalarAsync<long>("SELECT COUNT(DISTINCT assignee) FROM sd_tickets"),
            ["busy_system"] = await check.ExecuteScalarAsync<long>("SELECT business_system_id FROM sd_tickets WHERE business_system_id IS NOT NULL GROUP BY business_system_id ORDER BY COUNT(*) DESC LIMIT 1"),
            ["assignee"] = "zhou.lei",
            ["number"] = await check.ExecuteScalarAsync<string>("SELECT number FROM sd_tickets WHERE id = @id", new { id = tickets / 3 }),
            ["rare_word_tickets"] = await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sd_tickets WHERE title LIKE '%液氦%'"),
            ["demo_seconds"] = demoSeconds,
            ["rows_seconds"] = rowsSeconds,
            ["index_seconds"] = indexSeconds,
            ["analyze_seconds"] = analyzeSeconds,
            ["load_seconds"] = loadSeconds,
            ["total_seconds"] = total.Elapsed.TotalSeconds,
        };
        await File.WriteAllTextAsync(summaryPath, JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true }));
        Console.Error.WriteLine($"loaded {summary["tickets"]:N0} tickets ({summary["open"]:N0} open), {summary["log_rows"]:N0} timeline rows, {summary["clock_rows"]:N0} clock rows, " +
            $"{summary["search_rows"]:N0} search rows in {loadSeconds:0.0} s (rows {rowsSeconds:0.0} s, indexes {indexSeconds:0.0} s{(postgres ? $", VACUUM ANALYZE {analyzeSeconds:0.0} s" : "")})");
        return 0;
    }

    private sealed record DbConnectionHolder(System.Data.Common.DbConnection Connection);

    private static async Task<TypeInfo[]> TypesAsync(System.Data.Common.DbConnection c)
    {
        var rows = await c.QueryAsync<(long Id, string Key, string Prefix, long WorkflowId, long Version, string Definition)>(
            """
            SELECT y.id, y.key, y.prefix, y.workflow_id, w.current_version, v.definition FROM sd_ticket_types y
            JOIN sd_workflows w ON w.id = y.workflow_id JOIN sd_workflow_versions v ON v.workflow_id = w.id AND v.version = w.current_version
            """);
        return rows.Select(r =>
        {
            using var doc = JsonDocument.Parse(r.Definition);
            var states = doc.RootElement.GetProperty("states").EnumerateArray()
                .Select(s => (Key: s.GetProperty("key").GetString()!, Category: s.GetProperty("category").GetString()!)).ToList();
            var initial = doc.RootElement.GetProperty("initial").GetString()!;
            string[] Of(string category) => states.Where(s => s.Category == category).Select(s => s.Key).ToArray();
            return new TypeInfo(r.Id, r.Key, r.Prefix, r.WorkflowId, (int)r.Version, initial, Of("new"), Of("open"), Of("waiting"), Of("resolved")[0], Of("closed")[0]);
        }).ToArray();
    }

    private static async Task<SystemInfo[]> SystemsAsync(System.Data.Common.DbConnection c)
    {
        var rows = await c.QueryAsync<(long Id, string Name, string Attributes)>("SELECT id, name, attributes FROM cmdb_cis WHERE type_code = 'business' ORDER BY id");
        return rows.Take(40).Select(r =>
        {
            using var doc = JsonDocument.Parse(r.Attributes);
            var level = doc.RootElement.TryGetProperty("level", out var l) && int.TryParse(l.GetString(), out var n) ? n : 3;
            var cut = r.Name.IndexOf('（');
            var shortName = (cut > 0 ? r.Name[..cut] : r.Name).Replace("系统", "").Trim();
            return new SystemInfo(r.Id, r.Name, shortName, level, Vocabulary.KindOf(r.Name));
        }).ToArray();
    }

    private static async Task<CiInfo[]> CisAsync(System.Data.Common.DbConnection c) =>
        (await c.QueryAsync<(long Id, string Code, string Name, string TypeCode)>(
            "SELECT id, code, name, type_code FROM cmdb_cis WHERE type_code IN ('database', 'network-device', 'vm', 'middleware', 'modality', 'application') ORDER BY id"))
        .Select(r => new CiInfo(r.Id, r.Code, r.Name, r.TypeCode)).ToArray();

    private static async Task<PolicyInfo[]> PoliciesAsync(System.Data.Common.DbConnection c) =>
        (await c.QueryAsync<(long Id, long? Priority, long? Response, long? Resolution, double YellowAt, double RedAt)>(
            "SELECT id, priority, response_minutes, resolution_minutes, yellow_at, red_at FROM sd_sla_policies WHERE ticket_type IS NULL AND contract IS NULL ORDER BY id"))
        .Select(r => new PolicyInfo(r.Id, (int?)r.Priority, (int)(r.Response ?? 30), (int)(r.Resolution ?? 1440), r.YellowAt, r.RedAt)).ToArray();
}
