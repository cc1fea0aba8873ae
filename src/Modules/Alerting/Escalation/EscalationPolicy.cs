using System.Text.Json;
using HospitalOps.Kernel.Data;

namespace HospitalOps.Alerting.Escalation;

/// <summary>
/// One level of escalation: <see cref="AfterMinutes"/> after the first notification, if nobody has acknowledged, the
/// named users and whoever is on duty in <see cref="ScheduleId"/> are notified through <see cref="Channels"/>.
/// </summary>
public sealed record EscalationStep(int AfterMinutes, IReadOnlyList<string>? Users, long? ScheduleId, IReadOnlyList<long> Channels);

/// <summary>Levels in order; the last is repeated every <see cref="RepeatMinutes"/> until the event is acknowledged or resolved.</summary>
public sealed record SaveEscalationPolicyRequest(string? Name, IReadOnlyList<EscalationStep>? Steps, int? RepeatMinutes, int? Version);

public sealed record EscalationPolicyDto(long Id, string Name, IReadOnlyList<EscalationStep> Steps, int? RepeatMinutes, DateTimeOffset UpdatedAt, int Version);

internal sealed record EscalationPolicyRow
{
    public const string Columns = "id AS Id, name AS Name, steps AS Steps, repeat_minutes AS RepeatMinutes, updated_at AS UpdatedAt, version AS Version";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public long Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public string Steps { get; init; } = "[]";

    public int? RepeatMinutes { get; init; }

    public long UpdatedAt { get; init; }

    public int Version { get; init; }

    public IReadOnlyList<EscalationStep> StepList => StepsOf(Steps);

    public static IReadOnlyList<EscalationStep> StepsOf(string json) => JsonSerializer.Deserialize<List<EscalationStep>>(json, Json) ?? [];

    public EscalationPolicyDto ToDto() => new(Id, Name, StepList, RepeatMinutes, UnixMs.ToTime(UpdatedAt), Version);
}
