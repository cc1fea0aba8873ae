namespace HospitalOps.Cmdb.Availability;

/// <summary>
/// A minimal set of CI self-failures that leaves the business system not available, ids ascending.
/// <paramref name="Result"/> is Recoverable when every way this set takes it down runs through a cold-standby primary.
/// </summary>
internal sealed record CutSet(IReadOnlyList<long> CiIds, CiState Result)
{
    public bool IsRecoverable => Result == CiState.Recoverable;
}
