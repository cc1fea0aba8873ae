namespace HospitalOps.Monitoring.Collectors.Ntp;

/// <summary>The two leap bits of an NTP header (RFC 5905 figure 9).</summary>
internal enum NtpLeapIndicator
{
    NoWarning = 0,
    LastMinuteHas61Seconds = 1,
    LastMinuteHas59Seconds = 2,
    Unsynchronised = 3,
}
