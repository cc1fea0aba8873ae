namespace HospitalOps.Cmdb.Availability;

/// <summary>A relation between two CIs; <paramref name="Mode"/> is read only for <see cref="EdgeKind.BacksUp"/> (missing means cold).</summary>
internal sealed record GraphEdge(long From, long To, EdgeKind Kind, StandbyMode? Mode = null);
