namespace HospitalOps.Cmdb.Availability;

/// <summary>
/// A CI as the engine sees it. <paramref name="MinMembers"/> matters only for nodes that have members
/// (clusters, resource pools): such a node is up while at least that many of its members are available.
/// </summary>
internal sealed record GraphNode(long Id, string Type, string Name, bool IsBusiness, int MinMembers = 1);
