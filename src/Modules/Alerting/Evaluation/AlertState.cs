namespace HospitalOps.Alerting.Evaluation;

/// <summary>The states of one alert (one result series of a rule): waiting out the rule's duration, firing, and the two ends.</summary>
internal static class AlertState
{
    public const string Inactive = "inactive";
    public const string Pending = "pending";
    public const string Firing = "firing";
    public const string Resolved = "resolved";
}

/// <summary>One alert as kept between evaluations.</summary>
internal sealed record StoredAlert(long RuleId, string Fingerprint, string Labels, string Annotations, string State, long ActiveSince, long? FiredAt, double? Value, long EvaluatedAt);

/// <summary>A change of an alert's state, kept as its history.</summary>
internal sealed record AlertTransition(long RuleId, string Fingerprint, string Labels, string From, string To, long At, double? Value);
