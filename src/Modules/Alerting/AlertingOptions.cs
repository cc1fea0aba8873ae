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

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}
