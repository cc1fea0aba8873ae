using HospitalOps.Cmdb.Contracts;
using HospitalOps.Kernel.Data;
using HospitalOps.Monitoring.Targets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HospitalOps.Monitoring.Collection;

/// <summary>
/// Collects the enabled targets this node owns (<see cref="TargetOwnership"/>) on their interval.
/// Each target runs in its own loop at a fixed offset inside its interval (spread by id, so a
/// thousand 30-second targets do not all fire at :00); the list is reloaded when targets change
/// and at a third of the node lease (which renews the lease and notices nodes coming and going).
/// </summary>
internal sealed class CollectionScheduler(
    Databases databases,
    TargetRuntimes runtimes,
    CollectionRunner runner,
    TargetChanges changes,
    IServiceScopeFactory scopes,
    TargetOwnership ownership,
    IOptions<MonitoringOptions> options,
    TimeProvider clock,
    ILogger<CollectionScheduler> log) : BackgroundService
{
    private readonly Dictionary<long, (int Version, CancellationTokenSource Stop, Task Loop)> _loops = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SchedulerEnabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var changed = changes.Changed;
            try
            {
                await ReconcileAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "Loading monitoring targets failed; retrying");
            }

            try
            {
                await Task.WhenAny(changed, Task.Delay(ownership.LeaseTime / 3, stoppingToken));
            }
            catch (OperationCanceledException)
            {
            }
        }

        foreach (var (_, loop) in _loops)
        {
            await loop.Stop.CancelAsync();
        }

        await Task.WhenAll(_loops.Values.Select(l => l.Loop));
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        foreach (var id in _loops.Keys)
        {
            await runtimes.RemoveAsync(id, grace.Token);
        }

        try
        {
            await ownership.ReleaseAsync(grace.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogWarning(ex, "Releasing this node's monitoring lease failed; the others take over when it expires");
        }
    }

    private async Task ReconcileAsync(CancellationToken ct)
    {
        // Demo targets have generated history; their hosts do not exist.
        var live = await ownership.HeartbeatAsync(ct);
        var targets = (await TargetRow.EnabledAsync(databases, ct))
            .Where(t => runner.Supports(t.Kind) && t.SettingsObject.Bool("demo") != true && TargetOwnership.Owner(live, t.Id) == ownership.Self)
            .ToList();
        IReadOnlyDictionary<long, CiFacts> cis;
        await using (var scope = scopes.CreateAsyncScope())
        {
            cis = await scope.ServiceProvider.GetRequiredService<ICmdbDirectory>().FactsAsync(targets.Where(t => t.CiId is not null).Select(t => t.CiId!.Value).ToList(), ct);
        }

        var wanted = targets.ToDictionary(t => t.Id);
        foreach (var id in _loops.Keys.Where(id => !wanted.ContainsKey(id)).ToList())
        {
            await _loops[id].Stop.CancelAsync();
            await _loops[id].Loop;
            _loops.Remove(id);
            await runtimes.RemoveAsync(id, ct);
        }

        foreach (var target in targets)
        {
            var runtime = await runtimes.GetAsync(target, target.CiId is { } ciId ? cis.GetValueOrDefault(ciId) : null, ct);
            if (_loops.TryGetValue(target.Id, out var loop) && loop.Version == target.Version)
            {
                continue;
            }

            if (loop.Stop is not null)
            {
                await loop.Stop.CancelAsync();
                await loop.Loop;
            }

            var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            _loops[target.Id] = (target.Version, stop, Task.Run(() => RunLoopAsync(target.Id, target.IntervalMs, stop.Token), CancellationToken.None));
        }
    }

    private async Task RunLoopAsync(long targetId, int intervalMs, CancellationToken ct)
    {
        var offset = (long)((ulong)(targetId * 2654435761L) % (ulong)intervalMs);
        while (!ct.IsCancellationRequested)
        {
            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            var next = now - (now % intervalMs) + offset;
            if (next <= now)
            {
                next += intervalMs;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(next - now), ct);
                if (runtimes.Find(targetId) is { } runtime)
                {
                    await runner.RunAsync(runtime, ct, next);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                log.LogWarning(ex, "Collecting target {TargetId} failed", targetId);
            }
        }
    }
}
