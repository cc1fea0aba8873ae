using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Observability;

namespace HospitalOps.Host.Platform;

public sealed record HealthCheck(string Name, bool Ok, string? Reason);

public sealed record Readiness(string Status, IReadOnlyList<HealthCheck> Checks);

/// <summary>Liveness, readiness (both databases reachable and migrated) and the server's own metrics.</summary>
internal static class Health
{
    public static IResult Live() => Results.Text("ok\n");

    public static async Task<IResult> Ready(Databases databases, IEnumerable<IMigrationSource> sources, TimeProvider clock, CancellationToken ct)
    {
        var checks = new List<HealthCheck>();
        foreach (var database in new[] { databases.Config, databases.History })
        {
            var name = database.Role == DatabaseRole.Config ? "configDatabase" : "historyDatabase";
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                var pending = await new MigrationRunner(database, sources, clock).PendingAsync(timeout.Token);
                checks.Add(pending.Count == 0
                    ? new HealthCheck(name, true, null)
                    : new HealthCheck(name, false, $"{pending.Count} migration(s) not applied, first: {pending[0].Module} v{pending[0].Version}"));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                checks.Add(new HealthCheck(name, false, $"{database.Describe()} unreachable: {ex.GetType().Name}: {ex.Message}"));
            }
        }

        var ok = checks.All(c => c.Ok);
        return Results.Json(new Readiness(ok ? "ready" : "not_ready", checks), statusCode: ok ? 200 : 503);
    }

    public static IResult Metrics(MetricsRegistry metrics) =>
        Results.Text(metrics.Render(), "text/plain; version=0.0.4; charset=utf-8");

    public static void RegisterRuntimeGauges(MetricsRegistry metrics)
    {
        var process = System.Diagnostics.Process.GetCurrentProcess();
        var started = process.StartTime.ToUniversalTime();
        metrics.Gauge("process_resident_memory_bytes", "Resident memory.", () => { process.Refresh(); return process.WorkingSet64; });
        metrics.Gauge("process_start_time_seconds", "Start time since the Unix epoch.", () => new DateTimeOffset(started).ToUnixTimeSeconds());
        metrics.Gauge("dotnet_gc_heap_size_bytes", "Managed heap size.", () => GC.GetTotalMemory(false));
        metrics.Gauge("dotnet_gc_collections_total", "GC collections by generation.",
            () => Enumerable.Range(0, GC.MaxGeneration + 1).Select(g => (new[] { g.ToString(System.Globalization.CultureInfo.InvariantCulture) }, (double)GC.CollectionCount(g))), "generation");
        metrics.Gauge("dotnet_gc_allocated_bytes_total", "Bytes allocated on the managed heap since start.", () => GC.GetTotalAllocatedBytes());
        metrics.Gauge("dotnet_gc_pause_seconds_total", "Time the runtime was paused for garbage collection since start.", () => GC.GetTotalPauseDuration().TotalSeconds);
        metrics.Gauge("dotnet_threadpool_threads", "Thread-pool threads.", () => ThreadPool.ThreadCount);
        metrics.Gauge("hospitalops_db_connections_in_use", "Database connections currently open, by database.",
            () => DatabaseMetrics.InUse(), "database");
        metrics.Gauge("hospitalops_db_connections_opened_total", "Database connections opened since start, by database.",
            () => DatabaseMetrics.Opened(), "database");
    }
}
