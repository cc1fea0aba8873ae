using System.Text.Json.Nodes;

namespace HospitalOps.Monitoring.Targets;

/// <summary>A monitoring target as the API shows it; secret values never appear, only which ones are set.</summary>
public sealed record TargetDto(
    long Id,
    long? CiId,
    string? CiName,
    string? CiType,
    string Kind,
    string Name,
    string Address,
    double IntervalSeconds,
    double TimeoutSeconds,
    bool Enabled,
    IReadOnlyDictionary<string, string> Labels,
    JsonObject Settings,
    IReadOnlyList<string> SecretsSet,
    TargetHealthDto Health,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version);

/// <summary>
/// How the target's collections went: state up, down or unknown (never collected), the last run,
/// the last success, and the last error in words (in the caller's language) with its code.
/// </summary>
public sealed record TargetHealthDto(
    string State,
    DateTimeOffset? LastRunAt,
    DateTimeOffset? LastSuccessAt,
    double? LastDurationMs,
    int? LastSamples,
    string? LastErrorCode,
    string? LastError,
    int ConsecutiveFailures);

/// <summary>Create or change a target. Secrets: a field left out keeps its stored value, an empty string clears it.</summary>
public sealed record SaveTargetRequest(
    long? CiId,
    string? Kind,
    string? Name,
    string? Address,
    double? IntervalSeconds,
    double? TimeoutSeconds,
    bool? Enabled,
    Dictionary<string, string>? Labels,
    JsonObject? Settings,
    Dictionary<string, string?>? Secrets,
    int? Version);
