using System.Diagnostics;
using Dapper;
using HospitalOps.Alerting.Rules;
using HospitalOps.Kernel.Data;
using HospitalOps.Monitoring.Contracts;
using HospitalOps.PromQL.Model;
using Microsoft.Extensions.Logging;

namespace HospitalOps.Alerting.Evaluation;

/// <summary>The result of evaluating one rule group at one time.</summary>
internal sealed record GroupRun(string Group, long At, int Rules, int Failed, double DurationMs);

/// <summary>
/// Evaluates the enabled rules of one group at one instant: queries first (no transaction open while the history is
/// read), then every change — alert states, their history, events, each rule's last evaluation — in one write
/// transaction, so a crash leaves either the whole evaluation or none of it. A rule edited meanwhile is skipped
/// (its next evaluation uses the new version).
/// </summary>
internal sealed class RuleEvaluator(
    Databases databases,
    IMetricQueries queries,
    ScopeResolver scopes,
    AlertingOptions options,
    Notifications.Delivery.NotificationSignal notifications,
    Baselines.BaselineRules baselines,
    HospitalOps.Calendars.Contracts.IHolidayCalendar holidays,
    ILogger<RuleEvaluator> log)
{
    public async Task<GroupRun> EvaluateGroupAsync(string group, long at, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        await using var connection = await databases.Config.OpenAsync(ct);
        var rows = (await connection.QueryAsync<AlertRuleRow>(new CommandDefinition(
            $"SELECT {AlertRuleRow.Columns} FROM alert_rules WHERE group_name = @group AND enabled = @yes ORDER BY id",
            new { group, yes = true }, cancellationToken: ct))).ToList();
        var states = await AlertStateStore.LoadAsync(connection, rows.Select(r => r.Id).ToList(), ct);
        var results = new List<(AlertRuleRow Row, RuleOutcome? Outcome, string? Error, double Ms)>();
        var scopeCis = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        Baselines.WorkCalendar? calendar = null;
        foreach (var row in rows)
        {
            var ruleStarted = Stopwatch.GetTimestamp();
            try
            {
                var rule = new CompiledRule(row);
                var previous = states[row.Id];
                IReadOnlyList<VectorSample> firing;
                Dictionary<string, Baselines.Anomaly>? anomalies = null;
                if (row.Kind == RuleKind.Baseline)
                {
                    calendar ??= Baselines.WorkCalendar.From(await holidays.DaysAsync(ct));
                    var findings = await baselines.EvaluateAsync(row, at, calendar, ct);
                    firing = findings.Select(f => f.Sample).ToList();
                    anomalies = findings.GroupBy(f => CompiledRule.Fingerprint(rule.AlertLabels(f.Sample.Labels, f.Sample.V)))
                        .ToDictionary(g => g.Key, g => g.First().Anomaly, StringComparer.Ordinal);
                }
                else
                {
                    firing = await VectorAsync(row.Expr, at, ct);
                }

                if (row.Scope is { } scope)
                {
                    if (!scopeCis.TryGetValue(scope, out var cis))
                    {
                        cis = await scopes.CisAsync(row.ScopeValue!, ct);
                        scopeCis[scope] = cis;
                    }

                    firing = firing.Where(s => s.Labels.Get("ci") is { } ci && cis.Contains(ci)).ToList();
                }

                IReadOnlyList<VectorSample>? recovered = null;
                if (row.RecoverExpr is { } recover && previous.Values.Any(a => a.State == AlertState.Firing))
                {
                    recovered = await VectorAsync(recover, at, ct);
                }

                var outcome = RuleEvaluation.Step(rule, previous, firing, recovered, at);
                if (anomalies is not null)
                {
                    DescribeAnomalies(outcome, anomalies);
                }

                results.Add((row, outcome, null, Stopwatch.GetElapsedTime(ruleStarted).TotalMilliseconds));
            }
            catch (Exception ex) when (ex is PromQLException or FormatException)
            {
                results.Add((row, null, ex.Message, Stopwatch.GetElapsedTime(ruleStarted).TotalMilliseconds));
            }
        }

        var maintenance = results.Any(r => r.Outcome is { } o && (o.Fired.Count > 0 || o.StillFiring.Count > 0))
            ? await Maintenance.MaintenanceCover.AtAsync(connection, at, options.Zone, scopes, ct)
            : Maintenance.MaintenanceCover.None;
        await using (var tx = await Database.BeginWriteAsync(connection, ct))
        {
            var versions = rows.Count == 0
                ? new Dictionary<long, int>()
                : (await connection.QueryAsync<(long Id, int Version, bool Enabled)>(new CommandDefinition(
                    $"SELECT id, version, enabled FROM alert_rules WHERE id IN {SqlIn.List("id", rows.Select(r => r.Id).ToList(), new DynamicParameters())}", transaction: tx, cancellationToken: ct)))
                    .Where(v => v.Enabled).ToDictionary(v => v.Id, v => v.Version);
            foreach (var (row, outcome, error, ms) in results)
            {
                if (!versions.TryGetValue(row.Id, out var version) || version != row.Version)
                {
                    continue;
                }

                if (outcome is not null)
                {
                    await AlertStateStore.ApplyAsync(connection, tx, outcome, maintenance, ct);
                }

                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE alert_rules SET last_eval_at = @at, last_eval_ms = @ms, last_error = @error WHERE id = @id",
                    new { at, ms, error, id = row.Id }, tx, cancellationToken: ct));
            }

            await tx.CommitAsync(ct);
        }

        notifications.Pulse();
        var failed = results.Count(r => r.Error is not null);
        if (failed > 0)
        {
            log.LogWarning("Rule group {Group}: {Failed} of {Rules} rules failed to evaluate (first: {Error})", group, failed, rows.Count, results.First(r => r.Error is not null).Error);
        }

        return new GroupRun(group, at, rows.Count, failed, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>
    /// A baseline alert says what it saw: the pattern, the band it left and the value (annotation <c>baseline</c>, and the
    /// summary when the rule has none of its own).
    /// </summary>
    private static void DescribeAnomalies(RuleOutcome outcome, IReadOnlyDictionary<string, Baselines.Anomaly> anomalies)
    {
        IReadOnlyDictionary<string, string> With(string fingerprint, IReadOnlyDictionary<string, string> annotations, IReadOnlyDictionary<string, string> labels)
        {
            if (!anomalies.TryGetValue(fingerprint, out var anomaly))
            {
                return annotations;
            }

            var merged = new SortedDictionary<string, string>(annotations.ToDictionary(a => a.Key, a => a.Value), StringComparer.Ordinal)
            {
                ["baseline"] = Baselines.BaselineRules.Describe(anomaly),
            };
            merged.TryAdd("summary", $"{labels.GetValueOrDefault("ci") ?? labels.GetValueOrDefault("instance") ?? labels.GetValueOrDefault("alertname")} {merged["baseline"]}");
            return merged;
        }

        for (var i = 0; i < outcome.Fired.Count; i++)
        {
            var change = outcome.Fired[i];
            outcome.Fired[i] = change with { Annotations = With(change.Fingerprint, change.Annotations, change.Labels) };
        }

        for (var i = 0; i < outcome.StillFiring.Count; i++)
        {
            var change = outcome.StillFiring[i];
            outcome.StillFiring[i] = change with { Annotations = With(change.Fingerprint, change.Annotations, change.Labels) };
        }

        for (var i = 0; i < outcome.Kept.Count; i++)
        {
            var kept = outcome.Kept[i];
            var annotations = With(kept.Fingerprint, AlertRuleRow.Parse(kept.Annotations), AlertRuleRow.Parse(kept.Labels));
            outcome.Kept[i] = kept with { Annotations = CompiledRule.Json(annotations) };
        }
    }

    private async Task<IReadOnlyList<VectorSample>> VectorAsync(string expr, long at, CancellationToken ct)
    {
        var result = await queries.InstantAsync(expr, at, ct);
        return result.Value switch
        {
            VectorValue vector => vector.Samples,
            _ => throw new FormatException($"the condition must give an instant vector (one alert per series), not a {result.Value.ResultType}"),
        };
    }
}
