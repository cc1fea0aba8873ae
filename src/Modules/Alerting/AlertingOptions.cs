namespace HospitalOps.Alerting;

/// <summary>Settings under <c>Alerting</c>.</summary>
public sealed class AlertingOptions
{
    /// <summary>Whether this node evaluates rules in the background (tests drive evaluation themselves).</summary>
    public bool EvaluationEnabled { get; set; } = true;

    /// <summary>How long a node's share of the rule groups is kept without a heartbeat.</summary>
    public int NodeLeaseSeconds { get; set; } = 30;

    /// <summary>The time zone recurring maintenance windows are read in (the hospital's wall clock).</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>When set, the only hosts notification channels may reach (names, or "*.domain").</summary>
    public string[]? NotificationHosts { get; set; }

    /// <summary>Whether this node delivers queued notifications in the background (tests drive delivery themselves).</summary>
    public bool DeliveryEnabled { get; set; } = true;

    /// <summary>The address engineers open the platform at, for links in notifications (e.g. https://ops.hospital.local).</summary>
    public string? PublicUrl { get; set; }

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}
