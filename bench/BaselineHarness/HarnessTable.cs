using System.Globalization;
using System.Text;
using HospitalOps.Alerting.Baselines;
using HospitalOps.Alerting.Tests.Baselines.Harness;

namespace HospitalOps.Bench.BaselineHarness;

/// <summary>The harness's result as the markdown that goes into bench/RESULTS.md.</summary>
internal static class HarnessTable
{
    public static string Markdown(SyntheticDataSet data, HarnessSettings settings, HarnessResult result)
    {
        var text = new StringBuilder();
        var learned = result.Baseline;
        var fixedThreshold = result.Static;
        var points = data.Series.Sum(s => s.Data.Count);
        var clean = data.Series.Count(s => s.Injected.Count == 0);
        Line(text, $"- Data: {data.Series.Count} series ({clean} without anomalies), {data.Settings.TrainingDays} days of history + {data.Settings.TestDays} test days at {data.Settings.StepMinutes} min ({points:N0} points), seed {data.Settings.Seed}; kinds: {string.Join(", ", data.Series.GroupBy(s => s.Kind).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"))}.");
        Line(text, $"- Learned baseline: {settings.SlotMinutes}-min slots × day kinds, K = {settings.K}, re-learned each local midnight from the {data.Settings.TrainingDays} days before; every point of the test period evaluated on the {settings.Detectors.WindowMinutes / 60} h window ending there.");
        Line(text, $"- Static threshold: above the history's p{settings.StaticHighQuantile * 100:0} / below its p{settings.StaticLowQuantile * 100:0}, re-computed daily from the same days, for {settings.Detectors.SustainMinutes} min (the learned detectors' sustain time); scored by side (high ↔ RisingFast/RisingNoFall, low ↔ FallingFast/FallingNoRecovery/BrokenTide).");
        Line(text, $"- Matching: an event (firings of one label less than {settings.MergeGap.TotalMinutes:0} min apart) is a true positive when its label fits the injected pattern and it was first detected within [start, end + {settings.MatchLag.TotalMinutes:0} min]; later events on the same anomaly are duplicates (not counted as false positives); everything else is a false positive.");
        Line(text, "");
        Line(text, "| pattern | injected | baseline TP | FP | FN | precision | recall | median delay | static TP | FN | recall |");
        Line(text, "|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var pattern in Enum.GetValues<AnomalyPattern>())
        {
            var recall = learned.RecallOf(pattern);
            var precision = learned.PrecisionOf(pattern.ToString()) ?? new LabelPrecision(pattern.ToString(), 0, 0, 0, 0);
            var staticRecall = fixedThreshold.RecallOf(pattern);
            Line(text, $"| {pattern} | {recall.Injected} | {recall.Found} | {precision.FalsePositives} | {recall.Missed} | {Ratio(precision.Precision)} | {Ratio(recall.Recall)} | {Minutes(recall.MedianDelayMinutes)} | {staticRecall.Found} | {staticRecall.Missed} | {Ratio(staticRecall.Recall)} |");
        }

        Line(text, "");
        Line(text, "By side, where the static threshold's false positives can be counted (a high alert is not one pattern or the other):");
        Line(text, "");
        Line(text, "| side | injected | baseline TP | FP | FN | precision | recall | duplicates | FP on clean series | static TP | FP | FN | precision | recall | duplicates | FP on clean series |");
        Line(text, "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (side, rising) in new[] { (StaticThreshold.High, true), (StaticThreshold.Low, false) })
        {
            var patterns = Enum.GetValues<AnomalyPattern>().Where(p => StaticThreshold.IsRising(p) == rising).ToList();
            var injected = patterns.Sum(p => learned.RecallOf(p).Injected);
            var found = patterns.Sum(p => learned.RecallOf(p).Found);
            var labels = patterns.Select(p => learned.PrecisionOf(p.ToString())).OfType<LabelPrecision>().ToList();
            var fp = labels.Sum(l => l.FalsePositives);
            var staticFound = patterns.Sum(p => fixedThreshold.RecallOf(p).Found);
            var staticSide = fixedThreshold.PrecisionOf(side) ?? new LabelPrecision(side, 0, 0, 0, 0);
            var name = rising ? "rising (RisingFast + RisingNoFall) / high" : "falling (FallingFast + FallingNoRecovery + BrokenTide) / low";
            Line(text, $"| {name} | {injected} | {found} | {fp} | {injected - found} | {Ratio((double)found / Math.Max(1, found + fp))} | {Ratio((double)found / Math.Max(1, injected))} | {labels.Sum(l => l.Duplicates)} | {labels.Sum(l => l.FalsePositivesOnCleanSeries)} | {staticFound} | {staticSide.FalsePositives} | {injected - staticFound} | {Ratio(staticSide.Precision)} | {Ratio((double)staticFound / Math.Max(1, injected))} | {staticSide.Duplicates} | {staticSide.FalsePositivesOnCleanSeries} |");
        }

        Line(text, "");
        Line(text, $"- Time per series evaluation (one series at one instant: window of {settings.Detectors.WindowMinutes / 60} h = {settings.Detectors.WindowMinutes / data.Settings.StepMinutes} points, all five detectors): {result.MicrosecondsPerEvaluation:0.0} µs on average over {result.Evaluations:N0} evaluations ({settings.Threads} threads); 1,000 baseline rules every 15 s would take {result.MicrosecondsPerEvaluation * 1000 / 1000:0.0} ms of one core per round.");
        Line(text, $"- Learning a profile from {data.Settings.TrainingDays} days ({data.Settings.TrainingDays * 1440 / data.Settings.StepMinutes:N0} points): {result.MillisecondsPerProfile:0.00} ms on average ({result.Profiles:N0} profiles). Whole replay: {result.WallTime.TotalSeconds:0} s wall.");
        return text.ToString();
    }

    /// <summary>The learned baseline's events that matched nothing and the anomalies nothing matched.</summary>
    public static string Misses(SyntheticDataSet data, HarnessSettings settings, HarnessResult result)
    {
        var text = new StringBuilder();
        var lag = (long)settings.MatchLag.TotalMilliseconds;
        string Local(long t) => TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(t), data.Zone).ToString("MM-dd ddd HH:mm", CultureInfo.InvariantCulture);
        string Injected(SyntheticSeries s) => string.Join("; ", s.Injected.Select(a => $"{a.Pattern} {Local(a.Start)} → {Local(a.End)}"));
        var matched = new HashSet<InjectedAnomaly>();
        foreach (var series in data.Series)
        {
            foreach (var e in result.BaselineEvents[series.Index])
            {
                var match = series.Injected.FirstOrDefault(a => a.Pattern.ToString() == e.Label && e.FirstDetected >= a.Start && e.FirstDetected <= a.End + lag);
                if (match is not null)
                {
                    matched.Add(match);
                    continue;
                }

                Line(text, $"FP series {series.Index} ({series.Kind}): {e.Label} {Local(e.FirstDetected)} → {Local(e.LastDetected)}; injected: {Injected(series)}");
            }
        }

        foreach (var series in data.Series)
        {
            foreach (var a in series.Injected.Where(a => !matched.Contains(a)))
            {
                Line(text, $"FN series {series.Index} ({series.Kind}): {a.Pattern} {Local(a.Start)} → {Local(a.End)}; events: {string.Join("; ", result.BaselineEvents[series.Index].Select(e => $"{e.Label} {Local(e.FirstDetected)}"))}");
            }
        }

        return text.ToString();
    }

    /// <summary>Each point of one series in [from, to) with the band learned at the midnight before it and each detector's verdict.</summary>
    public static string Trace(SyntheticDataSet data, SyntheticSeries series, long from, long to)
    {
        var text = new StringBuilder();
        var settings = DetectorSettings.Default;
        var window = new BaselineWindow();
        var historyMs = data.TestStart - data.TrainingStart;
        Line(text, $"series {series.Index} ({series.Kind}); injected: {string.Join("; ", series.Injected.Select(a => $"{a.Pattern} {Local(a.Start)} → {Local(a.End)}"))}");
        SeasonalProfile? profile = null;
        long profileDay = long.MinValue;
        for (var t = from - (from % data.Step); t < to; t += data.Step)
        {
            var midnight = LocalDay.Midnight(data.Zone, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(t), data.Zone).DateTime));
            if (midnight != profileDay)
            {
                profileDay = midnight;
                profile = SeasonalProfile.Learn(series.Data.Slice(midnight - historyMs, midnight), data.Calendar, new ProfileSettings(data.Zone));
            }

            window.Load(profile!, data.Calendar, series.Data.Slice(t + data.Step - (settings.WindowMinutes * 60_000L), t + data.Step), settings.TimeToleranceMinutes);
            var last = window.Count - 1;
            var tide = DailyTide.Assess(window, settings, last);
            var verdicts = new[]
            {
                RisingFastDetector.Detect(window, settings), FallingFastDetector.Detect(window, settings), RisingNoFallDetector.Detect(window, settings),
                FallingNoRecoveryDetector.Detect(window, settings), BrokenTideDetector.Detect(window, settings),
            }.OfType<Anomaly>().Select(a => $"{a.Pattern}: {a.Reason}");
            Line(text, string.Create(CultureInfo.InvariantCulture,
                $"{Local(t)} {window.Observed[last],10:0.00} [{window.Low(last),10:0.00} {window.Centre[last],10:0.00} {window.High(last),10:0.00}] z {window.Z(last),6:0.0} tide {(tide.Expected ? $"{tide.RiseRatio:0.00}{(tide.Missing ? " missing" : "")}" : "-")} {string.Join(" | ", verdicts)}"));
        }

        return text.ToString();

        string Local(long t) => TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(t), data.Zone).ToString("MM-dd ddd HH:mm", CultureInfo.InvariantCulture);
    }

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');

    private static string Ratio(double value) => double.IsNaN(value) ? "—" : value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Minutes(double minutes) => double.IsNaN(minutes) ? "—" : minutes < 120
        ? string.Create(CultureInfo.InvariantCulture, $"{minutes:0} min")
        : string.Create(CultureInfo.InvariantCulture, $"{minutes / 60:0.0} h");
}
