using HospitalOps.PromQL.Model;

namespace HospitalOps.Alerting.Evaluation;

/// <summary>An alert that fired, keeps firing or resolved in one evaluation: what the events are made from.</summary>
internal sealed record AlertChange(long RuleId, string Fingerprint, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations, double? Value, long At);

/// <summary>What one evaluation of one rule changes.</summary>
internal sealed class RuleOutcome(long ruleId)
{
    public long RuleId => ruleId;

    public List<StoredAlert> Kept { get; } = [];

    public List<string> Removed { get; } = [];

    public List<AlertTransition> Transitions { get; } = [];

    public List<AlertChange> Fired { get; } = [];

    public List<AlertChange> StillFiring { get; } = [];

    public List<AlertChange> Resolved { get; } = [];
}

/// <summary>
/// One evaluation step of one rule, without I/O. Every series of the condition's result is an alert: new ones wait
/// out the rule's duration (pending), then fire; a pending alert whose series is gone is dropped. A firing alert whose
/// series is gone resolves — at once, or, when the rule has a recovery condition, only once that condition returns
/// a series whose labels the alert carries (hysteresis: fire above 85 %, resolve below 80 %).
/// </summary>
internal static class RuleEvaluation
{
    public static RuleOutcome Step(CompiledRule rule, IReadOnlyDictionary<string, StoredAlert> previous, IReadOnlyList<VectorSample> results, IReadOnlyList<VectorSample>? recovered, long now)
    {
        var outcome = new RuleOutcome(rule.Id);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sample in results)
        {
            var labels = rule.AlertLabels(sample.Labels, sample.V);
            var fingerprint = CompiledRule.Fingerprint(labels);
            if (!seen.Add(fingerprint))
            {
                // Two series that differ only in their metric name are one alert.
                continue;
            }

            var annotations = rule.Annotations(labels, sample.V);
            var labelsJson = CompiledRule.Json(labels);
            var annotationsJson = CompiledRule.Json(annotations);
            previous.TryGetValue(fingerprint, out var before);
            var activeSince = before?.ActiveSince ?? now;
            var firesNow = before?.State == AlertState.Firing || now - activeSince >= rule.Row.ForMs;
            var state = firesNow ? AlertState.Firing : AlertState.Pending;
            var firedAt = before?.FiredAt ?? (firesNow ? now : null);
            outcome.Kept.Add(new StoredAlert(rule.Id, fingerprint, labelsJson, annotationsJson, state, activeSince, firedAt, sample.V, now));
            var change = new AlertChange(rule.Id, fingerprint, labels, annotations, sample.V, now);
            var from = before?.State ?? AlertState.Inactive;
            if (from != state)
            {
                outcome.Transitions.Add(new AlertTransition(rule.Id, fingerprint, labelsJson, from, state, now, sample.V));
            }

            if (state == AlertState.Firing)
            {
                (from == AlertState.Firing ? outcome.StillFiring : outcome.Fired).Add(change);
            }
        }

        foreach (var (fingerprint, before) in previous)
        {
            if (seen.Contains(fingerprint))
            {
                continue;
            }

            var labels = CompiledRuleLabels(before);
            if (before.State == AlertState.Firing && recovered is not null && !IsRecovered(labels, recovered))
            {
                // Held by the recovery condition: still firing, with the value it last had.
                outcome.Kept.Add(before with { EvaluatedAt = now });
                outcome.StillFiring.Add(new AlertChange(rule.Id, fingerprint, labels, Annotations(before), before.Value, now));
                continue;
            }

            outcome.Removed.Add(fingerprint);
            var to = before.State == AlertState.Firing ? AlertState.Resolved : AlertState.Inactive;
            outcome.Transitions.Add(new AlertTransition(rule.Id, fingerprint, before.Labels, before.State, to, now, before.Value));
            if (before.State == AlertState.Firing)
            {
                outcome.Resolved.Add(new AlertChange(rule.Id, fingerprint, labels, Annotations(before), before.Value, now));
            }
        }

        return outcome;
    }

    /// <summary>Recovered when the recovery condition returns a series whose every label (but the metric name) the alert carries.</summary>
    private static bool IsRecovered(IReadOnlyDictionary<string, string> alertLabels, IReadOnlyList<VectorSample> recovered)
    {
        foreach (var sample in recovered)
        {
            var all = true;
            foreach (var label in sample.Labels.AsSpan())
            {
                if (label.Name != Labels.MetricName && (!alertLabels.TryGetValue(label.Name, out var value) || value != label.Value))
                {
                    all = false;
                    break;
                }
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    private static IReadOnlyDictionary<string, string> CompiledRuleLabels(StoredAlert alert) => Rules.AlertRuleRow.Parse(alert.Labels);

    private static IReadOnlyDictionary<string, string> Annotations(StoredAlert alert) => Rules.AlertRuleRow.Parse(alert.Annotations);
}
