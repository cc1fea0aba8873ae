using System.Text.Json;
using HospitalOps.Kernel.Data;

namespace HospitalOps.Alerting.OnCall;

/// <summary>Someone else on duty from <see cref="From"/> to <see cref="To"/> (a swap, sick leave): wins over the rotation.</summary>
public sealed record OnCallOverride(DateTimeOffset From, DateTimeOffset To, string User, string? Reason);

/// <summary>
/// An on-call roster (值班表): <see cref="Participants"/> take turns of <see cref="RotationDays"/> days, handing over at
/// <see cref="Handover"/> local time, counted from <see cref="AnchorDate"/> (the first participant's first shift). On
/// the <see cref="Holidays"/> (dates, as the hospital's calendar has them) the <see cref="HolidayParticipants"/> take
/// turns instead, one holiday each; overrides win over both.
/// </summary>
public sealed record SaveOnCallScheduleRequest(
    string? Name,
    IReadOnlyList<string>? Participants,
    int? RotationDays,
    string? Handover,
    DateOnly? AnchorDate,
    IReadOnlyList<string>? HolidayParticipants,
    IReadOnlyList<DateOnly>? Holidays,
    IReadOnlyList<OnCallOverride>? Overrides,
    int? Version);

public sealed record OnCallScheduleDto(
    long Id,
    string Name,
    IReadOnlyList<string> Participants,
    int RotationDays,
    string Handover,
    DateOnly AnchorDate,
    IReadOnlyList<string> HolidayParticipants,
    IReadOnlyList<DateOnly> Holidays,
    IReadOnlyList<OnCallOverride> Overrides,
    string? OnDutyNow,
    DateTimeOffset UpdatedAt,
    int Version);

internal sealed record OnCallScheduleRow
{
    public const string Columns =
        "id AS Id, name AS Name, participants AS Participants, rotation_days AS RotationDays, handover AS Handover, anchor_date AS AnchorDate, " +
        "holiday_participants AS HolidayParticipants, holidays AS Holidays, overrides AS Overrides, updated_at AS UpdatedAt, version AS Version";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public long Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public string Participants { get; init; } = "[]";

    public int RotationDays { get; init; }

    public string Handover { get; init; } = "08:00";

    public string AnchorDate { get; init; } = "2026-01-01";

    public string HolidayParticipants { get; init; } = "[]";

    public string Holidays { get; init; } = "[]";

    public string Overrides { get; init; } = "[]";

    public long UpdatedAt { get; init; }

    public int Version { get; init; }

    public OnCallRoster Roster => new(
        JsonSerializer.Deserialize<List<string>>(Participants, Json) ?? [],
        RotationDays,
        Notifications.Routing.RouteMatcher.ParseTime(Handover) ?? TimeSpan.FromHours(8),
        DateOnly.ParseExact(AnchorDate, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        JsonSerializer.Deserialize<List<string>>(HolidayParticipants, Json) ?? [],
        (JsonSerializer.Deserialize<List<DateOnly>>(Holidays, Json) ?? []).Order().ToList(),
        JsonSerializer.Deserialize<List<OnCallOverride>>(Overrides, Json) ?? []);

    public OnCallScheduleDto ToDto(DateTimeOffset now, TimeZoneInfo zone)
    {
        var roster = Roster;
        return new OnCallScheduleDto(Id, Name, roster.Participants, RotationDays, Handover, roster.AnchorDate, roster.HolidayParticipants, roster.Holidays, roster.Overrides,
            roster.OnDuty(now, zone)?.User, UnixMs.ToTime(UpdatedAt), Version);
    }
}
