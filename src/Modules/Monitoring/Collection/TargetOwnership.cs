using HospitalOps.Kernel.Cluster;
using HospitalOps.Kernel.Data;

namespace HospitalOps.Monitoring.Collection;

/// <summary>
/// Shares the targets among the nodes that use the same databases (<see cref="NodeMembership"/>, role
/// <c>monitoring</c>): every target belongs to one live node, and when a node joins or dies only its share moves.
/// The new owner restores the target's head from its flushed row.
/// </summary>
internal sealed class TargetOwnership(Databases databases, NodeIdentity node, TimeProvider clock, MonitoringOptions options)
{
    private readonly NodeMembership _members = new("monitoring", databases, node, clock, TimeSpan.FromSeconds(Math.Clamp(options.NodeLeaseSeconds, 2, 600)));

    public string Self => _members.Self;

    public TimeSpan LeaseTime => _members.LeaseTime;

    /// <summary>The live nodes as of the last heartbeat (this node alone until the first).</summary>
    public IReadOnlyList<string> LiveNodes => _members.LiveNodes;

    /// <summary>Renews this node's lease and reads which nodes are alive.</summary>
    public Task<IReadOnlyList<string>> HeartbeatAsync(CancellationToken ct) => _members.HeartbeatAsync(ct);

    /// <summary>Gives the share back at once on a clean shutdown.</summary>
    public Task ReleaseAsync(CancellationToken ct) => _members.ReleaseAsync(ct);

    public bool OwnedHere(long targetId) => _members.OwnedHere(targetId);

    public static string Owner(IReadOnlyList<string> live, long targetId) => NodeMembership.Owner(live, targetId);
}
