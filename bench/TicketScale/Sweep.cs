using System.Diagnostics;
using System.Text.Json;
using Dapper;
using HospitalOps.Host.Platform;
using HospitalOps.Kernel.Data;
using HospitalOps.ServiceDesk.Sla;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Bench.TicketScale;

/// <summary>
/// <c>sweep</c>: the server's own <see cref="SlaSweeper"/>, built by the server's service container on the data directory and run
/// in-process in the order a server runs it: the first sweep of the process (every ticket not closed), then <c>--sweeps</c> sweeps
/// <c>--interval</c> seconds apart (the server's 15 s: only the tickets whose clocks turned colour or fell due meanwhile), then a
/// save of the public holidays (what the holiday page does to the revision every SLA calendar checks; the days stay as they are)
/// and the sweep after it (every ticket not closed again, in a warm process). The server must not be running: its own sweep would compete.
/// </summary>
internal static class Sweep
{
    private const string LeaseName = "servicedesk-sla-sweeper";
    private const string Holder = "ticket-scale-bench";

    public static async Task<int> RunAsync(Options o)
    {
        var sweeps = o.Int("--sweeps", 3);
        var interval = TimeSpan.FromSeconds(o.Int("--interval", 15));
        var app = PlatformHost.Build(Overrides(o));
        await PlatformStartup.PrepareAsync(app.Services, migrate: false, default);
        var databases = app.Services.GetRequiredService<Databases>();
        var sweeper = app.Services.GetRequiredService<SlaSweeper>();
        long tickets;
        await using (var c = await databases.Config.OpenAsync())
        {
            tickets = await c.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM sd_tickets WHERE state_category <> 'closed' AND sla_policy_id IS NOT NULL AND in_maintenance = @no", new { no = false });
        }

        var results = new List<Dictionary<string, object?>>();
        async Task RunOnceAsync(string when)
        {
            var load = Stats.LoadAverage();
            var machine0 = Stats.MachineCpu();
            var cpu0 = Stats.ProcessCpu(Environment.ProcessId);
            var sw = Stopwatch.StartNew();
            var outcome = await sweeper.SweepAsync(default);
            sw.Stop();
            var machine1 = Stats.MachineCpu();
            var cpu = (Stats.ProcessCpu(Environment.ProcessId) - cpu0) / 100.0;
            var busy = (machine1.Busy - machine0.Busy) / (double)(machine1.Total - machine0.Total) * Environment.ProcessorCount;
            Console.Error.WriteLine($"  SLA sweep, {when} ({(outcome.Everything ? "every ticket not closed" : "tickets whose clocks moved")}): {outcome.Recomputed:N0} of {tickets:N0} tickets recomputed in {sw.Elapsed.TotalMilliseconds:N0} ms, {outcome.Written:N0} written ({outcome.Changed:N0} changed colour or breached); CPU {cpu:0.0} s; load average {load}");
            results.Add(new Dictionary<string, object?>
            {
                ["when"] = when, ["ms"] = sw.Elapsed.TotalMilliseconds, ["everything"] = outcome.Everything, ["recomputed"] = outcome.Recomputed, ["written"] = outcome.Written,
                ["changed"] = outcome.Changed, ["cpu_s"] = cpu, ["machine_busy_cores"] = busy, ["load_before"] = load, ["load_after"] = Stats.LoadAverage(),
            });
        }

        await RunOnceAsync("start");
        for (var i = 0; i < sweeps; i++)
        {
            await Task.Delay(interval);
            await RunOnceAsync("periodic");
        }

        await using (var c = await databases.Config.OpenAsync())
        {
            await c.ExecuteAsync("UPDATE calendar_revisions SET revision = revision + 1 WHERE name = 'holidays'");
        }

        await RunOnceAsync("holidays saved");
        await app.DisposeAsync();
        await File.WriteAllTextAsync(o.Arg("--out"), JsonSerializer.Serialize(new Dictionary<string, object?> { ["tickets"] = tickets, ["runs"] = results },
            new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }

    /// <summary>Holds (or gives back) the sweep's lease under another node's name, so the running server's sweep stays idle.</summary>
    public static async Task<int> LeaseAsync(Options o, bool hold)
    {
        var app = PlatformHost.Build(Overrides(o));
        var databases = app.Services.GetRequiredService<Databases>();
        await using (var c = await databases.Config.OpenAsync())
        {
            if (hold)
            {
                await c.ExecuteAsync(
                    """
                    INSERT INTO leases (name, holder, expires_at) VALUES (@name, @holder, @expires)
                    ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                    """, new { name = LeaseName, holder = Holder, expires = DateTimeOffset.UtcNow.AddHours(6).ToUnixTimeMilliseconds() });
            }
            else
            {
                await c.ExecuteAsync("DELETE FROM leases WHERE name = @name AND holder = @holder", new { name = LeaseName, holder = Holder });
            }
        }

        await app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        return 0;
    }

    private static Dictionary<string, string?> Overrides(Options o)
    {
        var overrides = new Dictionary<string, string?> { ["DataDir"] = o.Arg("--data-dir"), ["Logging:LogLevel:Default"] = "Warning" };
        if (o.Opt("--config") is { } config)
        {
            overrides["ConnectionStrings:Config"] = config;
        }

        return overrides;
    }
}
