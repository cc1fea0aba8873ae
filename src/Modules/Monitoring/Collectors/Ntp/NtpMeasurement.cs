namespace HospitalOps.Monitoring.Collectors.Ntp;

/// <summary>
/// What one NTP exchange found. <see cref="OffsetSeconds"/> is server clock minus local clock:
/// positive when the local clock is behind the server, negative when it is ahead.
/// </summary>
internal sealed record NtpMeasurement(
    double OffsetSeconds,
    double DelaySeconds,
    int Stratum,
    NtpLeapIndicator Leap,
    string ReferenceId,
    double RootDelaySeconds,
    double RootDispersionSeconds)
{
    /// <summary>
    /// The worst-case error of the server's time as seen from here (RFC 5905 root distance
    /// without the peer jitter, which one exchange cannot know): half the total round trip to
    /// the primary source plus the server's root dispersion.
    /// </summary>
    public double RootDistanceSeconds => (RootDelaySeconds + DelaySeconds) / 2 + RootDispersionSeconds;
}
