namespace HospitalOps.Cmdb.Availability;

/// <summary>
/// One event of the tree; children are indices into <see cref="FaultTree.Nodes"/> and always smaller than
/// <paramref name="Index"/>. <paramref name="RecoverableVia"/> names cold standbys that recover this event by a switch.
/// </summary>
internal sealed record FaultTreeNode(
    int Index,
    FaultTreeGate Gate,
    long CiId,
    string Label,
    int Threshold,
    IReadOnlyList<int> Children,
    IReadOnlyList<long> RecoverableVia);
