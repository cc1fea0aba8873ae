using System.Text.Json;
using Dapper;
using HospitalOps.Alerting.Events;
using HospitalOps.Alerting.Notifications.Delivery;
using HospitalOps.Kernel.Data;

namespace HospitalOps.Alerting.Escalation;

/// <summary>What an escalation notice carries in the event's timeline: the route and policy it follows, and which level.</summary>
internal sealed record EscalationNotice(long RouteId, long PolicyId, int Step, int Seq);

/// <summary>
/// Escalates events nobody acknowledged: for each firing event notified through a route with an escalation policy, the
/// level that is due is written to the event's timeline as a pending notice (and to <c>alert_escalations</c>, whose key
/// makes each moment happen once even when two nodes sweep at the same time). Acknowledging, resolving or a maintenance
/// window stops it.
/// </summary>
internal sealed class EscalationSweeper(Databases databases, TimeProvider clock, NotificationSignal signal)
{
    private sealed record Candidate
    {
        public long EventId { get; init; }

        public long RouteId { get; init; }

        public long PolicyId { get; init; }

        public long FirstNotified { get; init; }

        public int? DoneSeq { get; init; }
    }

    /// <summary>Writes the escalations due now; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var candidates = (await connection.QueryAsync<Candidate>(new CommandDefinition(
            """
            SELECT f.event_id AS EventId, f.route_id AS RouteId, r.escalation_policy_id AS PolicyId, f.first_notified AS FirstNotified,
              (SELECT MAX(x.seq) FROM alert_escalations x WHERE x.event_id = f.event_id AND x.route_id = f.route_id) AS DoneSeq
            FROM (SELECT o.event_id, o.route_id, MIN(o.created_at) AS first_notified FROM notification_outbox o
                  JOIN alert_events e ON e.id = o.event_id
                  WHERE o.kind = 'firing' AND o.route_id IS NOT NULL AND e.state = 'firing' AND e.in_maintenance = @no
                  GROUP BY o.event_id, o.route_id) f
            JOIN notification_routes r ON r.id = f.route_id
            WHERE r.escalation_policy_id IS NOT NULL AND r.enabled = @yes
            """,
            new { yes = true, no = false }, cancellationToken: ct))).ToList();
        if (candidates.Count == 0)
        {
            return 0;
        }

        var policies = (await connection.QueryAsync<EscalationPolicyRow>(new CommandDefinition(
            $"SELECT {EscalationPolicyRow.Columns} FROM escalation_policies", cancellationToken: ct))).ToDictionary(p => p.Id);
        var now = clock.GetUtcNow();
        var due = new List<(Candidate Candidate, int Seq, int Step)>();
        foreach (var candidate in candidates)
        {
            if (policies.TryGetValue(candidate.PolicyId, out var policy)
                && EscalationClock.Due(policy.StepList, policy.RepeatMinutes, UnixMs.ToTime(candidate.FirstNotified), candidate.DoneSeq ?? -1, now) is { } moment)
            {
                due.Add((candidate, moment.Seq, moment.Step));
            }
        }

        if (due.Count == 0)
        {
            return 0;
        }

        var written = 0;
        await using (var tx = await Database.BeginWriteAsync(connection, ct))
        {
            var at = now.ToUnixTimeMilliseconds();
            foreach (var (candidate, seq, step) in due)
            {
                var inserted = await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO alert_escalations (event_id, route_id, seq, step, at) VALUES (@EventId, @RouteId, @seq, @step, @at) ON CONFLICT DO NOTHING",
                    new { candidate.EventId, candidate.RouteId, seq, step, at }, tx, cancellationToken: ct));
                if (inserted == 0)
                {
                    continue;
                }

                var detail = JsonSerializer.Serialize(new EscalationNotice(candidate.RouteId, candidate.PolicyId, step, seq), EscalationPolicyRow.Json);
                await EventTimeline.AddAsync(connection, tx, candidate.EventId, at, EventTimeline.Escalated, null, detail, notify: true, ct);
                written++;
            }

            await tx.CommitAsync(ct);
        }

        if (written > 0)
        {
            signal.Pulse();
        }

        return written;
    }
}
