namespace HospitalOps.Monitoring;

/// <summary>Settings of monitoring (section <c>Monitoring</c>); the history store has its own (<c>Monitoring:History</c>).</summary>
public sealed class MonitoringOptions
{
    /// <summary>Collect on a schedule. Off only for tests that drive collections themselves.</summary>
    public bool SchedulerEnabled { get; set; } = true;

    /// <summary>Whether the demo hospital's series go on being generated after it is loaded (only when the demo is loaded).</summary>
    public bool DemoFeedEnabled { get; set; } = true;

    /// <summary>Largest exposition body accepted, after decompression.</summary>
    public int MaxScrapeBodyBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Most series one collection may report (a target's own setting <c>sampleLimit</c> overrides it); beyond it the collection fails.</summary>
    public int SampleLimit { get; set; } = 60_000;

    /// <summary>How long a node's lease lasts without renewal: a dead node's targets move to the others after this.</summary>
    public int NodeLeaseSeconds { get; set; } = 30;

    /// <summary>Where administrators put ADO.NET drivers for Oracle, SQL Server, DM, KingbaseES.</summary>
    public string? DriverFolder { get; set; }
}
