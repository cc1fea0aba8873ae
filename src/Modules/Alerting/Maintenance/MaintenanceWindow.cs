using System.Text.Json;
using HospitalOps.Kernel.Data;

namespace HospitalOps.Alerting.Maintenance;

/// <summary>
/// What a maintenance window covers; every part given must match (AND): CIs by code, CIs the CMDB selects (type,
/// business system, attributes), and alert labels equal to the given values.
/// </summary>
public sealed record MaintenanceScope(
    IReadOnlyList<string>? CiCodes,
    string? Type,
    long? BusinessId,
    IReadOnlyDictionary<string, string>? Attributes,
    IReadOnlyDictionary<string, string>? Labels)
{
    public bool UsesCmdb => Type is not null || BusinessId is not null || Attributes is { Count: > 0 };
}

/// <summary>
/// A maintenance window to create or change: one-off (<see cref="StartsAt"/> to <see cref="EndsAt"/>) or recurring
/// (<see cref="Cron"/> starts, each lasting <see cref="DurationMinutes"/>, optionally only between StartsAt and EndsAt).
/// </summary>
public sealed record SaveMaintenanceWindowRequest(
    string? Name,
    string? Reason,
    MaintenanceScope? Scope,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    string? Cron,
    int? DurationMinutes,
    bool? Enabled,
    int? Version);

public sealed record MaintenanceWindowDto(
    long Id,
    string Name,
    string? Reason,
    MaintenanceScope Scope,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    string? Cron,
    int? DurationMinutes,
    bool Enabled,
    string Source,
    string CreatedBy,
    bool ActiveNow,
    DateTimeOffset UpdatedAt,
    int Version);

internal sealed record MaintenanceWindowRow
{
    public const string Columns =
        "id AS Id, name AS Name, reason AS Reason, scope AS Scope, starts_at AS StartsAt, ends_at AS EndsAt, cron AS Cron, duration_ms AS DurationMs, " +
        "enabled AS Enabled, source AS Source, created_by AS CreatedBy, updated_at AS UpdatedAt, version AS Version";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public long Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public string? Reason { get; init; }

    public string Scope { get; init; } = "{}";

    public long? StartsAt { get; init; }

    public long? EndsAt { get; init; }

    public string? Cron { get; init; }

    public long? DurationMs { get; init; }

    public bool Enabled { get; init; }

    public string Source { get; init; } = "manual";

    public string CreatedBy { get; init; } = string.Empty;

    public long UpdatedAt { get; init; }

    public int Version { get; init; }

    public MaintenanceScope ScopeValue => JsonSerializer.Deserialize<MaintenanceScope>(Scope, Json)!;

    /// <summary>Whether the window is open at <paramref name="at"/> (Unix ms), recurring starts read in <paramref name="zone"/>.</summary>
    public bool IsOpenAt(long at, TimeZoneInfo zone)
    {
        if (!Enabled || (StartsAt is { } from && at < from))
        {
            return false;
        }

        if (Cron is null)
        {
            return EndsAt is { } to && at < to;
        }

        if (EndsAt is { } until && at >= until)
        {
            return false;
        }

        var local = TimeZoneInfo.ConvertTime(UnixMs.ToTime(at), zone).DateTime;
        var duration = TimeSpan.FromMilliseconds(DurationMs ?? 0);
        return CronSchedule.Parse(Cron).LatestStart(local, duration) is { } start && local < start + duration;
    }

    /// <summary>The periods this window is open that overlap [<paramref name="from"/>, <paramref name="to"/>), for the calendar.</summary>
    public IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Occurrences(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone, int limit)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (Cron is null)
        {
            if (StartsAt is { } start && EndsAt is { } end && UnixMs.ToTime(start) < to && UnixMs.ToTime(end) > from)
            {
                yield return (UnixMs.ToTime(start), UnixMs.ToTime(end));
            }

            yield break;
        }

        var duration = TimeSpan.FromMilliseconds(DurationMs ?? 0);
        var localFrom = TimeZoneInfo.ConvertTime(from - duration, zone).DateTime;
        var localTo = TimeZoneInfo.ConvertTime(to, zone).DateTime;
        foreach (var localStart in CronSchedule.Parse(Cron).Starts(localFrom, localTo, limit))
        {
            var begin = new DateTimeOffset(localStart, zone.GetUtcOffset(localStart));
            var end = begin + duration;
            if (StartsAt is { } bound && end.ToUnixTimeMilliseconds() <= bound || EndsAt is { } until && begin.ToUnixTimeMilliseconds() >= until || end <= from)
            {
                continue;
            }

            yield return (begin, end);
        }
    }

    public MaintenanceWindowDto ToDto(long now, TimeZoneInfo zone) => new(
        Id, Name, Reason, ScopeValue, UnixMs.ToTime(StartsAt), UnixMs.ToTime(EndsAt), Cron, DurationMs is { } ms ? (int)(ms / 60_000) : null,
        Enabled, Source, CreatedBy, IsOpenAt(now, zone), UnixMs.ToTime(UpdatedAt), Version);
}
