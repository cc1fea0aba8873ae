using Dapper;
using HospitalOps.Cmdb.Contracts;
using HospitalOps.Kernel.Data;
using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.Targets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HospitalOps.Monitoring.Discovery;

/// <summary>
/// Records what a host exporter reports in the CMDB: creates or updates the target's
/// operating-system instance (its history shows the change under "discovery"), and links a
/// target that had no CI to it. At most once an hour per target, and at the first scrape.
/// </summary>
internal sealed class HostDiscovery(IServiceScopeFactory scopes, Databases databases, TargetChanges changes, TimeProvider clock, ILogger<HostDiscovery> log)
{
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);

    /// <summary>Whether this collection should look for host facts.</summary>
    public bool Due(TargetRuntime runtime) =>
        runtime.Target.Kind == "prometheus" && (runtime.Target.CiId is null || runtime.Target.SettingsObject.Bool("discover") == true)
        && (runtime.LastDiscovery is not { } last || clock.GetUtcNow() - last >= Every);

    public async Task RecordAsync(TargetRuntime runtime, DiscoveredHost host, CancellationToken ct)
    {
        runtime.LastDiscovery = clock.GetUtcNow();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var ci = await scope.ServiceProvider.GetRequiredService<ICmdbDirectory>().RecordDiscoveryAsync(host, "discovery", ct);
            if (runtime.Target.CiId is null)
            {
                await using var connection = await databases.Config.OpenAsync(ct);
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE monitoring_targets SET ci_id = @ci, version = version + 1, updated_at = @now WHERE id = @id AND ci_id IS NULL",
                    new { ci = ci.Id, id = runtime.Target.Id, now = UnixMs.Now(clock) }, cancellationToken: ct));
                changes.Signal();
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Discovery must never cost a collection; the next one tries again in an hour.
            var fields = ex is Kernel.Errors.AppProblem { FieldErrors: { } errors } ? string.Join(", ", errors.Select(e => e.Key + "=" + e.Value)) : string.Empty;
            log.LogWarning(ex, "Recording the host facts of target {TargetId} in the CMDB failed {Fields}", runtime.Target.Id, fields);
        }
    }
}
