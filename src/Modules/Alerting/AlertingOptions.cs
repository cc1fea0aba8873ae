namespace HospitalOps.Alerting;

/// <summary>Settings under <c>Alerting</c>.</summary>
public sealed class AlertingOptions
{
    /// <summary>Whether this node evaluates rules in the background (tests drive evaluation themselves).</summary>
    public bool EvaluationEnabled { get; set; } = true;

    /// <summary>How long a node's share of the rule groups is kept without a heartbeat.</summary>
    public int NodeLeaseSeconds { get; set; } = 30;
}
