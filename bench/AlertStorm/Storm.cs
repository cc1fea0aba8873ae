using System.Globalization;
using System.Text;
using System.Text.Json;

namespace HospitalOps.Bench.AlertStorm;

internal sealed record StormOptions(
    string System,
    string Label,
    Uri Target,
    string? Token,
    int ReceiverPort,
    string OutDir,
    int ServerPid,
    int DatabasePid,
    string? HopsDb,
    int Concurrency,
    TimeSpan Timeout,
    TimeSpan Drain,
    TimeSpan Settle);

/// <summary>
/// One system's storm: receiver up, posts built, sent on schedule while a sampler records progress and CPU every second,
/// then the drain (until every alert is notified or planned), then the facts: nothing dropped, no duplicates, latencies.
/// </summary>
internal static class Storm
{
    private sealed record Snapshot(double At, double ServerCpu, double DatabaseCpu, double ClientCpu, double MachineBusy, double MachineTotal);

    public static async Task<int> RunAsync(StormPlan plan, StormOptions o)
    {
        Directory.CreateDirectory(o.OutDir);
        var hops = o.HopsDb is { } db ? new HopsStore(db) : null;
        await using var receiver = new Receiver(o.ReceiverPort, plan.Keys, plan.NameCount);
        await receiver.StartAsync();

        // Bodies are built before the storm (so the generator's own work does not pace the sending), with startsAt and
        // endsAt relative to a start time far enough ahead.
        byte[][] bodies;
        double t0;
        while (true)
        {
            t0 = Math.Ceiling(Clock.NowMs() / 1000) * 1000 + 3000 + plan.Posts.Length * 8;
            bodies = new byte[plan.Posts.Length][];
            var start = t0;
            Parallel.For(0, bodies.Length, p => bodies[p] = plan.Body(p, start));
            if (Clock.NowMs() < t0 - 1000)
            {
                break;
            }
        }

        Console.Error.WriteLine($"{o.Label}: {plan.Posts.Length} posts of {plan.PostSize} ({bodies.Sum(b => (long)b.Length) / 1048576.0:F0} MiB), " +
            $"{plan.Keys:N0} distinct alerts, starting at {DateTimeOffset.FromUnixTimeMilliseconds((long)t0):HH:mm:ss} UTC; load average {Probes.LoadAverage()}");
        var loadBefore = Probes.LoadAverage();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        while (Clock.NowMs() < t0 - 50)
        {
            await Task.Delay(10);
        }

        var timeline = new StringBuilder("t_s\tserver_cores\tclient_cores\tmachine_busy_cores\tserver_rss_mib\tserver_threads\tevents_or_notified\toutbox_or_notifications\tpending_notices\tsent\n");
        var before = Snap(o);
        using var stop = new CancellationTokenSource();
        var rssPeak = 0.0;
        var sampler = Task.Run(async () =>
        {
            var last = before;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(1000, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                var now = Snap(o);
                var (rss, _) = o.ServerPid > 0 ? Probes.Memory(o.ServerPid) : (double.NaN, double.NaN);
                rssPeak = Math.Max(rssPeak, double.IsNaN(rss) ? 0 : rss);
                var dt = (now.At - last.At) / 1000;
                string progress;
                if (hops is not null)
                {
                    try
                    {
                        var (events, outbox, pending, sent) = await hops.ProgressAsync();
                        progress = $"{events}\t{outbox}\t{pending}\t{sent}";
                    }
                    catch (Exception ex) when (ex is System.Data.Common.DbException)
                    {
                        progress = "\t\t\t";
                    }
                }
                else
                {
                    progress = $"{receiver.Seen}\t{receiver.NotificationCount}\t\t";
                }

                timeline.Append(CultureInfo.InvariantCulture, $"{(now.At - t0) / 1000:F1}\t{(now.ServerCpu - last.ServerCpu) / dt:F2}\t{(now.ClientCpu - last.ClientCpu) / dt:F2}\t")
                    .Append(CultureInfo.InvariantCulture, $"{(now.MachineBusy - last.MachineBusy) / dt:F2}\t{rss:F0}\t{(o.ServerPid > 0 ? Probes.Threads(o.ServerPid) : 0)}\t{progress}\n");
                last = now;
            }
        });

        var results = await new Sender(plan, o.Target, o.Token, o.Concurrency, o.Timeout).RunAsync(bodies, t0, CancellationToken.None);
        var stormEnd = results.Max(r => r.End);
        var atStormEnd = Snap(o);
        var loadAtStormEnd = Probes.LoadAverage();
        Console.Error.WriteLine($"{o.Label}: storm sent in {(stormEnd - t0) / 1000:F1} s; {results.Count(r => r.Status is >= 200 and < 300)} of {results.Length} posts accepted; draining");

        // The drain: until everything is notified (Alertmanager) or planned (HospitalOps), or the drain time is up.
        var complete = false;
        var deadline = Clock.NowMs() + o.Drain.TotalMilliseconds;
        while (Clock.NowMs() < deadline)
        {
            if (hops is not null)
            {
                var (_, outbox, pending, _) = await hops.ProgressAsync();
                complete = outbox >= plan.Keys && pending == 0;
            }
            else
            {
                complete = receiver.Seen >= plan.Keys;
            }

            if (complete)
            {
                break;
            }

            await Task.Delay(250);
        }

        var drainEnd = Clock.NowMs();
        var atDrainEnd = Snap(o);
        // Late notifications (a second one for a group, a resolution) would show up now.
        await Task.Delay(o.Settle);
        await stop.CancelAsync();
        await sampler;
        var (rssEnd, rssHigh) = o.ServerPid > 0 ? Probes.Memory(o.ServerPid) : (double.NaN, double.NaN);

        var firstSend = new double[plan.Keys];
        for (var k = 0; k < plan.Keys; k++)
        {
            firstSend[k] = results[plan.FirstPost[k]].Start;
        }

        var s = new Dictionary<string, object?>
        {
            ["system"] = o.System,
            ["label"] = o.Label,
            ["started_utc"] = DateTimeOffset.FromUnixTimeMilliseconds((long)t0).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            ["load_before"] = loadBefore,
            ["load_storm_end"] = loadAtStormEnd,
            ["load_after"] = Probes.LoadAverage(),
            ["keys"] = plan.Keys,
            ["cis"] = plan.Cis,
            ["seconds"] = plan.Seconds,
            ["offered_rate"] = plan.Rate,
            ["post_size"] = plan.PostSize,
            ["concurrency"] = o.Concurrency,
            ["posts"] = results.Length,
            ["posts_ok"] = results.Count(r => r.Status is >= 200 and < 300),
            ["posts_failed"] = results.Count(r => r.Status is < 200 or >= 300),
            ["first_error"] = results.FirstOrDefault(r => r.Error is not null).Error,
            ["alerts_sent"] = results.Where(r => r.Status is >= 200 and < 300).Sum(_ => (long)plan.PostSize),
            ["storm_seconds"] = (stormEnd - t0) / 1000,
            ["achieved_rate"] = results.Where(r => r.Status is >= 200 and < 300).Sum(_ => (double)plan.PostSize) / ((stormEnd - t0) / 1000),
            ["alerts_sent_within_schedule"] = results.Count(r => r.End <= t0 + plan.Seconds * 1000.0 && r.Status is >= 200 and < 300) * (long)plan.PostSize,
            ["post_ms"] = Percentiles(results.Select(r => r.End - r.Start)),
            ["send_lag_ms"] = Percentiles(results.Select(r => r.Start - r.Due)),
            ["server_cpu_storm_cores"] = (atStormEnd.ServerCpu - before.ServerCpu) / ((atStormEnd.At - before.At) / 1000),
            ["server_cpu_storm_s"] = atStormEnd.ServerCpu - before.ServerCpu,
            ["server_cpu_drain_s"] = atDrainEnd.ServerCpu - atStormEnd.ServerCpu,
            ["database_cpu_storm_cores"] = (atStormEnd.DatabaseCpu - before.DatabaseCpu) / ((atStormEnd.At - before.At) / 1000),
            ["client_cpu_storm_cores"] = (atStormEnd.ClientCpu - before.ClientCpu) / ((atStormEnd.At - before.At) / 1000),
            ["machine_busy_storm_cores"] = (atStormEnd.MachineBusy - before.MachineBusy) / ((atStormEnd.At - before.At) / 1000),
            ["server_rss_end_mib"] = rssEnd,
            ["server_rss_peak_storm_mib"] = rssPeak,
            ["server_rss_hwm_mib"] = rssHigh,
            ["drain_complete"] = complete,
            ["drain_seconds"] = (drainEnd - stormEnd) / 1000,
            ["receiver_notifications"] = receiver.NotificationCount,
            ["receiver_alerts_named"] = receiver.Notifications.Sum(n => (long)n.Alerts),
            ["receiver_keys_seen"] = receiver.Seen,
            ["receiver_resolved"] = receiver.Resolved,
            ["receiver_unknown"] = receiver.Unknown,
        };

        if (hops is not null)
        {
            await HopsFactsAsync(plan, hops, firstSend, results, stormEnd, s);
        }
        else
        {
            var arrivals = receiver.FirstArrivals();
            var notified = Enumerable.Range(0, plan.Keys).Where(k => !double.IsNaN(arrivals[k])).ToList();
            s["missing"] = plan.Keys - notified.Count;
            s["latency_ms"] = Percentiles(notified.Select(k => arrivals[k] - firstSend[k]));
            s["latency_from_due_ms"] = Percentiles(notified.Select(k => arrivals[k] - results[plan.FirstPost[k]].Due));
            s["last_first_notification_after_storm_s"] = notified.Count == 0 ? null : (notified.Max(k => arrivals[k]) - stormEnd) / 1000;
            var firing = receiver.Notifications.Where(n => n.Firing > 0).ToList();
            s["alerts_per_notification"] = firing.Count == 0 ? null : firing.Average(n => (double)n.Alerts);
        }

        await File.WriteAllTextAsync(Path.Combine(o.OutDir, "summary.json"), JsonSerializer.Serialize(s, new JsonSerializerOptions { WriteIndented = true }));
        await File.WriteAllTextAsync(Path.Combine(o.OutDir, "timeline.tsv"), timeline.ToString());
        await File.WriteAllLinesAsync(Path.Combine(o.OutDir, "posts.tsv"), results.Select((r, p) => string.Create(CultureInfo.InvariantCulture,
            $"{p}\t{r.Due - t0:F1}\t{r.Start - t0:F1}\t{r.End - t0:F1}\t{r.Status}\t{r.Opened}\t{plan.NewInPost[p]}\t{r.Error}")).Prepend("post\tdue_ms\tstart_ms\tend_ms\tstatus\topened\tnew\terror"));
        Console.Error.WriteLine($"{o.Label}: done; drain {(complete ? "complete" : "NOT complete")} {(drainEnd - stormEnd) / 1000:F1} s after the storm");
        return 0;
    }

    private static async Task HopsFactsAsync(StormPlan plan, HopsStore hops, double[] firstSend, PostResult[] results, double stormEnd, Dictionary<string, object?> s)
    {
        var events = await hops.EventsAsync();
        var byKey = new List<StoredEvent>?[plan.Keys];
        var foreign = 0;
        foreach (var e in events)
        {
            if (StormPlan.KeyOf(e.Ci, e.AlertName, plan.NameCount) is { } k && k < plan.Keys)
            {
                (byKey[k] ??= []).Add(e);
            }
            else
            {
                foreign++;
            }
        }

        var single = Enumerable.Range(0, plan.Keys).Where(k => byKey[k] is { Count: 1 }).ToList();
        s["events"] = events.Count;
        s["events_foreign"] = foreign;
        s["missing"] = byKey.Count(l => l is null);
        s["duplicated"] = byKey.Count(l => l is { Count: > 1 });
        s["events_not_firing"] = events.Count(e => e.State != "firing");
        s["opened_reported_by_api"] = results.Sum(r => (long)r.Opened);
        s["outbox_firing_rows"] = events.Sum(e => e.OutboxRows);
        s["events_without_message"] = events.Count(e => e.OutboxAt is null);
        s["events_with_several_messages"] = events.Count(e => e.OutboxRows > 1);
        var planned = single.Where(k => byKey[k]![0].OutboxAt is not null).ToList();
        s["latency_ms"] = Percentiles(planned.Select(k => byKey[k]![0].OutboxAt!.Value - firstSend[k]));
        s["latency_from_due_ms"] = Percentiles(planned.Select(k => byKey[k]![0].OutboxAt!.Value - results[plan.FirstPost[k]].Due));
        s["ingest_latency_ms"] = Percentiles(single.Where(k => byKey[k]![0].OpenedAt is not null).Select(k => byKey[k]![0].OpenedAt!.Value - firstSend[k]));
        s["planning_latency_ms"] = Percentiles(planned.Where(k => byKey[k]![0].OpenedAt is not null).Select(k => (double)(byKey[k]![0].OutboxAt!.Value - byKey[k]![0].OpenedAt!.Value)));
        s["last_first_notification_after_storm_s"] = planned.Count == 0 ? null : (planned.Max(k => byKey[k]![0].OutboxAt!.Value) - stormEnd) / 1000;
        var (_, _, pending, sent) = await hops.ProgressAsync();
        s["pending_notices_at_end"] = pending;
        s["messages_sent_by_end"] = sent;
    }

    private static Snapshot Snap(StormOptions o)
    {
        var (busy, total) = Probes.Machine();
        return new Snapshot(Clock.NowMs(), o.ServerPid > 0 ? Probes.CpuSeconds(o.ServerPid) : double.NaN,
            o.DatabasePid > 0 ? Probes.TreeCpuSeconds(o.DatabasePid) : 0,
            System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, busy, total);
    }

    /// <summary>Count, p50, p95, p99, max (nearest rank), mean.</summary>
    internal static Dictionary<string, double>? Percentiles(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Dictionary<string, double>
        {
            ["n"] = sorted.Length,
            ["p50"] = At(50),
            ["p95"] = At(95),
            ["p99"] = At(99),
            ["max"] = sorted[^1],
            ["mean"] = sorted.Average(),
        };
    }
}
