using System.Text.Json;
using HospitalOps.Kernel.Data;

namespace HospitalOps.Alerting.Notifications.Routing;

/// <summary>
/// Which events a route takes; every part given must match (AND), an empty part matches all: severities, business
/// systems (by id), CI types, alert labels equal to the given values, and the hospital's local time of day.
/// </summary>
public sealed record RouteMatch(
    IReadOnlyList<string>? Severities,
    IReadOnlyList<long>? BusinessIds,
    IReadOnlyList<string>? CiTypes,
    IReadOnlyDictionary<string, string>? Labels,
    RouteHours? Hours);

/// <summary>
/// Local hours a route is active, e.g. 08:00–18:00 on days 1–5 (ISO weekdays, Monday = 1). <c>From</c> after
/// <c>To</c> spans midnight (18:00–08:00); a night belongs to the day it started on.
/// </summary>
public sealed record RouteHours(string From, string To, IReadOnlyList<int>? Days);

/// <summary>
/// A route to create or change. <see cref="ScheduleId"/> adds whoever is on duty to the message's recipients;
/// <see cref="EscalationPolicyId"/> says who hears next when nobody acknowledges.
/// </summary>
public sealed record SaveRouteRequest(
    string? Name,
    int? Position,
    RouteMatch? Match,
    IReadOnlyList<long>? Channels,
    long? ScheduleId,
    long? EscalationPolicyId,
    bool? NotifyResolved,
    bool? Stop,
    bool? Enabled,
    int? Version);

public sealed record RouteDto(
    long Id,
    string Name,
    int Position,
    RouteMatch Match,
    IReadOnlyList<long> Channels,
    long? ScheduleId,
    long? EscalationPolicyId,
    bool NotifyResolved,
    bool Stop,
    bool Enabled,
    DateTimeOffset UpdatedAt,
    int Version);

internal sealed record NotificationRoute
{
    public const string Columns =
        "id AS Id, name AS Name, position AS Position, match AS Match, channels AS Channels, schedule_id AS ScheduleId, escalation_policy_id AS EscalationPolicyId, " +
        "notify_resolved AS NotifyResolved, stop AS Stop, " +
        "enabled AS Enabled, updated_at AS UpdatedAt, version AS Version";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public long Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public int Position { get; init; }

    public string Match { get; init; } = "{}";

    public string Channels { get; init; } = "[]";

    public long? ScheduleId { get; init; }

    public long? EscalationPolicyId { get; init; }

    public bool NotifyResolved { get; init; }

    public bool Stop { get; init; }

    public bool Enabled { get; init; }

    public long UpdatedAt { get; init; }

    public int Version { get; init; }

    public RouteMatch MatchValue => JsonSerializer.Deserialize<RouteMatch>(Match, Json) ?? new RouteMatch(null, null, null, null, null);

    public IReadOnlyList<long> ChannelList => ChannelIds(Channels);

    public static IReadOnlyList<long> ChannelIds(string json) => JsonSerializer.Deserialize<List<long>>(json) ?? [];

    public RouteDto ToDto() => new(Id, Name, Position, MatchValue, ChannelList, ScheduleId, EscalationPolicyId, NotifyResolved, Stop, Enabled, UnixMs.ToTime(UpdatedAt), Version);
}
