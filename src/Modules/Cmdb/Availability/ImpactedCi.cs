namespace HospitalOps.Cmdb.Availability;

/// <summary>
/// A CI that is not fully up. <paramref name="Path"/> runs from a failed CI to this one. <paramref name="SwitchTo"/>
/// names the cold standbys whose manual switch-over brings it back: set on Recoverable CIs, and also on a down
/// primary whose role a cold standby can take over.
/// </summary>
internal sealed record ImpactedCi(long Id, CiState State, IReadOnlyList<long> Path, IReadOnlyList<long> SwitchTo, bool Failed, bool IsBusiness);
