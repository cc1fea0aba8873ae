using System.Data.Common;
using Dapper;
using HospitalOps.Alerting.Evaluation;

namespace HospitalOps.Alerting.Events;

/// <summary>
/// Turns alert changes into events (事态): one open event per fingerprint, however many evaluations see it firing;
/// it records when it was first and last seen, how often it fired, who acknowledged it, and when it resolved.
/// </summary>
internal static class EventBook
{
    public const string Firing = "firing";
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";

    private const string Open = "state IN ('firing', 'acknowledged')";

    /// <summary>An alert that fired this often within <see cref="FlapWindowMs"/> is flapping.</summary>
    public const int FlapFirings = 3;

    public const long FlapWindowMs = 60 * 60_000;

    /// <summary>
    /// Writes the events of an evaluation. An alert that fires or keeps firing inside a maintenance window
    /// (<paramref name="maintenance"/>) marks its event "in maintenance", and the mark stays: it happened during the work.
    /// </summary>
    public static async Task ApplyAsync(DbConnection connection, DbTransaction tx, RuleOutcome outcome, Maintenance.MaintenanceCover maintenance, CancellationToken ct)
    {
        foreach (var fired in outcome.Fired)
        {
            var annotations = CompiledRule.Json(fired.Annotations);
            var window = maintenance.WindowFor(fired.Labels);
            var updated = await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE alert_events SET last_seen = @At, value = @Value, annotations = @annotations, fire_count = fire_count + 1, version = version + 1 WHERE fingerprint = @Fingerprint AND {Open}",
                new { fired.At, fired.Value, annotations, fired.Fingerprint }, tx, cancellationToken: ct));
            await MarkMaintenanceAsync(connection, tx, fired.Fingerprint, window, ct);
            if (updated > 0)
            {
                continue;
            }

            if (await ReopenIfFlappingAsync(connection, tx, fired, annotations, window, ct))
            {
                continue;
            }

            await OpenAsync(connection, tx, fired.Fingerprint, fired.RuleId, "rule", Title(fired.Annotations, fired.Labels), fired.Labels, annotations, fired.Value, fired.At, window, ct);
        }

        foreach (var still in outcome.StillFiring)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE alert_events SET last_seen = @At, value = @Value, annotations = @annotations WHERE fingerprint = @Fingerprint AND {Open}",
                new { still.At, still.Value, annotations = CompiledRule.Json(still.Annotations), still.Fingerprint }, tx, cancellationToken: ct));
            await MarkMaintenanceAsync(connection, tx, still.Fingerprint, maintenance.WindowFor(still.Labels), ct);
        }

        foreach (var resolved in outcome.Resolved)
        {
            var ids = await connection.QueryAsync<long>(new CommandDefinition(
                $"UPDATE alert_events SET state = 'resolved', resolved_at = @At, last_seen = @At, version = version + 1 WHERE fingerprint = @Fingerprint AND {Open} RETURNING id",
                new { resolved.At, resolved.Fingerprint }, tx, cancellationToken: ct));
            foreach (var id in ids)
            {
                await EventTimeline.AddAsync(connection, tx, id, resolved.At, EventTimeline.Resolved, null, null, notify: true, ct);
            }
        }
    }

    /// <summary>
    /// An alert that keeps firing and resolving is one problem, not a new event each time: when it fired
    /// <see cref="FlapFirings"/> times within <see cref="FlapWindowMs"/> (its transitions, this one included), its latest
    /// event is reopened and flagged as flapping instead (held: no new event, so no new notification).
    /// </summary>
    /// <summary>Opens a new event (and its timeline): an event that opens inside a maintenance window is recorded, not notified.</summary>
    public static async Task<long> OpenAsync(
        DbConnection connection, DbTransaction tx, string fingerprint, long? ruleId, string source, string title, IReadOnlyDictionary<string, string> labels, string annotations,
        double? value, long at, long? window, CancellationToken ct)
    {
        var eventId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO alert_events (fingerprint, rule_id, source, title, severity, labels, annotations, ci_code, state, value, first_seen, last_seen, fire_count,
              in_maintenance, maintenance_window_id)
            VALUES (@fingerprint, @ruleId, @source, @title, @severity, @labels, @annotations, @ci, 'firing', @value, @at, @at, 1, @inMaintenance, @window)
            RETURNING id
            """,
            new
            {
                fingerprint,
                ruleId,
                source,
                title,
                severity = labels.GetValueOrDefault("severity", Rules.Severity.Info),
                labels = CompiledRule.Json(labels),
                annotations,
                ci = labels.GetValueOrDefault("ci"),
                value,
                at,
                inMaintenance = window is not null,
                window,
            },
            tx, cancellationToken: ct));
        await EventTimeline.AddAsync(connection, tx, eventId, at, window is null ? EventTimeline.Opened : EventTimeline.OpenedInMaintenance, null, null, window is null, ct);
        return eventId;
    }

    private static async Task<bool> ReopenIfFlappingAsync(DbConnection connection, DbTransaction tx, AlertChange fired, string annotations, long? window, CancellationToken ct)
    {
        var firings = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM alert_transitions WHERE fingerprint = @Fingerprint AND to_state = 'firing' AND at > @since",
            new { fired.Fingerprint, since = fired.At - FlapWindowMs }, tx, cancellationToken: ct));
        if (firings < FlapFirings)
        {
            return false;
        }

        var latest = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT id FROM alert_events WHERE fingerprint = @Fingerprint AND state = 'resolved' AND resolved_at > @since ORDER BY resolved_at DESC LIMIT 1",
            new { fired.Fingerprint, since = fired.At - FlapWindowMs }, tx, cancellationToken: ct));
        if (latest is null)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE alert_events SET state = 'firing', resolved_at = NULL, acknowledged_by = NULL, acknowledged_at = NULL, last_seen = @At, value = @Value,
              annotations = @annotations, fire_count = fire_count + 1, flapping = @yes, version = version + 1
            WHERE id = @latest
            """,
            new { fired.At, fired.Value, annotations, yes = true, latest }, tx, cancellationToken: ct));
        await EventTimeline.AddAsync(connection, tx, latest.Value, fired.At, EventTimeline.Reopened, null, null, notify: false, ct);
        await MarkMaintenanceAsync(connection, tx, fired.Fingerprint, window, ct);
        return true;
    }

    private static async Task MarkMaintenanceAsync(DbConnection connection, DbTransaction tx, string fingerprint, long? window, CancellationToken ct)
    {
        if (window is null)
        {
            return;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE alert_events SET in_maintenance = @yes, maintenance_window_id = @window WHERE fingerprint = @fingerprint AND {Open} AND in_maintenance = @no",
            new { yes = true, no = false, window, fingerprint }, tx, cancellationToken: ct));
    }

    /// <summary>The summary annotation, else the alert's name with the instance or CI it concerns.</summary>
    public static string Title(IReadOnlyDictionary<string, string> annotations, IReadOnlyDictionary<string, string> labels)
    {
        if (annotations.TryGetValue("summary", out var summary) && summary.Length > 0)
        {
            return summary.Length > 500 ? summary[..500] : summary;
        }

        var name = labels.GetValueOrDefault("alertname", "alert");
        var about = labels.GetValueOrDefault("ci") ?? labels.GetValueOrDefault("instance");
        var title = about is null ? name : $"{name} · {about}";
        return title.Length > 500 ? title[..500] : title;
    }
}
