using HospitalOps.Kernel.Cluster;
using System.Collections.Concurrent;
using System.Text.Json;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.History;

namespace HospitalOps.Monitoring.Health;

/// <summary>The outcome of one target's collections, as this node last saw it.</summary>
internal sealed record TargetHealth(
    long TargetId,
    string State,
    long? LastRunAt,
    long? LastSuccessAt,
    double? LastDurationMs,
    int? LastSamples,
    string? LastErrorCode,
    IReadOnlyDictionary<string, string>? LastErrorArgs,
    int ConsecutiveFailures);

/// <summary>
/// Health of the targets this node collects: kept in memory, written to the configuration
/// database in one batch every few seconds, so every node and the API see it.
/// </summary>
internal sealed class TargetHealthBook(Databases databases, TimeProvider clock, NodeIdentity node)
{
    private readonly ConcurrentDictionary<long, TargetHealth> _latest = new();
    private readonly ConcurrentDictionary<long, bool> _dirty = new();

    public void Record(long targetId, long runAt, double durationMs, int samples, CollectionFailure? failure)
    {
        _latest.AddOrUpdate(targetId,
            _ => Next(null),
            (_, previous) => Next(previous));
        _dirty[targetId] = true;

        TargetHealth Next(TargetHealth? previous) => failure is null
            ? new TargetHealth(targetId, "up", runAt, runAt, durationMs, samples, null, null, 0)
            : new TargetHealth(targetId, "down", runAt, previous?.LastSuccessAt, durationMs, samples, failure.Code, failure.Args, (previous?.ConsecutiveFailures ?? 0) + 1);
    }

    public TargetHealth? Local(long targetId) => _latest.GetValueOrDefault(targetId);

    public void Forget(long targetId)
    {
        _latest.TryRemove(targetId, out _);
        _dirty.TryRemove(targetId, out _);
    }

    public async Task PersistAsync(CancellationToken ct)
    {
        var ids = _dirty.Keys.ToList();
        if (ids.Count == 0)
        {
            return;
        }

        foreach (var id in ids)
        {
            _dirty.TryRemove(id, out _);
        }

        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var now = UnixMs.Now(clock);
        foreach (var id in ids)
        {
            if (!_latest.TryGetValue(id, out var h))
            {
                continue;
            }

            // A target deleted meanwhile has no row to attach health to; the insert finds nothing to select.
            await connection.ExecuteAsync(
                """
                INSERT INTO monitoring_target_health (target_id, state, last_run_at, last_success_at, last_duration_ms, last_samples, last_error_code, last_error_args, consecutive_failures, node, updated_at)
                SELECT @TargetId, @State, @LastRunAt, @LastSuccessAt, @LastDurationMs, @LastSamples, @LastErrorCode, @args, @ConsecutiveFailures, @node, @now
                WHERE EXISTS (SELECT 1 FROM monitoring_targets WHERE id = @TargetId)
                ON CONFLICT (target_id) DO UPDATE SET state = excluded.state, last_run_at = excluded.last_run_at, last_success_at = excluded.last_success_at,
                  last_duration_ms = excluded.last_duration_ms, last_samples = excluded.last_samples, last_error_code = excluded.last_error_code,
                  last_error_args = excluded.last_error_args, consecutive_failures = excluded.consecutive_failures, node = excluded.node, updated_at = excluded.updated_at
                """,
                new
                {
                    h.TargetId, h.State, h.LastRunAt, h.LastSuccessAt, h.LastDurationMs, h.LastSamples, h.LastErrorCode,
                    args = h.LastErrorArgs is null ? null : JsonSerializer.Serialize(h.LastErrorArgs), h.ConsecutiveFailures, node = node.Name, now,
                }, tx);
        }

        await tx.CommitAsync(ct);
    }
}
