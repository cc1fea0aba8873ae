using HospitalOps.Alerting.Evaluation;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Monitoring.Contracts;
using HospitalOps.PromQL.Model;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Alerting.Rules;

/// <summary>A draft rule to try on the history: the fields that decide when it fires.</summary>
public sealed record PreviewAlertRuleRequest(string? Expr, long? ForSeconds, string? RecoverExpr, RuleScope? Scope, long? IntervalSeconds, int? Days);

/// <summary>One time the draft would have fired: from when to when (null: still firing at the end), its highest value.</summary>
public sealed record PreviewFiring(DateTimeOffset Start, DateTimeOffset? End, double Peak);

/// <summary>The firings of one alert (one series) of the draft.</summary>
public sealed record PreviewAlert(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<PreviewFiring> Firings);

/// <summary>When the draft would have fired over the period, per alert, with the evaluation step used.</summary>
public sealed record PreviewResult(DateTimeOffset From, DateTimeOffset To, long StepSeconds, int Firings, int Alerts, bool Truncated, IReadOnlyList<PreviewAlert> Items);

/// <summary>
/// "When would this rule have fired over the last 7 days?" The condition (and the recovery condition) are evaluated
/// over the period as range queries, then replayed step by step through the same state machine the evaluator uses
/// (<see cref="RuleEvaluation"/>), so the preview counts durations and hysteresis exactly as the live rule will.
/// The step is the rule's interval, made coarser when the period would need more than 11,000 steps.
/// </summary>
internal sealed class PreviewRule(IMetricQueries queries, ScopeResolver scopes, TimeProvider clock)
{
    public const int MaxDays = 7;
    public const int MaxAlertsShown = 200;
    private const long MaxSteps = 11_000;

    internal static async Task<IResult> Endpoint(PreviewAlertRuleRequest request, PreviewRule preview, CancellationToken ct) =>
        Results.Ok(await preview.RunAsync(request, ct));

    public async Task<PreviewResult> RunAsync(PreviewAlertRuleRequest request, CancellationToken ct)
    {
        // The same checks as saving, with a placeholder name and severity (only the condition matters here).
        var valid = RuleValidation.Check(new SaveAlertRuleRequest("preview", null, request.Expr, request.ForSeconds, request.RecoverExpr, Severity.Info, null, null, null, request.IntervalSeconds, true, null, request.Scope));
        var days = request.Days ?? MaxDays;
        if (days is < 1 or > MaxDays)
        {
            throw AppProblem.Invalid("days", "invalid_preview_days");
        }

        var to = UnixMs.Now(clock);
        var from = to - (days * 86_400_000L);
        var step = Math.Max(valid.IntervalMs, (to - from + MaxSteps - 1) / MaxSteps);
        step = (step + 999) / 1000 * 1000;
        from = to - ((to - from) / step * step);

        var firing = await MatrixAsync(valid.Expr, from, to, step, ct);
        if (valid.Scope is not null)
        {
            var cis = await scopes.CisAsync(new AlertRuleRow { Scope = valid.Scope }.ScopeValue!, ct);
            firing = firing.Where(s => s.Labels.Get("ci") is { } ci && cis.Contains(ci)).ToList();
        }

        var recovered = valid.RecoverExpr is null ? null : await MatrixAsync(valid.RecoverExpr, from, to, step, ct);
        var rule = new CompiledRule(new AlertRuleRow { Id = 0, Name = "preview", Expr = valid.Expr, ForMs = valid.ForMs, RecoverExpr = valid.RecoverExpr, Severity = Severity.Info, Labels = "{}", Annotations = "{}" });
        return Replay(rule, firing, recovered, from, to, step);
    }

    private static PreviewResult Replay(CompiledRule rule, IReadOnlyList<RangeSeries> firing, IReadOnlyList<RangeSeries>? recovered, long from, long to, long step)
    {
        var states = new Dictionary<string, StoredAlert>(StringComparer.Ordinal);
        var open = new Dictionary<string, (IReadOnlyDictionary<string, string> Labels, long Start, double Peak)>(StringComparer.Ordinal);
        var done = new Dictionary<string, (IReadOnlyDictionary<string, string> Labels, List<PreviewFiring> Firings)>(StringComparer.Ordinal);
        var cursors = new int[firing.Count];
        var recoverCursors = new int[recovered?.Count ?? 0];
        for (var t = from; t <= to; t += step)
        {
            var now = At(firing, cursors, t);
            var outcome = RuleEvaluation.Step(rule, states, now, recovered is null ? null : At(recovered, recoverCursors, t), t);
            foreach (var gone in outcome.Removed)
            {
                states.Remove(gone);
            }

            foreach (var kept in outcome.Kept)
            {
                states[kept.Fingerprint] = kept;
            }

            foreach (var change in outcome.Fired)
            {
                open[change.Fingerprint] = (change.Labels, t, change.Value ?? double.NaN);
            }

            foreach (var change in outcome.StillFiring)
            {
                if (open.TryGetValue(change.Fingerprint, out var o) && change.Value is { } v && !(v <= o.Peak))
                {
                    open[change.Fingerprint] = o with { Peak = v };
                }
            }

            foreach (var change in outcome.Resolved)
            {
                if (open.Remove(change.Fingerprint, out var o))
                {
                    Record(done, change.Fingerprint, o.Labels, new PreviewFiring(UnixMs.ToTime(o.Start), UnixMs.ToTime(t), o.Peak));
                }
            }
        }

        foreach (var (fingerprint, o) in open)
        {
            Record(done, fingerprint, o.Labels, new PreviewFiring(UnixMs.ToTime(o.Start), null, o.Peak));
        }

        var alerts = done.Values
            .OrderByDescending(a => a.Firings.Count)
            .ThenBy(a => string.Join(',', a.Labels.Select(l => l.Key + "=" + l.Value)), StringComparer.Ordinal)
            .ToList();
        var items = alerts.Take(MaxAlertsShown).Select(a => new PreviewAlert(
            a.Labels.Where(l => l.Key is not ("alertname" or "severity")).ToDictionary(l => l.Key, l => l.Value),
            a.Firings.OrderBy(f => f.Start).ToList())).ToList();
        return new PreviewResult(UnixMs.ToTime(from), UnixMs.ToTime(to), step / 1000, alerts.Sum(a => a.Firings.Count), alerts.Count, alerts.Count > MaxAlertsShown, items);
    }

    private static void Record(Dictionary<string, (IReadOnlyDictionary<string, string> Labels, List<PreviewFiring> Firings)> done, string fingerprint, IReadOnlyDictionary<string, string> labels, PreviewFiring firing)
    {
        if (!done.TryGetValue(fingerprint, out var entry))
        {
            entry = (labels, []);
            done[fingerprint] = entry;
        }

        entry.Firings.Add(firing);
    }

    /// <summary>The series that have a point at <paramref name="t"/>, as an instant vector (cursors move forward only).</summary>
    private static List<VectorSample> At(IReadOnlyList<RangeSeries> series, int[] cursors, long t)
    {
        var vector = new List<VectorSample>();
        for (var i = 0; i < series.Count; i++)
        {
            var points = series[i].Points;
            while (cursors[i] < points.Count && points[cursors[i]].T < t)
            {
                cursors[i]++;
            }

            if (cursors[i] < points.Count && points[cursors[i]].T == t)
            {
                vector.Add(new VectorSample(series[i].Labels, t, points[cursors[i]].V));
            }
        }

        return vector;
    }

    private async Task<IReadOnlyList<RangeSeries>> MatrixAsync(string expr, long from, long to, long step, CancellationToken ct)
    {
        var result = await queries.RangeAsync(expr, from, to, step, ct);
        return result.Value switch
        {
            MatrixValue matrix => matrix.Series,
            _ => throw new AppProblem(400, "validation_failed", new Dictionary<string, string> { ["message"] = "the condition must give an instant vector (one alert per series)" }, new Dictionary<string, string> { ["expr"] = "invalid_promql" }),
        };
    }
}
