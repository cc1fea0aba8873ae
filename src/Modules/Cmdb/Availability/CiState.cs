namespace HospitalOps.Cmdb.Availability;

/// <summary>Ordered from best to worst so that "worse" is a plain comparison.</summary>
internal enum CiState : byte
{
    Up = 0,

    /// <summary>Down, but brought back by switching to a cold standby by hand.</summary>
    Recoverable = 1,

    Down = 2,
}
