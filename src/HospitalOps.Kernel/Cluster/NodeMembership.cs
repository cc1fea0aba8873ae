using Dapper;
using HospitalOps.Kernel.Data;

namespace HospitalOps.Kernel.Cluster;

/// <summary>
/// The nodes taking part in one kind of shared work (collecting targets, evaluating alert rules). Each keeps a lease
/// (<c>ROLE-node:NAME</c>) alive in the configuration database; every work item belongs to the live node with the
/// highest hash of (node, item) — rendezvous hashing, so when a node joins or dies only its share moves.
/// </summary>
public sealed class NodeMembership(string role, Databases databases, NodeIdentity node, TimeProvider clock, TimeSpan leaseTime)
{
    private readonly string _prefix = role + "-node:";

    public string Self => node.Name;

    public TimeSpan LeaseTime => leaseTime;

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
                new { name = _prefix + node.Name, holder = node.Name, expires = now + (long)leaseTime.TotalMilliseconds }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
        }

        var live = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT holder FROM leases WHERE name LIKE @prefix AND expires_at > @now ORDER BY holder",
            new { prefix = _prefix + "%", now }, cancellationToken: ct))).ToList();
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
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM leases WHERE name = @name", new { name = _prefix + node.Name }, cancellationToken: ct));
    }

    public bool OwnedHere(long itemId) => Owner(LiveNodes, itemId) == node.Name;

    public static string Owner(IReadOnlyList<string> live, long itemId)
    {
        var best = live[0];
        var bestScore = 0UL;
        foreach (var candidate in live)
        {
            var score = Score(candidate, itemId);
            if (score > bestScore || (score == bestScore && string.CompareOrdinal(candidate, best) < 0))
            {
                best = candidate;
                bestScore = score;
            }
        }

        return best;
    }

    private static ulong Score(string nodeName, long itemId)
    {
        var hash = 14695981039346656037UL;
        foreach (var ch in nodeName)
        {
            hash = (hash ^ ch) * 1099511628211UL;
        }

        hash ^= (ulong)itemId;
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53UL;
        hash ^= hash >> 33;
        return hash;
    }
}
