using System.Globalization;
using System.Text.Json.Nodes;
using HospitalOps.Cmdb.Contracts;
using HospitalOps.Monitoring.Collection;

namespace HospitalOps.Monitoring.Demo;

/// <summary>
/// The series the built-in dashboards need beyond the original demo, with the names and labels
/// the real collectors and exporters use. Every series here is added after the original ones of
/// its target, and the original ones keep their values. The stories: the LIS SQL Server blocks
/// during the nightly archive job, the integration platform's PostgreSQL holds one long ETL
/// transaction with lock waits and the odd deadlock, the EMR Oracle's EMR_DATA tablespace keeps
/// growing and its Data Guard apply lag jumps in the batch window, the shared MySQL's archive
/// table fills its disk, the shared SQL Server's log backups stopped yesterday evening, the
/// ultrasound's clock drifts past a second, the LIS server's chronyd is stopped (its offset grows),
/// the medical-insurance interface was down one lunchtime two days ago and its certificate
/// expires in about three weeks.
/// </summary>
internal sealed partial class MonitoringDemo
{
    private const long Minute = 60_000;

    /// <summary>The original series of a target first (so they stay as they were), then the added ones.</summary>
    private static List<SeriesPlan> With(IEnumerable<SeriesPlan> extras, List<SeriesPlan> original)
    {
        original.AddRange(extras);
        return original;
    }

    /// <summary>0..1 from a noise value in -1..1.</summary>
    private static double Unit(long seed, long t) => (DemoRhythm.Noise(seed, t) + 1) / 2;

    private static double Round0(double v) => Math.Max(0, Math.Round(v));

    /// <summary>Hours since the nightly batch window opened at 01:00 local, 0 outside it.</summary>
    private static double BatchHours(long t) => DemoRhythm.Batch(t) > 0 ? DemoRhythm.LocalHour(t) - 1 : 0;

    private IEnumerable<SeriesPlan> HostExtras(long seed, int cpus, bool database, bool drifting, Generator load)
    {
        var swap = (database ? 8.0 : 4.0) * 1024 * 1024 * 1024;
        var bootedDaysAgo = 12 + (seed % 90);
        var boot = Math.Round(((_end / 1000.0) - (bootedDaysAgo * 86_400)) / 60) * 60;
        double Smoothed(long t, int minutes)
        {
            var sum = 0.0;
            for (var k = 0; k < 5; k++)
            {
                sum += load(t - (k * minutes * Minute / 5));
            }

            return sum / 5;
        }

        double Batch(long t) => database ? DemoRhythm.Batch(t) : 0;

        yield return new("node_load5", [], t => cpus * Smoothed(t, 5) * 1.1);
        yield return new("node_load15", [], t => cpus * Smoothed(t, 15) * 1.1);
        // The original demo has user/system/idle for CPUs 0 and 1; the CI's other vCPUs get their idle time only, which
        // makes the CPU count (count of mode="idle") right while keeping the demo small. Every CPU runs the same curve,
        // so averages by mode, the way the host dashboard reads them, are what eight full CPUs would give.
        for (var cpu = 2; cpu < Math.Clamp(cpus, 2, 32); cpu++)
        {
            yield return Counter("node_cpu_seconds_total", [new("cpu", cpu.ToString(CultureInfo.InvariantCulture)), new("mode", "idle")], t => 1 - (0.95 * load(t)));
        }

        yield return new("node_memory_SwapTotal_bytes", [], _ => swap);
        yield return new("node_memory_SwapFree_bytes", [], t => swap * (0.97 - (0.01 * Unit(seed + 11, t / 3_600_000)) - (0.22 * Batch(t))));
        var disk = new Label("device", "sda");
        yield return Counter("node_disk_read_bytes_total", [disk], t => (3e6 * load(t)) + (45e6 * Batch(t)));
        yield return Counter("node_disk_written_bytes_total", [disk], t => (1.5e6 * load(t)) + (30e6 * Batch(t)));
        yield return Counter("node_disk_io_time_seconds_total", [disk], t => Math.Clamp(0.03 + (0.35 * load(t)) + (0.5 * Batch(t)) + (0.02 * DemoRhythm.Noise(seed + 12, t)), 0, 1));
        yield return new("node_procs_running", [], t => Math.Max(1, Math.Round(1 + (cpus * 0.8 * load(t)) + DemoRhythm.Noise(seed + 13, t))));
        yield return new("node_procs_blocked", [], t => Round0((4 * Batch(t) * Unit(seed + 14, t)) + (0.6 * DemoRhythm.Noise(seed + 15, t))));
        yield return new("node_boot_time_seconds", [], _ => boot);
        // vm-lis: chronyd was stopped a week ago, which is why its clock drifts.
        yield return new("node_timex_sync_status", [], _ => drifting ? 0 : 1);
    }

    private IEnumerable<SeriesPlan> PostgresExtras(CiFacts ci, long seed, Generator busy)
    {
        var standby = ci.Code.EndsWith("-standby", StringComparison.Ordinal);
        var esb = new Label("datname", "esb");
        double Batch(long t) => standby ? 0 : DemoRhythm.Batch(t);

        yield return new("pg_settings_max_connections", [], _ => 300);
        yield return new("pg_in_recovery", [], _ => standby ? 1 : 0);
        // The integration platform's nightly ETL keeps a transaction open and makes others wait for its locks.
        yield return new("pg_sessions", [esb, new("state", "idle in transaction")], t => Round0((6 * Batch(t)) + (0.8 * DemoRhythm.Noise(seed + 20, t))));
        yield return new("pg_sessions_waiting", [new("wait_event_type", "Lock")], t => Round0((9 * Batch(t) * Unit(seed + 21, t)) + (0.6 * DemoRhythm.Noise(seed + 22, t))));
        yield return new("pg_sessions_waiting", [new("wait_event_type", "IO")], t => Round0((4 * busy(t)) + DemoRhythm.Noise(seed + 23, t)));
        yield return new("pg_sessions_waiting", [new("wait_event_type", "LWLock")], t => Round0((1.5 * busy(t)) + (0.8 * DemoRhythm.Noise(seed + 24, t))));
        yield return new("pg_sessions_blocked", [], t => Round0((7 * Batch(t) * Unit(seed + 25, t)) + (0.55 * DemoRhythm.Noise(seed + 26, t))));
        yield return Counter("pg_deadlocks_total", [esb], t => Batch(t) * (DemoRhythm.Noise(seed + 27, t) > 0.7 ? 0.006 : 0));
        yield return new("pg_oldest_transaction_seconds", [], t => Batch(t) > 0 ? (BatchHours(t) * 3600) + 20 : Math.Max(0.5, (2 + (25 * DemoRhythm.Activity(t))) * Unit(seed + 28, t)));
        yield return new("pg_long_transactions", [], t => BatchHours(t) > 5.0 / 60 ? 1 : 0);
        yield return new("pg_database_size_bytes", [new("datname", "postgres")], _ => 8_700_000);
        var lag = (Generator)(t => 0.02 + (0.08 * DemoRhythm.Activity(t)) + (DemoRhythm.Batch(t) > 0 ? 30 * Unit(seed + 29, t / 600_000) : 0));
        if (standby)
        {
            yield return new("pg_standby_lag_seconds", [], lag);
        }
        else
        {
            Label[] replica = [new("application_name", ci.Code + "-standby"), new("client_addr", "10.20.1.21")];
            yield return new("pg_replication_lag_seconds", replica, lag);
            yield return new("pg_replication_lag_bytes", replica, t => lag(t) * 4e6);
        }
    }

    private IEnumerable<SeriesPlan> OracleExtras(CiFacts ci, long seed, Generator busy)
    {
        var emr = ci.Code == "db-emr";
        string[] instances = emr ? ["1", "2"] : ["1"];
        double Batch(long t) => DemoRhythm.Batch(t);
        double Fraction(long t) => Math.Min(MaxFraction, 1 - ((_end - t) / (double)(Days * Day)));
        foreach (var inst in instances)
        {
            var id = new Label("inst_id", inst);
            var s = seed + (31 * inst[0]);
            var n = instances.Length;
            double Inactive(long t) => Math.Round((150 + (260 * busy(t))) / n);
            double Sessions(long t) => Math.Round(((5 + (120 * busy(t))) / n) + Inactive(t) + 62);
            yield return new("oracle_sessions", [id, new("status", "INACTIVE"), new("type", "USER")], Inactive);
            yield return new("oracle_resource_current_utilization", [id, new("resource", "sessions")], Sessions);
            yield return new("oracle_resource_current_utilization", [id, new("resource", "processes")], t => Math.Round(Sessions(t) * 0.92));
            yield return new("oracle_resource_current_utilization", [id, new("resource", "transactions")], t => Round0(((4 + (70 * busy(t))) / n) + DemoRhythm.Noise(s, t)));
            yield return new("oracle_resource_limit", [id, new("resource", "sessions")], _ => 1522);
            yield return new("oracle_resource_limit", [id, new("resource", "processes")], _ => 1000);
            yield return new("oracle_resource_limit", [id, new("resource", "transactions")], _ => 1674);
            // Seconds waited per second, by class: "Application" is row lock waits (enq: TX), high in the EMR archive batch.
            foreach (var (waitClass, rate) in new (string, Generator)[]
            {
                ("User I/O", t => ((1.6 * busy(t)) + (2.5 * Batch(t))) / n),
                ("System I/O", t => ((0.4 * busy(t)) + (0.6 * Batch(t))) / n),
                ("Commit", t => 0.35 * DemoRhythm.Activity(t) / n),
                ("Concurrency", t => 0.15 * busy(t) / n),
                ("Application", t => (0.03 + ((emr ? 3.5 : 0.4) * Batch(t) * Unit(s + 1, t))) / n),
                ("Network", t => 0.12 * DemoRhythm.Activity(t) / n),
                ("Configuration", t => 0.01 + (0.2 * Batch(t) * Unit(s + 2, t))),
            })
            {
                yield return Counter("oracle_wait_class_time_seconds_total", [id, new("wait_class", waitClass)], rate);
            }
        }

        yield return new("oracle_sessions_blocked", [], t => Round0(((emr ? 9 : 2) * Batch(t) * Unit(seed + 40, t)) + (0.55 * DemoRhythm.Noise(seed + 41, t))));
        yield return new("oracle_lock_requests_waiting", [], t => Round0(((emr ? 11 : 2) * Batch(t) * Unit(seed + 42, t)) + (0.6 * DemoRhythm.Noise(seed + 43, t))));
        var data = emr ? "EMR_DATA" : "HRP_DATA";
        foreach (var (tablespace, sizeGb, ratio) in new (string, double, Generator)[]
        {
            ("SYSTEM", 8, _ => 0.63),
            ("SYSAUX", 16, t => 0.77 + (0.01 * Fraction(t))),
            ("UNDOTBS1", 32, t => 0.18 + (0.55 * Batch(t) * Unit(seed + 44, t / 900_000))),
            (data, emr ? 2048 : 512, t => emr ? 0.81 + (0.08 * Fraction(t)) + (0.002 * Batch(t)) : 0.56 + (0.01 * Fraction(t))),
            // USERS already has its used ratio in the original demo; the same curve, as bytes.
            ("USERS", 64, t => 0.72 + (0.14 * Fraction(t))),
        })
        {
            var ts = new Label("tablespace", tablespace);
            var size = sizeGb * 1024 * 1024 * 1024;
            if (tablespace != "USERS")
            {
                yield return new("oracle_tablespace_used_ratio", [ts], ratio);
            }

            yield return new("oracle_tablespace_size_bytes", [ts], _ => size);
            yield return new("oracle_tablespace_used_bytes", [ts], t => size * ratio(t));
        }

        var temp = new Label("tablespace", "TEMP");
        yield return new("oracle_temp_tablespace_size_bytes", [temp], _ => 32e9);
        yield return new("oracle_temp_tablespace_free_bytes", [temp], t => 32e9 * Math.Clamp(0.94 - (0.1 * busy(t)) - (0.55 * Batch(t) * Unit(seed + 45, t / 600_000)), 0.05, 0.99));
        if (emr)
        {
            // The EMR RAC ships redo to an Active Data Guard standby at the disaster-recovery site.
            yield return new("oracle_dataguard_lag_seconds", [new("name", "transport lag")], t => Math.Round(Unit(seed + 46, t) * (1 + (4 * Batch(t)))));
            yield return new("oracle_dataguard_lag_seconds", [new("name", "apply lag")], t => Math.Round((1 + (2 * Unit(seed + 47, t))) + (Batch(t) * 240 * Unit(seed + 48, t / 900_000))));
        }
    }

    private IEnumerable<SeriesPlan> SqlServerExtras(CiFacts ci, long seed, Generator busy)
    {
        var standby = ci.Code.EndsWith("-standby", StringComparison.Ordinal);
        var lis = ci.Code == "db-lis";
        var database = ci.Code.StartsWith("db-lis", StringComparison.Ordinal) ? "LIS" : ci.Code == "db-pacs" ? "PACSDB" : "HRP";
        var db = new Label("database_name", database);
        double Batch(long t) => standby ? 0 : DemoRhythm.Batch(t);
        // The LIS archive job (01:00–02:40) locks the result tables it moves.
        double Archive(long t) => lis && DemoRhythm.LocalHour(t) is >= 1 and < 2.67 ? 1 : 0;
        double Scale(double v) => standby ? v * 0.05 : v;

        yield return new("mssql_sessions", [db, new("status", "running")], t => Round0(Scale(2 + (40 * busy(t))) + DemoRhythm.Noise(seed + 50, t)));
        yield return new("mssql_sessions", [db, new("status", "sleeping")], t => Math.Round(Scale(60 + (220 * DemoRhythm.Activity(t))) + 3));
        yield return new("mssql_requests_blocked", [], t => Round0((12 * Archive(t) * Unit(seed + 51, t)) + (0.55 * DemoRhythm.Noise(seed + 52, t))));
        yield return new("mssql_request_longest_seconds", [], t => Archive(t) > 0 ? (BatchHours(t) * 3600) + 5 : Round0(Scale(1 + (25 * busy(t) * Unit(seed + 53, t)))));
        foreach (var (waitType, rate) in new (string, Generator)[]
        {
            ("LCK_M_X", t => 0.01 + (7 * Archive(t) * Unit(seed + 54, t))),
            ("LCK_M_S", t => 0.005 + (2.5 * Archive(t) * Unit(seed + 55, t))),
            ("PAGEIOLATCH_SH", t => Scale((1.2 * busy(t)) + (2 * Batch(t)))),
            ("WRITELOG", t => Scale(0.35 * busy(t))),
            ("CXPACKET", t => Scale((0.6 * busy(t)) + (1.5 * Batch(t)))),
            ("ASYNC_NETWORK_IO", t => Scale(0.25 * DemoRhythm.Activity(t))),
            ("SOS_SCHEDULER_YIELD", t => Scale(0.2 * busy(t))),
        })
        {
            yield return Counter("mssql_wait_seconds_total", [new("wait_type", waitType)], rate);
        }

        yield return Counter("mssql_waits_total", [new("wait_type", "LCK_M_X")], t => 0.02 + (4 * Archive(t)));
        yield return Counter("mssql_waits_total", [new("wait_type", "LCK_M_S")], t => 0.01 + (1.5 * Archive(t)));

        // Full backups at 02:00 on a primary (a weekly copy-only one, Sunday 03:00, on a standby); log backups every 15 minutes.
        yield return new("mssql_last_backup_age_seconds", [db, new("backup_type", "D")], t => standby ? SinceLocal(t, 3, weekly: true) : SinceLocal(t, 2, weekly: false));
        if (!standby)
        {
            // The shared instance's log backup job has failed since yesterday 18:00.
            var stopped = LocalDayStart(_end) - Day + (18 * 3_600_000);
            yield return new("mssql_last_backup_age_seconds", [db, new("backup_type", "L")], t => ci.Code == "db-shared-sql" && t >= stopped
                ? ((t - stopped) / 1000.0) + 600
                : ((t % (15 * Minute)) / 1000.0) + 40);
        }

        if (ci.Code == "db-pacs")
        {
            // PACSDB is in an availability group with an asynchronous replica at the disaster-recovery site.
            Label[] replica = [db, new("replica", "PACSDB-DR"), new("sync_state", "SYNCHRONIZING")];
            yield return new("mssql_hadr_log_send_queue_bytes", replica, t => Math.Round((0.2e6 + (3e6 * DemoRhythm.Activity(t)) + (60e6 * Batch(t) * Unit(seed + 56, t / 600_000))) / 1024) * 1024);
            yield return new("mssql_hadr_redo_queue_bytes", replica, t => Math.Round((0.5e6 + (2e6 * DemoRhythm.Activity(t)) + (25e6 * Batch(t))) / 1024) * 1024);
            yield return new("mssql_hadr_suspended", replica, _ => 0);
        }
    }

    private IEnumerable<SeriesPlan> MySqlExtras(CiFacts ci, long seed, Generator busy)
    {
        var standby = ci.Code.EndsWith("-standby", StringComparison.Ordinal);
        var shared = ci.Code.StartsWith("db-mysql", StringComparison.Ordinal);
        var version = ci.Attributes.GetValueOrDefault("version", "8.0") == "5.7" ? "5.7.44-log" : "8.0.36";
        double Batch(long t) => standby ? 0 : DemoRhythm.Batch(t);
        double Fraction(long t) => Math.Min(MaxFraction, 1 - ((_end - t) / (double)(Days * Day)));

        yield return new("mysql_version_info", [new("innodb_version", version.Split('-')[0]), new("version", version), new("version_comment", "MySQL Community Server - GPL")], _ => 1);
        yield return new("mysql_global_variables_max_connections", [], _ => shared ? 1000 : 500);
        yield return new("mysql_global_status_threads_running", [], t => Math.Max(1, Math.Round(1 + (18 * busy(t)) + DemoRhythm.Noise(seed + 60, t))));
        yield return Counter("mysql_global_status_commands_total", [new("command", "commit")], t => standby ? 0 : 260 * busy(t));
        yield return Counter("mysql_global_status_commands_total", [new("command", "rollback")], t => standby ? 0 : (1.2 * busy(t)) + (shared ? 6 * Batch(t) : 0));
        // The nightly archive job on the shared MySQL waits for row locks (and its victims roll back).
        yield return Counter("mysql_global_status_innodb_row_lock_waits", [], t => (0.03 * busy(t)) + (shared ? 2.5 * Batch(t) : 0));
        yield return new("mysql_global_status_innodb_row_lock_current_waits", [], t => Round0(((shared ? 7 : 1) * Batch(t) * Unit(seed + 61, t)) + (0.55 * DemoRhythm.Noise(seed + 62, t))));
        yield return Counter("mysql_global_status_innodb_buffer_pool_read_requests", [], t => 42_000 * busy(t));
        yield return Counter("mysql_global_status_innodb_buffer_pool_reads", [], t => (30 * busy(t)) + (700 * Batch(t)));
        yield return Counter("mysql_global_status_slow_queries", [], t => (0.004 * busy(t)) + (0.06 * Batch(t)));
        var tables = shared
            ? new (string Schema, string Table, Generator Data)[]
            {
                // The archive table is what fills vm-db-mysql's /data.
                ("his_ext", "order_archive", t => 150e9 + (105e9 * Fraction(t))),
                ("his_ext", "audit_log", t => 38e9 + (3e9 * Fraction(t))),
                ("hrp", "material_ledger", _ => 12.4e9),
            }
            : new (string Schema, string Table, Generator Data)[]
            {
                ("followup", "visit_record", t => 21e9 + (0.4e9 * Fraction(t))),
                ("followup", "sms_log", t => 9e9 + (0.3e9 * Fraction(t))),
            };
        foreach (var (schema, table, size) in tables)
        {
            Label[] labels = [new("schema", schema), new("table", table)];
            yield return new("mysql_info_schema_table_size", [.. labels, new("component", "data_length")], t => Math.Round(size(t)));
            yield return new("mysql_info_schema_table_size", [.. labels, new("component", "index_length")], t => Math.Round(size(t) * 0.28));
        }

        if (standby)
        {
            Label[] source = [new("channel_name", ""), new("master_host", "vm-db-mysql"), new("master_uuid", "3e11fa47-71ca-11e1-9e33-c80aa9429562")];
            yield return new("mysql_slave_status_seconds_behind_master", source, t => Math.Round((DemoRhythm.Batch(t) * 420 * Unit(seed + 63, t / 600_000)) + (2 * DemoRhythm.Activity(t) * Unit(seed + 64, t))));
            yield return new("mysql_slave_status_slave_io_running", source, _ => 1);
            yield return new("mysql_slave_status_slave_sql_running", source, _ => 1);
        }
    }

    private static IEnumerable<SeriesPlan> WebLogicExtras(long seed)
    {
        var server = new Label("server", "EMR_Server1");
        var ds = new Label("datasource", "EMRDataSource");
        double Active(long t) => Math.Round(3 + (45 * DemoRhythm.Activity(t)) + (2 * DemoRhythm.Noise(seed + 70, t)));
        double Total(long t) => Math.Round(40 + (35 * DemoRhythm.Activity(t)));
        yield return new("weblogic_threadpool_total_threads", [server], t => Math.Max(Total(t), Active(t) + 2));
        yield return new("weblogic_threadpool_idle_threads", [server], t => Math.Max(Total(t), Active(t) + 2) - Active(t));
        yield return new("weblogic_threadpool_pending_requests", [server], t => Round0((14 * (DemoRhythm.Activity(t) - 0.75)) + (1.5 * DemoRhythm.Noise(seed + 71, t))));
        yield return new("weblogic_threadpool_queue_length", [server], t => Round0((14 * (DemoRhythm.Activity(t) - 0.75)) + (1.5 * DemoRhythm.Noise(seed + 71, t))));
        yield return Counter("weblogic_threadpool_completed_requests_total", [server], t => 95 * DemoRhythm.Activity(t));
        yield return new("weblogic_jvm_heap_max_bytes", [server], _ => 4e9);
        yield return new("weblogic_datasource_state", [server, ds, new("state", "Running")], _ => 1);
        yield return new("weblogic_datasource_active_connections", [server, ds], t => Round0(2 + (48 * DemoRhythm.Activity(t)) + (2 * DemoRhythm.Noise(seed + 72, t))));
        yield return new("weblogic_datasource_active_connections_high", [server, ds], _ => 50);
        // The pool (50 connections) runs dry at the morning peak: requests wait for a connection.
        yield return new("weblogic_datasource_waiting_for_connection", [server, ds], t => Round0((30 * (DemoRhythm.Activity(t) - 0.9)) + DemoRhythm.Noise(seed + 73, t)));
        yield return new("weblogic_datasource_leaked_connections_total", [server, ds], _ => 2);
    }

    private static IEnumerable<SeriesPlan> TomcatExtras(long seed)
    {
        var connector = new Label("connector", "http-nio-8080");
        const double Total = 6e9;
        yield return new("tomcat_threads_current", [connector], t => Math.Min(400, Math.Round(4 + (160 * DemoRhythm.Activity(t))) + 25));
        yield return new("tomcat_jvm_memory_max_bytes", [], _ => 8e9);
        yield return new("tomcat_jvm_memory_total_bytes", [], _ => Total);
        yield return new("tomcat_jvm_memory_free_bytes", [], t => Total * Math.Clamp(0.6 - (0.35 * DemoRhythm.Activity(t)) + (0.08 * DemoRhythm.Noise(seed + 80, t)), 0.05, 0.95));
        yield return Counter("tomcat_request_errors_total", [connector], t => (0.25 * DemoRhythm.Activity(t)) + (DemoRhythm.Noise(seed + 81, t / 600_000) > 0.97 ? 3 : 0));
        yield return Counter("tomcat_request_processing_seconds_total", [connector], t => 120 * DemoRhythm.Activity(t) * (0.06 + (0.22 * DemoRhythm.Activity(t))));
        yield return new("tomcat_request_max_seconds", [connector], t => Math.Round(1.2 + (4 * DemoRhythm.Activity(t) * Unit(seed + 82, t)), 3));
        yield return Counter("tomcat_sent_bytes_total", [connector], t => 120 * DemoRhythm.Activity(t) * 18_000);
        yield return Counter("tomcat_received_bytes_total", [connector], t => 120 * DemoRhythm.Activity(t) * 2_500);
    }

    /// <summary>The modality's clock against ours, asking its NTP service (ntp_offset_seconds = its clock minus ours).</summary>
    private TargetPlan ModalityClock(CiFacts ci)
    {
        var seed = (long)(uint)ci.Code.GetHashCode(StringComparison.Ordinal);
        double Fraction(long t) => Math.Min(MaxFraction, 1 - ((_end - t) / (double)(Days * Day)));
        Generator offset = ci.Code switch
        {
            // The ultrasound's clock was never pointed at the hospital's NTP server: it drifts ahead.
            "us-01" => t => 0.35 + (1.15 * Fraction(t)) + (0.004 * DemoRhythm.Noise(seed, t)),
            "mr-01" => t => -0.045 + (0.003 * DemoRhythm.Noise(seed, t)),
            _ => t => 0.006 * DemoRhythm.Noise(seed, t),
        };
        var host = ci.Attributes.GetValueOrDefault("ip", "10.30.0.1");
        return new TargetPlan(Request(ci, "ntp", ci.Name + " 时钟偏差", host), ci,
        [
            new("ntp_offset_seconds", [], offset),
            new("ntp_delay_seconds", [], t => 0.0006 + (0.0003 * Unit(seed + 1, t))),
            new("ntp_stratum", [], _ => ci.Code == "us-01" ? 4 : 3),
            new("ntp_root_distance_seconds", [], t => 0.012 + (0.002 * Unit(seed + 2, t))),
            new("ntp_leap", [], _ => 0),
        ]);
    }

    /// <summary>Availability probes of the interfaces that are not HL7 (those have their own MLLP round trip).</summary>
    private TargetPlan? InterfaceProbe(CiFacts ci)
    {
        var seed = (long)(uint)ci.Code.GetHashCode(StringComparison.Ordinal);
        var endpoint = ci.Attributes.GetValueOrDefault("endpoint", string.Empty);
        switch (ci.Attributes.GetValueOrDefault("protocol"))
        {
            case "soap" or "http-rest" when Uri.TryCreate(endpoint, UriKind.Absolute, out var url):
            {
                var https = url.Scheme == Uri.UriSchemeHttps;
                var insurance = ci.Code == "if-insurance";
                // The medical-insurance centre was down for maintenance two days ago, 12:10–12:50.
                var outage = LocalDayStart(_end) - (2 * Day) + (12 * 3_600_000) + (10 * Minute);
                bool Down(long t) => insurance && t >= outage && t < outage + (40 * Minute);
                var expires = (_end / 1000.0) + (23 * 86_400) + 3_600;
                var series = new List<SeriesPlan>
                {
                    new("probe_success", [], t => Down(t) ? 0 : 1),
                    new("probe_http_status_code", [], t => Down(t) ? 503 : 200),
                    new("probe_http_duration_seconds", [], t => Down(t) ? 0.02 : 0.05 + ((insurance ? 0.6 : 0.15) * DemoRhythm.Activity(t)) + (0.02 * Unit(seed, t))),
                };
                if (https)
                {
                    series.Add(new("probe_tls_certificate_expiry_seconds", [], t => expires - (t / 1000.0)));
                    series.Add(new("probe_tls_certificate_days_left", [], t => (expires - (t / 1000.0)) / 86_400));
                }

                return new TargetPlan(Request(ci, "http", ci.Name + " 可用性", endpoint, new JsonObject { ["expectedStatus"] = "200" }), ci, series);
            }

            case "message-queue" when Uri.TryCreate(endpoint, UriKind.Absolute, out var url):
                return new TargetPlan(Request(ci, "tcp", ci.Name + " 端口", $"{url.Host}:{(url.Port > 0 ? url.Port : 5672)}"), ci,
                [
                    new("probe_success", [], _ => 1),
                    new("probe_tcp_connect_seconds", [], t => 0.0008 + (0.0004 * Unit(seed, t))),
                ]);
            case "dicom":
            {
                var at = endpoint.IndexOf('@', StringComparison.Ordinal);
                var ae = at > 0 ? endpoint[..at] : "PACS";
                var address = at > 0 ? endpoint[(at + 1)..] : endpoint;
                return new TargetPlan(Request(ci, "dicom", ci.Name + " C-ECHO", address, new JsonObject { ["calledAe"] = ae }), ci,
                [
                    new("dicom_echo_success", [], _ => 1),
                    new("dicom_association_accepted", [], _ => 1),
                    new("dicom_echo_duration_seconds", [new("phase", "total")], t => 0.015 + (0.04 * DemoRhythm.Activity(t)) + (0.004 * DemoRhythm.Noise(seed, t))),
                ]);
            }

            default:
                return null;
        }
    }

    /// <summary>Seconds since the last hh:00 local (daily, or Sundays when <paramref name="weekly"/>).</summary>
    private static double SinceLocal(long t, int hour, bool weekly)
    {
        var last = LocalDayStart(t) + (hour * 3_600_000);
        if (last > t)
        {
            last -= Day;
        }

        if (weekly)
        {
            // 1970-01-01 was a Thursday: local day number + 4, mod 7, is 0 on Sundays.
            while ((((last + (8 * 3_600_000)) / Day) + 4) % 7 != 0)
            {
                last -= Day;
            }
        }

        return (t - last) / 1000.0;
    }

    /// <summary>The start of the local (Asia/Shanghai) day of <paramref name="t"/>, as a UTC millisecond time.</summary>
    private static long LocalDayStart(long t) => t - ((t + (8 * 3_600_000)) % Day);
}
