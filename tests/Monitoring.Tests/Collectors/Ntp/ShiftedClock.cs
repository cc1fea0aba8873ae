namespace HospitalOps.Monitoring.Tests.Collectors.Ntp;

/// <summary>The real clock moved by a fixed amount: what a host with a wrong clock sees.</summary>
internal sealed class ShiftedClock(TimeSpan shift) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
}
