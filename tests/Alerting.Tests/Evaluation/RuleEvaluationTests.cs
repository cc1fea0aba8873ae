using HospitalOps.Alerting.Evaluation;
using HospitalOps.Alerting.Rules;
using HospitalOps.PromQL.Model;

namespace HospitalOps.Alerting.Tests.Evaluation;

/// <summary>One rule evaluated step by step over hand-written results, with times in seconds.</summary>
public sealed class RuleEvaluationTests
{
    private static CompiledRule Rule(long forSeconds = 0, string? recover = null, string labels = "{}", string annotations = "{\"summary\":\"{{ $labels.instance }} 磁盘 {{ $value }}%\"}") =>
        new(new AlertRuleRow
        {
            Id = 7, Name = "磁盘使用率过高", GroupName = "default", Expr = "disk_used_pct > 85", ForMs = forSeconds * 1000, RecoverExpr = recover,
            Severity = Severity.Major, Labels = labels, Annotations = annotations, IntervalMs = 60_000, Enabled = true, Version = 1,
        });

    private static VectorSample Sample(string instance, double value, string metric = "disk_used_pct") =>
        new(Labels.From(("__name__", metric), ("instance", instance), ("mountpoint", "/u01")), 0, value);

    private sealed class Run(CompiledRule rule)
    {
        public Dictionary<string, StoredAlert> States { get; } = new(StringComparer.Ordinal);

        public RuleOutcome Step(long seconds, IReadOnlyList<VectorSample> results, IReadOnlyList<VectorSample>? recovered = null)
        {
            var outcome = RuleEvaluation.Step(rule, States, results, recovered, seconds * 1000);
            foreach (var gone in outcome.Removed)
            {
                States.Remove(gone);
            }

            foreach (var kept in outcome.Kept)
            {
                States[kept.Fingerprint] = kept;
            }

            return outcome;
        }
    }

    [Fact]
    public void Step_ConditionHoldsForTheDuration_PendingThenFiringOnce()
    {
        var run = new Run(Rule(forSeconds: 120));

        var first = run.Step(0, [Sample("db-1", 90)]);
        first.Kept.Single().State.ShouldBe(AlertState.Pending);
        first.Fired.ShouldBeEmpty();
        first.Transitions.Single().To.ShouldBe(AlertState.Pending);

        run.Step(60, [Sample("db-1", 91)]).Fired.ShouldBeEmpty();

        var fired = run.Step(120, [Sample("db-1", 92)]);
        fired.Fired.Single().Value.ShouldBe(92);
        fired.Kept.Single().FiredAt.ShouldBe(120_000);
        fired.Transitions.Single().ShouldSatisfyAllConditions(t => t.From.ShouldBe(AlertState.Pending), t => t.To.ShouldBe(AlertState.Firing));

        var still = run.Step(180, [Sample("db-1", 93)]);
        still.Fired.ShouldBeEmpty();
        still.StillFiring.Single().Value.ShouldBe(93);
        still.Transitions.ShouldBeEmpty();
    }

    [Fact]
    public void Step_ConditionStopsBeforeTheDuration_PendingAlertIsDroppedWithoutFiring()
    {
        var run = new Run(Rule(forSeconds: 120));
        run.Step(0, [Sample("db-1", 90)]);

        var dropped = run.Step(60, []);

        dropped.Removed.Count.ShouldBe(1);
        dropped.Resolved.ShouldBeEmpty();
        dropped.Transitions.Single().To.ShouldBe(AlertState.Inactive);
        run.Step(120, [Sample("db-1", 90)]).Kept.Single().ShouldSatisfyAllConditions(a => a.State.ShouldBe(AlertState.Pending), a => a.ActiveSince.ShouldBe(120_000));
    }

    [Fact]
    public void Step_FiringSeriesGone_ResolvesAtOnceWithoutARecoveryCondition()
    {
        var run = new Run(Rule());
        run.Step(0, [Sample("db-1", 90), Sample("db-2", 95)]).Fired.Count.ShouldBe(2);

        var outcome = run.Step(60, [Sample("db-2", 96)]);

        outcome.Resolved.Single().Labels["instance"].ShouldBe("db-1");
        outcome.Resolved.Single().Value.ShouldBe(90);
        outcome.StillFiring.Single().Labels["instance"].ShouldBe("db-2");
        run.States.Count.ShouldBe(1);
    }

    [Fact]
    public void Step_WithRecoveryCondition_StaysFiringUntilTheRecoveryReturnsItsSeries()
    {
        var run = new Run(Rule(recover: "disk_used_pct < 80"));
        run.Step(0, [Sample("db-1", 90)]);

        // 84 %: below the firing threshold, not yet below the recovery threshold.
        var held = run.Step(60, [], recovered: []);
        held.Resolved.ShouldBeEmpty();
        held.StillFiring.Single().Value.ShouldBe(90);

        // Another host's recovery does not end this alert.
        run.Step(120, [], recovered: [Sample("db-9", 10)]).Resolved.ShouldBeEmpty();

        var recovered = run.Step(180, [], recovered: [Sample("db-1", 79)]);
        recovered.Resolved.Single().Labels["instance"].ShouldBe("db-1");
        run.States.ShouldBeEmpty();
    }

    [Fact]
    public void Step_LabelsAndAnnotations_AreRenderedWithAlertnameSeverityAndAStableFingerprint()
    {
        var rule = Rule(labels: "{\"team\":\"dba\",\"where\":\"{{ $labels.mountpoint }}\"}");
        var first = new Run(rule).Step(0, [Sample("db-1", 91.5)]).Fired.Single();

        first.Labels.ShouldBe(new SortedDictionary<string, string>
        {
            ["alertname"] = "磁盘使用率过高", ["instance"] = "db-1", ["mountpoint"] = "/u01", ["severity"] = "major", ["team"] = "dba", ["where"] = "/u01",
        });
        first.Annotations["summary"].ShouldBe("db-1 磁盘 91.5%");

        // The same labels give the same fingerprint in another evaluation (another node), whatever the value.
        new Run(rule).Step(3600, [Sample("db-1", 99)]).Fired.Single().Fingerprint.ShouldBe(first.Fingerprint);
        new Run(rule).Step(0, [Sample("db-2", 91.5)]).Fired.Single().Fingerprint.ShouldNotBe(first.Fingerprint);
    }

    [Fact]
    public void Step_SeriesDifferingOnlyInMetricName_AreOneAlert()
    {
        var outcome = new Run(Rule()).Step(0, [Sample("db-1", 90, "a_pct"), Sample("db-1", 91, "b_pct")]);

        outcome.Fired.Count.ShouldBe(1);
        outcome.Kept.Count.ShouldBe(1);
    }
}
