namespace HospitalOps.Alerting.Contracts;

/// <summary>The events alerting publishes to other modules (through the platform's outbox), as JSON in these shapes.</summary>
public static class AlertingEvents
{
    /// <summary>An alert event (事态) reached people, was attached to another, resolved or escalated: <see cref="AlertEventNotice"/>.</summary>
    public const string EventNotice = "alerting.event";

    /// <summary>The event was notified on its own: a problem someone must handle.</summary>
    public const string Opened = "opened";

    /// <summary>The event is explained by another one's (<see cref="AlertEventNotice.RootEventId"/>): its CI is down because that CI is.</summary>
    public const string Attached = "attached";

    public const string Resolved = "resolved";

    /// <summary>Nobody acknowledged it in time: the escalation policy's next level was told.</summary>
    public const string Escalated = "escalated";
}

/// <summary>What happened to an alert event, with what another module needs to act on it without reading alerting's tables.</summary>
/// <param name="Severity"><c>critical</c>, <c>major</c>, <c>minor</c> or <c>info</c>.</param>
/// <param name="CiCode">The CMDB code of the CI the event concerns, when it names one.</param>
/// <param name="ChartQuery">A PromQL query that charts the signal behind the event, when there is one.</param>
public sealed record AlertEventNotice(
    long EventId,
    string Change,
    long? RootEventId,
    string Title,
    string Severity,
    string? CiCode,
    double? Value,
    DateTimeOffset FirstSeen,
    DateTimeOffset At,
    IReadOnlyDictionary<string, string> Labels,
    string? ChartQuery,
    string? Detail);
