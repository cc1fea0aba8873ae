using System.Data.Common;
using Dapper;
using HospitalOps.Alerting.Events;
using HospitalOps.Kernel.Data;

namespace HospitalOps.Alerting.Evaluation;

/// <summary>Alert states and their history in the configuration database.</summary>
internal static class AlertStateStore
{
    private const string Columns =
        "rule_id AS RuleId, fingerprint AS Fingerprint, labels AS Labels, annotations AS Annotations, state AS State, active_since AS ActiveSince, fired_at AS FiredAt, value AS Value, evaluated_at AS EvaluatedAt";

    public static async Task<Dictionary<long, Dictionary<string, StoredAlert>>> LoadAsync(DbConnection connection, IReadOnlyCollection<long> ruleIds, CancellationToken ct)
    {
        var byRule = ruleIds.ToDictionary(id => id, _ => new Dictionary<string, StoredAlert>(StringComparer.Ordinal));
        if (ruleIds.Count == 0)
        {
            return byRule;
        }

        var ids = SqlIn.List("id", ruleIds, new DynamicParameters());
        foreach (var alert in await connection.QueryAsync<StoredAlert>(new CommandDefinition($"SELECT {Columns} FROM alert_states WHERE rule_id IN {ids}", cancellationToken: ct)))
        {
            byRule[alert.RuleId][alert.Fingerprint] = alert;
        }

        return byRule;
    }

    public static async Task<IReadOnlyList<StoredAlert>> OfRuleAsync(DbConnection connection, long ruleId, CancellationToken ct) =>
        (await connection.QueryAsync<StoredAlert>(new CommandDefinition($"SELECT {Columns} FROM alert_states WHERE rule_id = @ruleId ORDER BY state, active_since", new { ruleId }, cancellationToken: ct))).ToList();

    /// <summary>Writes what an evaluation changed, its transitions and its events, in the caller's transaction.</summary>
    public static async Task ApplyAsync(DbConnection connection, DbTransaction tx, RuleOutcome outcome, Maintenance.MaintenanceCover maintenance, CancellationToken ct)
    {
        foreach (var alert in outcome.Kept)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO alert_states (rule_id, fingerprint, labels, annotations, state, active_since, fired_at, value, evaluated_at)
                VALUES (@RuleId, @Fingerprint, @Labels, @Annotations, @State, @ActiveSince, @FiredAt, @Value, @EvaluatedAt)
                ON CONFLICT (rule_id, fingerprint) DO UPDATE SET labels = excluded.labels, annotations = excluded.annotations, state = excluded.state,
                  active_since = excluded.active_since, fired_at = excluded.fired_at, value = excluded.value, evaluated_at = excluded.evaluated_at
                """,
                alert, tx, cancellationToken: ct));
        }

        foreach (var fingerprint in outcome.Removed)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM alert_states WHERE rule_id = @rule AND fingerprint = @fingerprint",
                new { rule = outcome.RuleId, fingerprint }, tx, cancellationToken: ct));
        }

        foreach (var t in outcome.Transitions)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO alert_transitions (rule_id, fingerprint, labels, from_state, to_state, at, value) VALUES (@RuleId, @Fingerprint, @Labels, @From, @To, @At, @Value)",
                t, tx, cancellationToken: ct));
        }

        await EventBook.ApplyAsync(connection, tx, outcome, maintenance, ct);
    }

    /// <summary>Ends every alert of a rule (changed condition, disabled, deleted): firing ones resolve, their events too.</summary>
    public static async Task EndAllAsync(DbConnection connection, DbTransaction tx, long ruleId, long now, CancellationToken ct)
    {
        var alerts = await connection.QueryAsync<StoredAlert>(new CommandDefinition($"SELECT {Columns} FROM alert_states WHERE rule_id = @ruleId", new { ruleId }, tx, cancellationToken: ct));
        var outcome = new RuleOutcome(ruleId);
        foreach (var alert in alerts)
        {
            outcome.Removed.Add(alert.Fingerprint);
            var to = alert.State == AlertState.Firing ? AlertState.Resolved : AlertState.Inactive;
            outcome.Transitions.Add(new AlertTransition(ruleId, alert.Fingerprint, alert.Labels, alert.State, to, now, alert.Value));
            if (alert.State == AlertState.Firing)
            {
                outcome.Resolved.Add(new AlertChange(ruleId, alert.Fingerprint, Rules.AlertRuleRow.Parse(alert.Labels), Rules.AlertRuleRow.Parse(alert.Annotations), alert.Value, now));
            }
        }

        await ApplyAsync(connection, tx, outcome, Maintenance.MaintenanceCover.None, ct);
    }
}
