using HospitalOps.Alerting.Rules;
using HospitalOps.Cmdb.Contracts;
using HospitalOps.Kernel.Data;

namespace HospitalOps.Alerting.Events;

internal sealed record AlertEventRow
{
    public long Id { get; init; }

    public string Fingerprint { get; init; } = string.Empty;

    public long? RuleId { get; init; }

    public string Source { get; init; } = string.Empty;

    public string Title { get; init; } = string.Empty;

    public string Severity { get; init; } = string.Empty;

    public string Labels { get; init; } = string.Empty;

    public string Annotations { get; init; } = string.Empty;

    public string? CiCode { get; init; }

    public string State { get; init; } = string.Empty;

    public double? Value { get; init; }

    public long FirstSeen { get; init; }

    public long LastSeen { get; init; }

    public int FireCount { get; init; }

    public string? AcknowledgedBy { get; init; }

    public long? AcknowledgedAt { get; init; }

    public long? ResolvedAt { get; init; }

    public bool InMaintenance { get; init; }

    public long? MaintenanceWindowId { get; init; }

    public bool Flapping { get; init; }

    public long? ParentEventId { get; init; }

    public int ChildCount { get; init; }

    public int Version { get; init; }

    public const string Columns =
        "id AS Id, fingerprint AS Fingerprint, rule_id AS RuleId, source AS Source, title AS Title, severity AS Severity, labels AS Labels, " +
        "annotations AS Annotations, ci_code AS CiCode, state AS State, value AS Value, first_seen AS FirstSeen, last_seen AS LastSeen, " +
        "fire_count AS FireCount, acknowledged_by AS AcknowledgedBy, acknowledged_at AS AcknowledgedAt, resolved_at AS ResolvedAt, " +
        "in_maintenance AS InMaintenance, maintenance_window_id AS MaintenanceWindowId, flapping AS Flapping, parent_event_id AS ParentEventId, " +
        "(SELECT COUNT(*) FROM alert_events c WHERE c.parent_event_id = alert_events.id) AS ChildCount, version AS Version";

    public AlertEventDto ToDto() => new(
        Id, Fingerprint, RuleId, Source, Title, Severity, AlertRuleRow.Parse(Labels), AlertRuleRow.Parse(Annotations), CiCode, State, Value,
        UnixMs.ToTime(FirstSeen), UnixMs.ToTime(LastSeen), FireCount, AcknowledgedBy, UnixMs.ToTime(AcknowledgedAt), UnixMs.ToTime(ResolvedAt), InMaintenance, MaintenanceWindowId, Flapping, ParentEventId, ChildCount, Version);
}

/// <summary>
/// An event (事态): an alert as it is tracked and handled, from first firing to resolution. <see cref="BusinessSystems"/>
/// are those its CI serves, by the CMDB, where the answer looked them up (the event list and a single event); null inside
/// other answers.
/// </summary>
public sealed record AlertEventDto(
    long Id,
    string Fingerprint,
    long? RuleId,
    string Source,
    string Title,
    string Severity,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    string? CiCode,
    string State,
    double? Value,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    int FireCount,
    string? AcknowledgedBy,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? ResolvedAt,
    bool InMaintenance,
    long? MaintenanceWindowId,
    bool Flapping,
    long? ParentEventId,
    int ChildCount,
    int Version,
    IReadOnlyList<BusinessRef>? BusinessSystems = null);
