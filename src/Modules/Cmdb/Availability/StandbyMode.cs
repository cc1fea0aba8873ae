namespace HospitalOps.Cmdb.Availability;

internal enum StandbyMode
{
    Hot,
    Cold,
}
