using Dapper;
using HospitalOps.Kernel.Cluster;
using HospitalOps.Kernel.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HospitalOps.Alerting.Evaluation;

/// <summary>
/// Evaluates the rule groups this node owns, each at every multiple of its interval. Groups are shared among the nodes
/// by <see cref="NodeMembership"/> (role <c>alerting</c>); a slot is claimed in <c>alert_group_runs</c> before it is
/// evaluated, so even while ownership moves between nodes each group is evaluated once per slot.
/// </summary>
internal sealed class EvaluationScheduler(
    Databases databases,
    NodeIdentity node,
    RuleEvaluator evaluator,
    TimeProvider clock,
    AlertingOptions options,
    ILogger<EvaluationScheduler> log) : BackgroundService
{
    private readonly NodeMembership _members = new("alerting", databases, node, clock, TimeSpan.FromSeconds(Math.Clamp(options.NodeLeaseSeconds, 2, 600)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.EvaluationEnabled)
        {
            return;
        }

        var lastHeartbeat = long.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = UnixMs.Now(clock);
                if (now - lastHeartbeat >= (long)_members.LeaseTime.TotalMilliseconds / 3)
                {
                    await _members.HeartbeatAsync(stoppingToken);
                    lastHeartbeat = now;
                }

                foreach (var (group, intervalMs) in await GroupsAsync(stoppingToken))
                {
                    if (NodeMembership.Owner(_members.LiveNodes, GroupKey(group)) != _members.Self)
                    {
                        continue;
                    }

                    var slot = now - (now % intervalMs);
                    if (await ClaimAsync(group, slot, stoppingToken))
                    {
                        var run = await evaluator.EvaluateGroupAsync(group, slot, stoppingToken);
                        await RecordAsync(run, stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                log.LogError(ex, "Alert rule evaluation failed; retrying in a second");
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        try
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _members.ReleaseAsync(grace.Token);
        }
        catch (Exception ex)
        {
            log.LogWarning(ex, "Releasing this node's alerting lease failed; the others take over when it expires");
        }
    }

    private async Task<IReadOnlyList<(string Group, long IntervalMs)>> GroupsAsync(CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        return (await connection.QueryAsync<(string, long)>(new CommandDefinition(
            "SELECT group_name, MIN(interval_ms) FROM alert_rules WHERE enabled = @yes GROUP BY group_name ORDER BY group_name",
            new { yes = true }, cancellationToken: ct))).ToList();
    }

    /// <summary>True when this node took the slot (no node evaluated the group at or after it).</summary>
    internal async Task<bool> ClaimAsync(string group, long slot, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var claimed = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO alert_group_runs (group_name, slot_at, node) VALUES (@group, @slot, @node)
            ON CONFLICT (group_name) DO UPDATE SET slot_at = excluded.slot_at, node = excluded.node WHERE alert_group_runs.slot_at < excluded.slot_at
            """,
            new { group, slot, node = _members.Self }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return claimed > 0;
    }

    private async Task RecordAsync(GroupRun run, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE alert_group_runs SET duration_ms = @DurationMs, rules = @Rules, failed = @Failed WHERE group_name = @Group AND slot_at = @At",
            run, cancellationToken: ct));
    }

    /// <summary>A group's place in the rendezvous hash: FNV-1a of its name.</summary>
    internal static long GroupKey(string group)
    {
        var hash = 14695981039346656037UL;
        foreach (var ch in group)
        {
            hash = (hash ^ ch) * 1099511628211UL;
        }

        return (long)hash;
    }
}
