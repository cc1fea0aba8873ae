using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using HospitalOps.Cmdb.Contracts;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Demo;
using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.History;
using HospitalOps.Monitoring.Targets;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Monitoring.Demo;

/// <summary>
/// The demo hospital's monitoring: a target for every server, database, middleware, HL7
/// interface and modality of the demo CMDB, and a week of generated history with the hospital's
/// rhythm (outpatient mornings, nightly batch jobs, a slowly filling disk, a drifting clock, a
/// DR switched off at night), so charts and baselines have data on first run. Demo targets carry
/// the setting <c>demo</c> and are not collected: their hosts do not exist.
/// </summary>
internal sealed partial class MonitoringDemo(Databases databases, IServiceScopeFactory scopes, TargetRuntimes runtimes, HistoryStore store, SeriesIndex index, TimeProvider clock) : IDemoData
{
    private const long Step = 120_000;
    private const int Days = 7;
    private const long Day = 86_400_000;

    /// <summary>Trends (a filling disk, a drifting clock) go on for two days after loading, then hold.</summary>
    private const double MaxFraction = 1 + (2.0 / Days);

    /// <summary>The generated week ends at the moment of loading.</summary>
    private long _end;

    public int Order => 40;

    private delegate double Generator(long t);

    private sealed record SeriesPlan(string Metric, Label[] Labels, Generator Value);

    private sealed record TargetPlan(SaveTargetRequest Request, CiFacts Ci, List<SeriesPlan> Series);

    public async Task LoadAsync(CancellationToken ct)
    {
        await using (var check = await databases.Config.OpenAsync(ct))
        {
            if (await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM monitoring_targets") > 0)
            {
                return;
            }
        }

        _end = UnixMs.Now(clock);
        await using var scope = scopes.CreateAsyncScope();
        var plans = await PlanAsync(scope.ServiceProvider.GetRequiredService<ICmdbDirectory>(), ct);
        var save = scope.ServiceProvider.GetRequiredService<SaveTarget>();
        var ids = new List<long>();
        await using (var connection = await databases.Config.OpenAsync(ct))
        {
            await using var tx = await Kernel.Data.Database.BeginWriteAsync(connection, ct);
            foreach (var plan in plans)
            {
                ids.Add(await save.SaveAsync(connection, tx, null, plan.Request, ct));
            }

            await tx.CommitAsync(ct);
        }

        await GenerateHistoryAsync(plans, ids, ct);
    }

    /// <summary>The demo's targets and the generators of their series, from the demo CMDB.</summary>
    private async Task<List<TargetPlan>> PlanAsync(ICmdbDirectory cmdb, CancellationToken ct)
    {
        var plans = new List<TargetPlan>();
        foreach (var vm in await cmdb.SelectAsync(new CiSelector("vm", null, null, null), ct))
        {
            plans.Add(Host(vm));
        }

        foreach (var os in await cmdb.SelectAsync(new CiSelector("os-instance", null, null, null), ct))
        {
            plans.Add(Host(os));
        }

        foreach (var db in await cmdb.SelectAsync(new CiSelector("database", null, null, null), ct))
        {
            plans.Add(DatabaseTarget(db));
        }

        foreach (var mw in await cmdb.SelectAsync(new CiSelector("middleware", null, null, null), ct))
        {
            if (Middleware(mw) is { } plan)
            {
                plans.Add(plan);
            }
        }

        foreach (var i in await cmdb.SelectAsync(new CiSelector("interface", null, new Dictionary<string, string> { ["protocol"] = "hl7v2-mllp" }, null), ct))
        {
            plans.Add(Hl7(i));
        }

        foreach (var m in await cmdb.SelectAsync(new CiSelector("modality", null, null, null), ct))
        {
            plans.Add(Modality(m));
        }

        // Added for the built-in dashboards, after the original targets: NTP offsets of the
        // modalities and availability probes of the non-HL7 interfaces.
        foreach (var m in await cmdb.SelectAsync(new CiSelector("modality", null, null, null), ct))
        {
            plans.Add(ModalityClock(m));
        }

        foreach (var i in await cmdb.SelectAsync(new CiSelector("interface", null, null, null), ct))
        {
            if (InterfaceProbe(i) is { } plan)
            {
                plans.Add(plan);
            }
        }

        // Added for capacity management: the storage arrays' pools and the switches' uplinks over SNMP.
        foreach (var storage in await cmdb.SelectAsync(new CiSelector("storage-system", null, null, null), ct))
        {
            plans.Add(StorageArray(storage));
        }

        foreach (var device in await cmdb.SelectAsync(new CiSelector("network-device", null, null, null), ct))
        {
            plans.Add(NetworkDevice(device));
        }

        return plans;
    }

    private async Task GenerateHistoryAsync(List<TargetPlan> plans, List<long> ids, CancellationToken ct)
    {
        var end = _end - (_end % Step);
        var start = end - (Days * Day);
        var feeds = await PrepareAsync(plans, ids, start, ct);
        await AppendAsync(feeds, start, end, ct);
        await using var config = await databases.Config.OpenAsync(ct);
        await using var tx = await Kernel.Data.Database.BeginWriteAsync(config, ct);
        foreach (var id in ids)
        {
            await config.ExecuteAsync(
                """
                INSERT INTO monitoring_target_health (target_id, state, last_run_at, last_success_at, last_duration_ms, last_samples, consecutive_failures, node, updated_at)
                VALUES (@id, 'up', @end, @end, 40, 0, 0, 'demo', @end)
                """, new { id, end }, tx);
        }

        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Keeps the demo hospital live: from where its history ends (the last sample in the heads, at most a week back)
    /// up to now, then every step, the same generators append the next values — so dashboards, stats and
    /// capacity forecasts go on showing data long after the demo was loaded. False when there is no demo.
    /// </summary>
    public async Task<bool> FeedAsync(CancellationToken ct)
    {
        Dictionary<string, long> ids;
        await using (var config = await databases.Config.OpenAsync(ct))
        {
            var demo = (await config.QueryAsync<(long Id, string Name, string Settings, long CreatedAt)>(
                "SELECT id, name, settings, created_at FROM monitoring_targets")).Where(t => (JsonNode.Parse(t.Settings) as JsonObject ?? []).Bool("demo") == true).ToList();
            if (demo.Count == 0)
            {
                return false;
            }

            // The demo's stories (a filling disk, a drifting clock) are told relative to when it was loaded.
            _end = demo.Min(t => t.CreatedAt);
            ids = demo.ToDictionary(t => t.Name, t => t.Id, StringComparer.Ordinal);
        }

        await using var scope = scopes.CreateAsyncScope();
        var plans = (await PlanAsync(scope.ServiceProvider.GetRequiredService<ICmdbDirectory>(), ct)).Where(p => p.Request.Name is { } name && ids.ContainsKey(name)).ToList();
        var now = UnixMs.Now(clock);
        var feeds = await PrepareAsync(plans, plans.Select(p => ids[p.Request.Name!]).ToList(), now, ct);
        var last = feeds.SelectMany(f => f.Series).Select(s => s.Series.LastT).DefaultIfEmpty(long.MinValue).Max();
        var next = Math.Max(last == long.MinValue ? now : last + Step, now - (Days * Day));
        next -= next % Step;
        while (!ct.IsCancellationRequested)
        {
            now = UnixMs.Now(clock);
            if (next <= now)
            {
                var to = now - (now % Step);
                await AppendAsync(feeds, next, to, ct);
                await MarkCollectedAsync(to, ct);
                next = to + Step;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Math.Clamp(next - UnixMs.Now(clock), 1000, Step)), clock, ct);
        }

        return true;
    }

    private async Task MarkCollectedAsync(long t, CancellationToken ct)
    {
        await using var config = await databases.Config.OpenAsync(ct);
        await config.ExecuteAsync(new CommandDefinition(
            "UPDATE monitoring_target_health SET last_run_at = @t, last_success_at = @t, updated_at = @t WHERE node = 'demo'", new { t }, cancellationToken: ct));
    }

    private sealed record Feed(TargetRuntime Runtime, List<(HeadSeries Series, Generator Value)> Series);

    /// <summary>Each planned target's runtime (and head) with its series resolved, ready to be appended to.</summary>
    private async Task<List<Feed>> PrepareAsync(List<TargetPlan> plans, List<long> ids, long from, CancellationToken ct)
    {
        var feeds = new List<Feed>();
        await using var config = await databases.Config.OpenAsync(ct);
        for (var i = 0; i < plans.Count; i++)
        {
            var targetId = ids[i];
            var row = (await TargetRow.FindAsync(config, targetId))!;
            var runtime = await runtimes.GetAsync(row, plans[i].Ci, ct);
            var all = plans[i].Series
                .Append(new SeriesPlan("up", [], _ => 1))
                .Append(new SeriesPlan("scrape_duration_seconds", [], t => 0.04 + (0.01 * DemoRhythm.Noise(targetId, t))))
                .ToList();
            var labels = all.Select(s => SeriesLabels.Of(s.Metric, runtime.Labels.Concat(s.Labels))).ToList();
            var seriesIds = await index.ResolveAsync(labels, ct);
            var series = new List<(HeadSeries, Generator)>();
            using (var appender = store.BeginAppend(runtime.Head, from))
            {
                for (var s = 0; s < all.Count; s++)
                {
                    series.Add((appender.Series(seriesIds[s]), all[s].Value));
                }

                appender.Complete(markMissingStale: false);
            }

            feeds.Add(new Feed(runtime, series));
        }

        return feeds;
    }

    /// <summary>Appends every series' generated value at each step in [from, to], flushing now and then.</summary>
    private async Task AppendAsync(List<Feed> feeds, long from, long to, CancellationToken ct)
    {
        var steps = 0;
        for (var t = from; t <= to; t += Step)
        {
            foreach (var (runtime, series) in feeds)
            {
                using var appender = store.BeginAppend(runtime.Head, t);
                foreach (var (s, value) in series)
                {
                    appender.Append(s, value(t));
                }

                appender.Complete(markMissingStale: false);
            }

            if (++steps % 720 == 0)
            {
                await store.FlushAllAsync(ct);
            }
        }

        await store.FlushAllAsync(ct);
    }

    private static SaveTargetRequest Request(CiFacts ci, string kind, string name, string address, JsonObject? settings = null, int intervalSeconds = 60)
    {
        settings ??= [];
        settings["demo"] = true;
        return new SaveTargetRequest(ci.Id, kind, name, address, intervalSeconds, Math.Min(10, intervalSeconds), true, null, settings, null, null);
    }

    private TargetPlan Host(CiFacts ci)
    {
        var seed = (long)(uint)ci.Code.GetHashCode(StringComparison.Ordinal);
        var cpus = ci.Attributes.TryGetValue("vcpu", out var v) && double.TryParse(v, CultureInfo.InvariantCulture, out var n) ? (int)n : 8;
        var memory = (ci.Attributes.TryGetValue("memoryGb", out var m) && double.TryParse(m, CultureInfo.InvariantCulture, out var gb) ? gb : 16) * 1024 * 1024 * 1024;
        var database = ci.Code.StartsWith("vm-db-", StringComparison.Ordinal) || ci.Code.StartsWith("rac-node", StringComparison.Ordinal);
        var filling = ci.Code is "vm-pacs-ris" or "vm-db-mysql";
        var drifting = ci.Code == "vm-lis";
        double Load(long t) => Math.Clamp((database ? 0.15 + (0.35 * DemoRhythm.Activity(t)) + (0.5 * DemoRhythm.Batch(t)) : 0.05 + (0.6 * DemoRhythm.Activity(t))) + (0.04 * DemoRhythm.Noise(seed, t)), 0.01, 0.98);
        var series = new List<SeriesPlan>
        {
            new("node_load1", [], t => cpus * Load(t) * 1.1),
            new("node_memory_MemTotal_bytes", [], _ => memory),
            new("node_memory_MemAvailable_bytes", [], t => memory * Math.Clamp(0.6 - (0.3 * Load(t)) + (0.02 * DemoRhythm.Noise(seed + 1, t)), 0.05, 0.95)),
            new("node_filesystem_size_bytes", [new("mountpoint", "/"), new("fstype", "xfs")], _ => 100e9),
            new("node_filesystem_avail_bytes", [new("mountpoint", "/"), new("fstype", "xfs")], t => 62e9 + (0.2e9 * DemoRhythm.Noise(seed + 2, t / 3_600_000))),
            new("node_filesystem_size_bytes", [new("mountpoint", "/data"), new("fstype", "xfs")], _ => 500e9),
            new("node_filesystem_avail_bytes", [new("mountpoint", "/data"), new("fstype", "xfs")], t => filling
                ? 500e9 * (0.30 - (0.22 * Fraction(t)))
                : 500e9 * (0.55 + (0.001 * DemoRhythm.Noise(seed + 3, t / 3_600_000)))),
            new("node_timex_offset_seconds", [], t => drifting ? 0.14 * Fraction(t) * Days : 0.002 * DemoRhythm.Noise(seed + 4, t)),
            Counter("node_network_receive_bytes_total", [new("device", "ens192")], t => 4e6 * Load(t)),
            Counter("node_network_transmit_bytes_total", [new("device", "ens192")], t => 2.5e6 * Load(t)),
        };
        foreach (var cpu in new[] { "0", "1" })
        {
            series.Add(Counter("node_cpu_seconds_total", [new("cpu", cpu), new("mode", "user")], t => 0.75 * Load(t)));
            series.Add(Counter("node_cpu_seconds_total", [new("cpu", cpu), new("mode", "system")], t => 0.2 * Load(t)));
            series.Add(Counter("node_cpu_seconds_total", [new("cpu", cpu), new("mode", "idle")], t => 1 - (0.95 * Load(t))));
        }

        series.AddRange(HostExtras(seed, cpus, database, drifting, Load));

        return new TargetPlan(Request(ci, "prometheus", ci.Name + " 主机监控", $"http://{ci.Code}:9100/metrics"), ci, series);

        double Fraction(long t) => Math.Min(MaxFraction, 1 - ((_end - t) / (double)(Days * Day)));
    }

    private TargetPlan DatabaseTarget(CiFacts ci)
    {
        var seed = (long)(uint)ci.Code.GetHashCode(StringComparison.Ordinal);
        var engine = ci.Attributes.GetValueOrDefault("engine", "other");
        double Busy(long t) => Math.Clamp((0.7 * DemoRhythm.Activity(t)) + (0.4 * DemoRhythm.Batch(t)) + (0.03 * DemoRhythm.Noise(seed, t)), 0.01, 1.2);
        var host = ci.Code;
        switch (engine)
        {
            case "postgresql":
                return new TargetPlan(Request(ci, "postgres", ci.Name, host + ":5432", new JsonObject { ["database"] = "postgres", ["username"] = "monitor" }), ci,
                With(PostgresExtras(ci, seed, Busy),
                [
                    new("pg_up", [], _ => 1),
                    new("pg_sessions", [new("datname", "esb"), new("state", "active")], t => Math.Round(2 + (40 * Busy(t)))),
                    new("pg_sessions", [new("datname", "esb"), new("state", "idle")], t => Math.Round(30 + (10 * DemoRhythm.Noise(seed, t)))),
                    Counter("pg_xact_commit_total", [new("datname", "esb")], t => 150 * Busy(t)),
                    Counter("pg_xact_rollback_total", [new("datname", "esb")], t => 0.5 * Busy(t)),
                    new("pg_cache_hit_ratio", [new("datname", "esb")], t => 0.995 - (0.04 * DemoRhythm.Batch(t)) + (0.002 * DemoRhythm.Noise(seed + 1, t))),
                    new("pg_database_size_bytes", [new("datname", "esb")], t => 80e9 + ((t - _end + (Days * Day)) / (double)Day * 0.6e9)),
                ]));
            case "oracle":
                return new TargetPlan(Request(ci, "database", ci.Name, host + ":1521", new JsonObject { ["engine"] = "oracle", ["driverAssembly"] = "Oracle.ManagedDataAccess.dll", ["factoryType"] = "Oracle.ManagedDataAccess.Client.OracleClientFactory" }), ci,
                With(OracleExtras(ci, seed, Busy),
                [
                    new("oracle_sessions", [new("status", "ACTIVE")], t => Math.Round(5 + (120 * Busy(t)))),
                    new("oracle_tablespace_used_ratio", [new("tablespace", "USERS")], t => 0.72 + (0.14 * (1 - ((_end - t) / (double)(Days * Day))))),
                    new("oracle_buffer_cache_hit_ratio", [], t => 0.985 - (0.05 * DemoRhythm.Batch(t)) + (0.003 * DemoRhythm.Noise(seed, t))),
                ]));
            case "sqlserver":
                return new TargetPlan(Request(ci, "database", ci.Name, host + ":1433", new JsonObject { ["engine"] = "sqlserver", ["driverAssembly"] = "Microsoft.Data.SqlClient.dll", ["factoryType"] = "Microsoft.Data.SqlClient.SqlClientFactory" }), ci,
                With(SqlServerExtras(ci, seed, Busy),
                [
                    new("mssql_requests", [], t => Math.Round(3 + (90 * Busy(t)))),
                    new("mssql_buffer_cache_hit_ratio", [], t => 0.99 - (0.03 * DemoRhythm.Batch(t))),
                    new("mssql_page_life_expectancy_seconds", [], t => 3000 - (2000 * DemoRhythm.Batch(t)) + (200 * DemoRhythm.Noise(seed, t))),
                ]));
            case "cache-iris":
                return new TargetPlan(Request(ci, "prometheus", ci.Name, $"http://{host}:52773/api/monitor/metrics"), ci,
                [
                    new("iris_cpu_pct", [], t => Math.Clamp(100 * Busy(t), 0, 100)),
                    new("iris_glo_ref_per_sec", [], t => 200000 * Busy(t)),
                    new("iris_jrn_free_space", [new("id", "WIJ")], t => 300e9 - ((t - _end + (Days * Day)) / (double)Day * 2e9)),
                ]);
            default:
                return new TargetPlan(Request(ci, "prometheus", ci.Name, $"http://{host}:9104/metrics"), ci,
                With(engine == "mysql" ? MySqlExtras(ci, seed, Busy) : [],
                [
                    new("mysql_up", [], _ => 1),
                    new("mysql_global_status_threads_connected", [], t => Math.Round(10 + (150 * Busy(t)))),
                    Counter("mysql_global_status_questions", [], t => 800 * Busy(t)),
                ]));
        }
    }

    private TargetPlan? Middleware(CiFacts ci)
    {
        var seed = (long)(uint)ci.Code.GetHashCode(StringComparison.Ordinal);
        return ci.Attributes.GetValueOrDefault("product") switch
        {
            "weblogic" => new TargetPlan(Request(ci, "weblogic", ci.Name, $"http://{ci.Code}:7001"), ci,
            With(WebLogicExtras(seed),
            [
                new("weblogic_server_state", [new("server", "EMR_Server1"), new("state", "RUNNING")], _ => 1),
                new("weblogic_threadpool_hogging_threads", [new("server", "EMR_Server1")], t => Math.Max(0, Math.Round((3 * DemoRhythm.Activity(t)) + DemoRhythm.Noise(seed, t)))),
                new("weblogic_threadpool_stuck_threads", [new("server", "EMR_Server1")], _ => 0),
                new("weblogic_jvm_heap_free_bytes", [new("server", "EMR_Server1")], t => 4e9 * Math.Clamp(0.6 - (0.4 * DemoRhythm.Activity(t)) + (0.05 * DemoRhythm.Noise(seed + 1, t)), 0.05, 0.9)),
                new("weblogic_jvm_heap_size_bytes", [new("server", "EMR_Server1")], _ => 4e9),
                new("weblogic_open_sockets", [new("server", "EMR_Server1")], t => Math.Round(50 + (400 * DemoRhythm.Activity(t)))),
            ])),
            "tomcat" => new TargetPlan(Request(ci, "tomcat", ci.Name, $"http://{ci.Code}:8080"), ci,
            With(TomcatExtras(seed),
            [
                new("tomcat_threads_busy", [new("connector", "http-nio-8080")], t => Math.Round(4 + (160 * DemoRhythm.Activity(t)))),
                new("tomcat_threads_max", [new("connector", "http-nio-8080")], _ => 400),
                Counter("tomcat_requests_total", [new("connector", "http-nio-8080")], t => 120 * DemoRhythm.Activity(t)),
            ])),
            _ => null,
        };
    }

    private TargetPlan Hl7(CiFacts ci)
    {
        var seed = (long)(uint)ci.Code.GetHashCode(StringComparison.Ordinal);
        var endpoint = ci.Attributes.GetValueOrDefault("endpoint", "10.10.5.20:6661");
        return new TargetPlan(Request(ci, "hl7", ci.Name, endpoint), ci,
        [
            new("hl7_ack_success", [], t => DemoRhythm.Noise(seed, t) > -0.995 ? 1 : 0),
            new("hl7_ack_duration_seconds", [], t => 0.03 + (0.25 * DemoRhythm.Activity(t)) + (0.01 * DemoRhythm.Noise(seed + 1, t))),
        ]);
    }

    private TargetPlan Modality(CiFacts ci)
    {
        var seed = (long)(uint)ci.Code.GetHashCode(StringComparison.Ordinal);
        var nightOff = ci.Code == "dr-01";
        bool On(long t) => !nightOff || DemoRhythm.LocalHour(t) is >= 7 and < 22;
        var address = $"{ci.Attributes.GetValueOrDefault("ip", "10.30.0.1")}:{ci.Attributes.GetValueOrDefault("port", "104")}";
        var settings = new JsonObject { ["calledAe"] = ci.Attributes.GetValueOrDefault("aeTitle", "MODALITY") };
        return new TargetPlan(Request(ci, "dicom", ci.Name + " DICOM", address, settings), ci,
        [
            new("dicom_echo_success", [], t => On(t) ? 1 : 0),
            new("dicom_association_accepted", [], t => On(t) ? 1 : 0),
            new("dicom_echo_duration_seconds", [new("phase", "total")], t => 0.012 + (0.004 * DemoRhythm.Noise(seed, t)) + (0.01 * DemoRhythm.Activity(t))),
        ]);
    }

    /// <summary>A counter that grows by <paramref name="ratePerSecond"/> over each step.</summary>
    private static SeriesPlan Counter(string metric, Label[] labels, Generator ratePerSecond)
    {
        double total = 0;
        long last = 0;
        return new SeriesPlan(metric, labels, t =>
        {
            if (last != 0 && t > last)
            {
                total += Math.Max(0, ratePerSecond(t)) * ((t - last) / 1000.0);
            }

            last = t;
            return Math.Round(total);
        });
    }
}
