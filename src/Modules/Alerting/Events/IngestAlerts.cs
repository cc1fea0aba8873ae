using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using HospitalOps.Alerting.Evaluation;
using HospitalOps.Alerting.Notifications.Delivery;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Alerting.Events;

/// <summary>An alert as Prometheus (or any Alertmanager client) posts it: labels, annotations, and when it started and ends.</summary>
public sealed record IncomingAlert(
    IReadOnlyDictionary<string, string>? Labels,
    IReadOnlyDictionary<string, string>? Annotations,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    string? GeneratorURL);

/// <summary>How many alerts of a post were taken, and how many events they opened and resolved.</summary>
public sealed record IngestResult(int Accepted, int Opened, int Resolved);

/// <summary>
/// Alerts from outside (Prometheus, Zabbix through a bridge, a device's own monitor) become events like the platform's own:
/// the Alertmanager v2 alerts API, so a Prometheus server is pointed here with <c>path_prefix: /api/v1/alerting</c>. The same
/// labels are the same alert (de-duplicated by fingerprint, however often it is re-sent); an alert whose <c>endsAt</c> has
/// passed resolves its event. The label <c>ci</c> names the CI; <c>severity</c> maps critical/page, major/error,
/// minor/warning and info. A whole post is applied in one transaction, so it is taken entirely or not at all.
/// </summary>
internal sealed partial class IngestAlerts(Databases databases, ScopeResolver scopes, TimeProvider clock, AlertingOptions options, NotificationSignal notifications)
{
    public const int MaxAlerts = 5000;
    private const int MaxLabels = 64;
    private const int MaxValue = 2048;

    /// <summary>How stale an open event's last_seen may get while its alert keeps being re-sent unchanged.</summary>
    public const long TouchIntervalMs = 15_000;

    /// <summary>The key of the PostgreSQL transaction lock that applies posts one at a time ("ALERTIN" in ASCII).</summary>
    private const long PostgresIngestLock = 0x414C_4552_5449_4E;

    // Init properties rather than a positional record: Dapper converts column types (int on PostgreSQL, long on SQLite) only for properties.
    private sealed record OpenEvent
    {
        public long Id { get; init; }

        public string Fingerprint { get; init; } = string.Empty;

        public string Title { get; init; } = string.Empty;

        public string Annotations { get; init; } = string.Empty;

        public long LastSeen { get; init; }
    }

    private sealed record Normalized(string Fingerprint, SortedDictionary<string, string> Labels, string Annotations, string Title, bool Firing, long FirstSeen);

    internal static async Task<IResult> Endpoint(List<IncomingAlert>? alerts, IngestAlerts ingest, CancellationToken ct) =>
        Results.Ok(await ingest.ApplyAsync(alerts ?? [], ct));

    public async Task<IngestResult> ApplyAsync(IReadOnlyList<IncomingAlert> alerts, CancellationToken ct)
    {
        if (alerts.Count > MaxAlerts)
        {
            throw AppProblem.Invalid("alerts", "too_many");
        }

        var now = UnixMs.Now(clock);
        var batch = new Dictionary<string, Normalized>(StringComparer.Ordinal);
        for (var i = 0; i < alerts.Count; i++)
        {
            var normalized = Normalize(alerts[i], i, now);
            batch[normalized.Fingerprint] = normalized;
        }

        if (batch.Count == 0)
        {
            return new IngestResult(0, 0, 0);
        }

        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var postgres = databases.Config.Engine == DatabaseEngine.PostgreSql;
        if (postgres)
        {
            // Posts are applied one at a time, as SQLite's write lock does: two posts carrying the same new alert (Prometheus
            // servers in HA pairs, a sender's retry) must not each see it as new and open two events.
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@k)", new { k = PostgresIngestLock }, tx, cancellationToken: ct));
        }

        // Which alerts already have an open event, read inside the write transaction so no other post can open one meanwhile.
        // The fingerprints go as one array (JSON on SQLite), not as a parameter each: SQLite finds a named parameter by
        // comparing it with every name of the statement, which for hundreds of them cost a tenth of the server's CPU in a storm.
        var fingerprints = batch.Keys.ToArray();
        var open = new Dictionary<string, OpenEvent>(StringComparer.Ordinal);
        foreach (var row in await connection.QueryAsync<OpenEvent>(new CommandDefinition(
            "SELECT id AS Id, fingerprint AS Fingerprint, title AS Title, annotations AS Annotations, last_seen AS LastSeen FROM alert_events " +
            "WHERE state IN ('firing', 'acknowledged') AND " +
            (postgres ? "fingerprint = ANY(@fingerprints)" : "fingerprint IN (SELECT value FROM json_each(@fingerprints))"),
            new { fingerprints = postgres ? (object)fingerprints : JsonSerializer.Serialize(fingerprints) }, tx, cancellationToken: ct)))
        {
            // Events opened twice by an earlier version (posts that raced) are both open; the alert updates one of them.
            open[row.Fingerprint] = row;
        }

        var cover = batch.Values.Any(a => a.Firing && !open.ContainsKey(a.Fingerprint))
            ? await Maintenance.MaintenanceCover.AtAsync(connection, now, options.Zone, scopes, ct, tx)
            : Maintenance.MaintenanceCover.None;
        int opened = 0, resolved = 0;
        // Most of a storm is re-sends of alerts that still fire, with the same text: they only move last_seen, at most once
        // every TouchIntervalMs (Prometheus re-sends once a minute; several senders, or a storm, re-send far more often), in
        // one statement per few hundred events instead of one each.
        var seen = new List<long>();
        foreach (var alert in batch.Values)
        {
            if (open.TryGetValue(alert.Fingerprint, out var existing))
            {
                if (alert.Firing && existing.Title == alert.Title && existing.Annotations == alert.Annotations)
                {
                    if (now - existing.LastSeen >= TouchIntervalMs)
                    {
                        seen.Add(existing.Id);
                    }
                }
                else if (alert.Firing)
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                        "UPDATE alert_events SET last_seen = @now, annotations = @Annotations, title = @Title WHERE id = @id",
                        new { now, alert.Annotations, alert.Title, id = existing.Id }, tx, cancellationToken: ct));
                }
                else
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                        "UPDATE alert_events SET state = 'resolved', resolved_at = @now, last_seen = @now, version = version + 1 WHERE id = @id",
                        new { now, id = existing.Id }, tx, cancellationToken: ct));
                    await EventTimeline.AddAsync(connection, tx, existing.Id, now, EventTimeline.Resolved, null, null, notify: true, ct);
                    resolved++;
                }
            }
            else if (alert.Firing)
            {
                var eventId = await EventBook.OpenAsync(connection, tx, alert.Fingerprint, null, "external", alert.Title, alert.Labels, alert.Annotations, null, now,
                    cover.WindowFor(alert.Labels), ct);
                if (alert.FirstSeen < now)
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                        "UPDATE alert_events SET first_seen = @FirstSeen WHERE id = @eventId", new { alert.FirstSeen, eventId }, tx, cancellationToken: ct));
                }

                opened++;
            }
        }

        foreach (var slice in seen.Chunk(500))
        {
            var args = new DynamicParameters();
            args.Add("now", now);
            await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE alert_events SET last_seen = @now WHERE id IN {SqlIn.List("id", slice, args)}", args, tx, cancellationToken: ct));
        }

        await tx.CommitAsync(ct);
        notifications.Pulse();
        return new IngestResult(batch.Count, opened, resolved);
    }

    private static Normalized Normalize(IncomingAlert alert, int index, long now)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in alert.Labels ?? new Dictionary<string, string>())
        {
            if (!LabelName().IsMatch(name ?? string.Empty))
            {
                throw AppProblem.Invalid($"[{index}].labels", "invalid_label_name");
            }

            if (value is null || value.Length > MaxValue)
            {
                throw AppProblem.Invalid($"[{index}].labels.{name}", "invalid_label_value");
            }

            labels[name!] = value;
        }

        if (!labels.TryGetValue("alertname", out var alertname) || alertname.Length == 0)
        {
            throw AppProblem.Invalid($"[{index}].labels.alertname", "required");
        }

        if (labels.Count > MaxLabels || (alert.Annotations?.Count ?? 0) > MaxLabels)
        {
            throw AppProblem.Invalid($"[{index}].labels", "too_many_labels");
        }

        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in alert.Annotations ?? new Dictionary<string, string>())
        {
            if (name is null || value is null || name.Length > 200 || value.Length > MaxValue * 4)
            {
                throw AppProblem.Invalid($"[{index}].annotations", "invalid_value");
            }

            annotations[name] = value;
        }

        // The identity is the labels as sent; the stored severity is the platform's own scale.
        var fingerprint = CompiledRule.Fingerprint(labels);
        labels["severity"] = Severity(labels.GetValueOrDefault("severity"));
        var firing = alert.EndsAt is not { } ends || ends.ToUnixTimeMilliseconds() > now;
        var startedAt = alert.StartsAt?.ToUnixTimeMilliseconds() ?? now;
        return new Normalized(fingerprint, labels, CompiledRule.Json(annotations), EventBook.Title(annotations, labels), firing, Math.Min(startedAt, now));
    }

    private static string Severity(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "critical" or "page" or "disaster" or "emergency" => Rules.Severity.Critical,
        "major" or "error" or "high" => Rules.Severity.Major,
        "minor" or "warning" or "average" => Rules.Severity.Minor,
        _ => Rules.Severity.Info,
    };

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();
}
