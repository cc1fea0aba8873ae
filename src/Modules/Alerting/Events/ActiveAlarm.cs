using Dapper;
using HospitalOps.Kernel.Data;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Alerting.Events;

/// <summary>A critical event nobody has acknowledged yet, as the alarm banner shows it.</summary>
public sealed record AlarmEventDto(long Id, string Title, string? CiCode, DateTimeOffset FirstSeen);

/// <summary>What the sound-and-light alarm (声光告警) of every open page shows: how many, and the latest few.</summary>
public sealed record AlarmDto(int Count, IReadOnlyList<AlarmEventDto> Latest);

/// <summary>
/// The sound-and-light alarm: critical events that are firing and unacknowledged, neither in maintenance nor attached to a
/// root event (the root sounds for them). Every page polls it; it sounds until each is acknowledged.
/// </summary>
internal static class ActiveAlarm
{
    internal static async Task<IResult> Endpoint(Databases databases, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        const string Where = "state = 'firing' AND severity = 'critical' AND in_maintenance = @no AND parent_event_id IS NULL";
        var count = await connection.ExecuteScalarAsync<int>(new CommandDefinition($"SELECT COUNT(*) FROM alert_events WHERE {Where}", new { no = false }, cancellationToken: ct));
        var latest = count == 0
            ? []
            : (await connection.QueryAsync<(long Id, string Title, string? CiCode, long FirstSeen)>(new CommandDefinition(
                $"SELECT id, title, ci_code, first_seen FROM alert_events WHERE {Where} ORDER BY first_seen DESC, id DESC LIMIT 5", new { no = false }, cancellationToken: ct)))
                .Select(r => new AlarmEventDto(r.Id, r.Title, r.CiCode, UnixMs.ToTime(r.FirstSeen))).ToList();
        return Results.Ok(new AlarmDto(count, latest));
    }
}
