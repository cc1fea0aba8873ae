namespace HospitalOps.Monitoring.Collectors.Ntp;

/// <summary>Where and how to ask an NTP server for its time.</summary>
internal sealed record NtpProbeOptions(string Host, int Port = 123)
{
    /// <summary>How long to wait for each reply.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Exchanges per collection (1–8); the one with the smallest round-trip delay is kept.</summary>
    public int Queries { get; init; } = 1;

    /// <summary>Pause between exchanges; public servers answer RATE to clients that ask faster than every 2 s.</summary>
    public TimeSpan QueryInterval { get; init; } = TimeSpan.FromSeconds(2);
}
