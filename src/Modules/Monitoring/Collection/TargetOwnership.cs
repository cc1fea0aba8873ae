using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Monitoring.History;

namespace HospitalOps.Monitoring.Collection;

/// <summary>
/// Shares the targets among the nodes that use the same databases. Each node keeps a lease
/// (<c>monitoring-node:NAME</c>) alive in the configuration database; every target belongs to
/// the live node with the highest hash of (node, target) — rendezvous hashing, so when a node
/// joins or dies only its share moves. The new owner restores the target's head from its
/// flushed row.
/// </summary>
internal sealed class TargetOwnership(Databases databases, NodeIdentity node, TimeProvider clock, MonitoringOptions options)
{
    private const string Prefix = "monitoring-node:";

    public string Self => node.Name;

    public TimeSpan LeaseTime => TimeSpan.FromSeconds(Math.Clamp(options.NodeLeaseSeconds, 2, 600));

    /// <summary>The live nodes as of the last heartbeat (this node alone until the first).</summary>
    public IReadOnlyList<string> LiveNodes { get; private set; } = [node.Name];

    /// <summary>Renews this node's lease and reads which nodes are alive.</summary>
    public async Task<IReadOnlyList<string>> HeartbeatAsync(CancellationToken ct)
    {
        var now = UnixMs.Now(clock);
        await using var connection = await databases.Config.OpenAsync(ct);
        await using (var tx = await Database.BeginWriteAsync(connection, ct))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO leases (name, holder, expires_at) VALUES (@name, @holder, @expires)
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                """,
                new { name = Prefix + node.Name, holder = node.Name, expires = now + (long)LeaseTime.TotalMilliseconds }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
        }

        var live = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT holder FROM leases WHERE name LIKE @prefix AND expires_at > @now ORDER BY holder",
            new { prefix = Prefix + "%", now }, cancellationToken: ct))).ToList();
        if (!live.Contains(node.Name, StringComparer.Ordinal))
        {
            live.Add(node.Name);
        }

        LiveNodes = live;
        return live;
    }

    /// <summary>Gives the share back at once on a clean shutdown.</summary>
    public async Task ReleaseAsync(CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM leases WHERE name = @name", new { name = Prefix + node.Name }, cancellationToken: ct));
    }

    public bool OwnedHere(long targetId) => Owner(LiveNodes, targetId) == node.Name;

    public static string Owner(IReadOnlyList<string> live, long targetId)
    {
        var best = live[0];
        var bestScore = 0UL;
        foreach (var candidate in live)
        {
            var score = Score(candidate, targetId);
            if (score > bestScore || (score == bestScore && string.CompareOrdinal(candidate, best) < 0))
            {
                best = candidate;
                bestScore = score;
            }
        }

        return best;
    }

    private static ulong Score(string nodeName, long targetId)
    {
        var hash = 14695981039346656037UL;
        foreach (var ch in nodeName)
        {
            hash = (hash ^ ch) * 1099511628211UL;
        }

        hash ^= (ulong)targetId;
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53UL;
        hash ^= hash >> 33;
        return hash;
    }
}
