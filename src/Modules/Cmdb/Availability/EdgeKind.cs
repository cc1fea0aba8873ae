namespace HospitalOps.Cmdb.Availability;

internal enum EdgeKind
{
    /// <summary>From needs To: From is down when To is unavailable (AND over all of From's needs).</summary>
    Needs,

    /// <summary>From is a member of the cluster To.</summary>
    MemberOf,

    /// <summary>From (standby) backs up To (primary), with a <see cref="StandbyMode"/>.</summary>
    BacksUp,
}
