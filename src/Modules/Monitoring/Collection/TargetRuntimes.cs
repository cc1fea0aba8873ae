using System.Collections.Concurrent;
using HospitalOps.Cmdb.Contracts;
using HospitalOps.Monitoring.History;
using HospitalOps.Monitoring.Targets;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Monitoring.Collection;

/// <summary>
/// The runtimes of the targets this node collects, built from the target row and its CI's facts
/// (for the automatic labels) and rebuilt when the target or its labels change.
/// </summary>
internal sealed class TargetRuntimes(HistoryStore store, Health.TargetHealthBook health, IServiceScopeFactory scopes)
{
    private readonly ConcurrentDictionary<long, TargetRuntime> _runtimes = new();

    public IReadOnlyCollection<TargetRuntime> All => (IReadOnlyCollection<TargetRuntime>)_runtimes.Values;

    public TargetRuntime? Find(long targetId) => _runtimes.GetValueOrDefault(targetId);

    /// <summary>The runtime for this version of the target, rebuilding it when the target or its labels changed.</summary>
    public async Task<TargetRuntime> GetAsync(TargetRow target, CiFacts? ci, CancellationToken ct)
    {
        var labels = TargetRuntime.LabelsFor(target, ci);
        if (_runtimes.TryGetValue(target.Id, out var current) && current.Target.Version == target.Version && current.Labels.SequenceEqual(labels))
        {
            return current;
        }

        var head = await store.OpenHeadAsync(target.Id, ct);
        var runtime = new TargetRuntime(target, labels, head);
        _runtimes[target.Id] = runtime;
        return runtime;
    }

    /// <summary>A runtime for a single collection outside the schedule (collect now), with CI labels resolved here.</summary>
    public async Task<TargetRuntime> ForTargetAsync(TargetRow target, CancellationToken ct) => await GetAsync(target, await CiOfAsync(target, ct), ct);

    /// <summary>The labels a target's series carry, without opening its head.</summary>
    public async Task<IReadOnlyList<Label>> LabelsForAsync(TargetRow target, CancellationToken ct) => TargetRuntime.LabelsFor(target, await CiOfAsync(target, ct));

    private async Task<CiFacts?> CiOfAsync(TargetRow target, CancellationToken ct)
    {
        if (target.CiId is not { } ciId)
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<ICmdbDirectory>().FactsAsync([ciId], ct)).GetValueOrDefault(ciId);
    }

    public async Task RemoveAsync(long targetId, CancellationToken ct)
    {
        if (_runtimes.TryRemove(targetId, out _))
        {
            await store.CloseHeadAsync(targetId, ct);
            await health.PersistAsync(ct);
            health.Forget(targetId);
        }
    }
}
