using System.Diagnostics;
using HospitalOps.Alerting.Baselines;

namespace HospitalOps.Alerting.Tests.Baselines.Harness;

internal sealed record HarnessSettings
{
    public DetectorSettings Detectors { get; init; } = DetectorSettings.Default;

    public int SlotMinutes { get; init; } = 30;

    public double K { get; init; } = 3;

    /// <summary>How often the profiles and thresholds are learned again (the product: daily).</summary>
    public int RelearnEveryDays { get; init; } = 1;

    /// <summary>How often each series is evaluated; 0: at every point (the product evaluates every 15 s, at least as often).</summary>
    public int EvaluateEveryMinutes { get; init; }

    /// <summary>Series evaluated in parallel (the benchmark machine has two cores, shared).</summary>
    public int Threads { get; init; } = 2;

    /// <summary>How long after an injected anomaly's end a detection still counts for it.</summary>
    public TimeSpan MatchLag { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Firings of one label closer than this are one event (the alerting pipeline's flapping hour).</summary>
    public TimeSpan MergeGap { get; init; } = TimeSpan.FromMinutes(60);

    public double StaticHighQuantile { get; init; } = 0.99;

    public double StaticLowQuantile { get; init; } = 0.01;
}

internal sealed record HarnessResult(
    MethodScore Baseline,
    MethodScore Static,
    long Evaluations,
    TimeSpan EvaluationTime,
    int Profiles,
    TimeSpan LearningTime,
    TimeSpan WallTime,
    IReadOnlyList<IReadOnlyList<DetectionEvent>> BaselineEvents)
{
    public double MicrosecondsPerEvaluation => EvaluationTime.TotalMicroseconds / Math.Max(1, Evaluations);

    public double MillisecondsPerProfile => LearningTime.TotalMilliseconds / Math.Max(1, Profiles);
}

/// <summary>
/// Replays the test period of a generated data set as the product would run it: each local midnight a profile (and,
/// for the comparison, a pair of static thresholds) is learned from the weeks of history before it, then every point
/// of the day is evaluated on the window of recent points ending there (settings may thin both out, for a quick run).
/// Firings become events, events are scored.
/// </summary>
internal static class BaselineHarness
{
    public static HarnessResult Run(SyntheticDataSet data, HarnessSettings settings)
    {
        var wall = Stopwatch.StartNew();
        var baselineEvents = new IReadOnlyList<DetectionEvent>[data.Series.Count];
        var staticEvents = new IReadOnlyList<DetectionEvent>[data.Series.Count];
        long evaluations = 0;
        long evaluationTicks = 0;
        long learningTicks = 0;
        var profiles = 0;
        Parallel.For(0, data.Series.Count, new ParallelOptions { MaxDegreeOfParallelism = settings.Threads }, () => new BaselineEvaluator(settings.Detectors), (s, _, evaluator) =>
        {
            var run = RunSeries(data, data.Series[s], settings, evaluator);
            baselineEvents[s] = run.Baseline;
            staticEvents[s] = run.Static;
            Interlocked.Add(ref evaluations, run.Evaluations);
            Interlocked.Add(ref evaluationTicks, run.EvaluationTicks);
            Interlocked.Add(ref learningTicks, run.LearningTicks);
            Interlocked.Add(ref profiles, run.Profiles);
            return evaluator;
        }, _ => { });

        var lag = (long)settings.MatchLag.TotalMilliseconds;
        var baseline = DetectionScorer.Score("learned baseline", data.Series, baselineEvents, (label, pattern) => label == pattern.ToString(), lag);
        var threshold = DetectionScorer.Score("static threshold", data.Series, staticEvents, StaticThreshold.Matches, lag);
        return new HarnessResult(baseline, threshold, evaluations, Stopwatch.GetElapsedTime(0, evaluationTicks), profiles,
            Stopwatch.GetElapsedTime(0, learningTicks), wall.Elapsed, baselineEvents);
    }

    private static (IReadOnlyList<DetectionEvent> Baseline, IReadOnlyList<DetectionEvent> Static, long Evaluations, long EvaluationTicks, long LearningTicks, int Profiles)
        RunSeries(SyntheticDataSet data, SyntheticSeries series, HarnessSettings settings, BaselineEvaluator evaluator)
    {
        var mergeGap = (long)settings.MergeGap.TotalMilliseconds;
        var baseline = new EventRecorder(series.Index, mergeGap);
        var threshold = new EventRecorder(series.Index, mergeGap);
        var profileSettings = new ProfileSettings(data.Zone, settings.SlotMinutes, settings.K);
        var historyMs = data.TestStart - data.TrainingStart;
        var sustain = Math.Max(2, (int)Math.Ceiling(settings.Detectors.SustainMinutes * 60_000.0 / data.Step));
        var found = new List<Anomaly>();
        long evaluations = 0;
        long evaluationTicks = 0;
        long learningTicks = 0;
        var profiles = 0;
        SeasonalProfile? profile = null;
        StaticThreshold? staticThreshold = null;
        for (var day = 0; day < data.Settings.TestDays; day++)
        {
            var midnight = LocalDay.Midnight(data.Zone, data.Settings.FirstDay.AddDays(data.Settings.TrainingDays + day));
            var nextMidnight = LocalDay.Midnight(data.Zone, data.Settings.FirstDay.AddDays(data.Settings.TrainingDays + day + 1));
            if (day % Math.Max(1, settings.RelearnEveryDays) == 0)
            {
                var history = series.Data.Slice(midnight - historyMs, midnight);
                var learnStarted = Stopwatch.GetTimestamp();
                profile = SeasonalProfile.Learn(history, data.Calendar, profileSettings);
                learningTicks += Stopwatch.GetTimestamp() - learnStarted;
                profiles++;
                staticThreshold = StaticThreshold.Learn(history, settings.StaticHighQuantile, settings.StaticLowQuantile, sustain);
            }

            var every = Math.Max(data.Step, settings.EvaluateEveryMinutes * 60_000L / data.Step * data.Step);
            for (var t = midnight; t < nextMidnight; t += every)
            {
                var recent = series.Data.Slice(t + data.Step - evaluator.WindowMs, t + data.Step);
                found.Clear();
                var started = Stopwatch.GetTimestamp();
                evaluator.Evaluate(profile!, data.Calendar, recent, found);
                evaluationTicks += Stopwatch.GetTimestamp() - started;
                evaluations++;
                foreach (var anomaly in found)
                {
                    baseline.Fire(anomaly.Pattern.ToString(), t);
                }

                if (staticThreshold!.Check(recent.Values.Span) is { } side)
                {
                    threshold.Fire(side, t);
                }
            }
        }

        return (baseline.Finish(), threshold.Finish(), evaluations, evaluationTicks, learningTicks, profiles);
    }
}
