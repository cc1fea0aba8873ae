namespace HospitalOps.Cmdb.Availability;

internal enum FaultTreeGate
{
    /// <summary>A CI's own failure.</summary>
    BasicEvent,

    Or,

    And,

    /// <summary>True when at least <see cref="FaultTreeNode.Threshold"/> children are true (k-of-n).</summary>
    AtLeast,
}
