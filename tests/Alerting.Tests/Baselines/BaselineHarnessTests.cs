using HospitalOps.Alerting.Baselines;
using HospitalOps.Alerting.Tests.Baselines.Harness;

namespace HospitalOps.Alerting.Tests.Baselines;

/// <summary>
/// A small run of the evaluation harness (bench/baseline-harness.sh runs the large one): the first 60 series of the
/// benchmark's data set, ten per pattern and ten without anomalies, replayed over their test fortnight. To keep the test
/// quick, each series is evaluated every ten minutes rather than at every point, and learned weekly rather than daily.
/// </summary>
public sealed class BaselineHarnessTests
{
    private static readonly Lazy<(SyntheticDataSet Data, HarnessResult Result)> Run = new(() =>
    {
        var data = SyntheticHospitalSeries.Generate(new SyntheticSettings { SeriesCount = 60 }, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        return (data, BaselineHarness.Run(data, new HarnessSettings { EvaluateEveryMinutes = 10, RelearnEveryDays = 7 }));
    });

    [Theory]
    [InlineData(nameof(AnomalyPattern.RisingFast))]
    [InlineData(nameof(AnomalyPattern.FallingFast))]
    [InlineData(nameof(AnomalyPattern.RisingNoFall))]
    [InlineData(nameof(AnomalyPattern.FallingNoRecovery))]
    [InlineData(nameof(AnomalyPattern.BrokenTide))]
    public void LearnedBaseline_FindsEachPattern_WithPrecisionAndRecallOfAtLeast90Percent(string name)
    {
        var pattern = Enum.Parse<AnomalyPattern>(name);
        var score = Run.Value.Result.Baseline;

        score.RecallOf(pattern).Injected.ShouldBe(10);
        score.RecallOf(pattern).Recall.ShouldBeGreaterThanOrEqualTo(0.9);
        (score.PrecisionOf(pattern.ToString())?.Precision ?? 0).ShouldBeGreaterThanOrEqualTo(0.9);
    }

    [Fact]
    public void LearnedBaseline_StaysQuietOnTheSeriesWithoutAnomalies()
    {
        Run.Value.Result.Baseline.Precision.Sum(p => p.FalsePositivesOnCleanSeries).ShouldBeLessThanOrEqualTo(1);
    }

    [Fact]
    public void Generator_IsReproducible_AndPutsTheHolidaysAndTheMakeUpDayInTheTestPeriod()
    {
        var (data, _) = Run.Value;
        var again = SyntheticHospitalSeries.Generate(new SyntheticSettings { SeriesCount = 3 }, data.Zone);

        again.Series[2].Data.Values.ToArray().ShouldBe(data.Series[2].Data.Values.ToArray());
        again.Series[2].Injected.ShouldBe(data.Series[2].Injected);
        var testDays = Enumerable.Range(data.Settings.TrainingDays, data.Settings.TestDays).Select(d => data.Settings.FirstDay.AddDays(d)).ToList();
        testDays.Count(d => data.Calendar.KindOf(d) == CalendarDayKind.PublicHoliday).ShouldBe(5);
        testDays.Count(d => data.Calendar.KindOf(d) == CalendarDayKind.MakeUpWorkday).ShouldBe(1);
        data.Series.SelectMany(s => s.Injected).ShouldAllBe(a => a.Start >= data.TestStart && a.End <= data.TestEnd && a.End > a.Start);
    }

    [Fact]
    public void Scorer_MatchesByPatternAndInterval_CountsRepeatsApart_AndEverythingElseAsFalse()
    {
        const long Minute = 60_000;
        var injected = new InjectedAnomaly(AnomalyPattern.RisingFast, 100 * Minute, 130 * Minute);
        var series = new[] { new SyntheticSeries(0, SeriesKind.Traffic, default, [injected]), new SyntheticSeries(1, SeriesKind.Traffic, default, []) };
        var events = new IReadOnlyList<DetectionEvent>[]
        {
            [
                new(0, "RisingFast", 90 * Minute, 95 * Minute), // before the anomaly began
                new(0, "RisingFast", 105 * Minute, 110 * Minute), // a hit
                new(0, "RisingFast", 150 * Minute, 155 * Minute), // the same anomaly again, within the lag
                new(0, "FallingFast", 110 * Minute, 115 * Minute), // the wrong pattern
                new(0, "RisingFast", 200 * Minute, 205 * Minute), // after the lag
            ],
            [new(1, "RisingFast", 10 * Minute, 10 * Minute)],
        };

        var score = DetectionScorer.Score("test", series, events, (label, pattern) => label == pattern.ToString(), 30 * Minute);

        score.RecallOf(AnomalyPattern.RisingFast).ShouldBe(new PatternRecall(AnomalyPattern.RisingFast, 1, 1, 5));
        score.PrecisionOf("RisingFast").ShouldBe(new LabelPrecision("RisingFast", 1, 1, 3, 1));
        score.PrecisionOf("FallingFast").ShouldBe(new LabelPrecision("FallingFast", 0, 0, 1, 0));
    }

    [Fact]
    public void EventRecorder_MergesFiringsLessThanTheGapApart()
    {
        var recorder = new EventRecorder(0, mergeGap: 60);
        foreach (var at in new long[] { 0, 5, 10, 65, 200 })
        {
            recorder.Fire("RisingFast", at);
        }

        recorder.Fire("FallingFast", 10);

        recorder.Finish().OrderBy(e => e.FirstDetected).ThenBy(e => e.Label).ShouldBe(
        [
            new DetectionEvent(0, "RisingFast", 0, 65),
            new DetectionEvent(0, "FallingFast", 10, 10),
            new DetectionEvent(0, "RisingFast", 200, 200),
        ]);
    }

    [Fact]
    public void StaticThreshold_FiresOnlyWhenTheLatestSamplesAreAllBeyondIt()
    {
        var threshold = new StaticThreshold(high: 10, low: 2, sustainPoints: 2);

        threshold.Check([5, 11, 12]).ShouldBe(StaticThreshold.High);
        threshold.Check([5, 11, double.NaN, 12]).ShouldBe(StaticThreshold.High);
        threshold.Check([11, 5, 12]).ShouldBeNull();
        threshold.Check([5, 1, 0]).ShouldBe(StaticThreshold.Low);
        threshold.Check([12]).ShouldBeNull();
        StaticThreshold.Matches(StaticThreshold.Low, AnomalyPattern.BrokenTide).ShouldBeTrue();
        StaticThreshold.Matches(StaticThreshold.High, AnomalyPattern.FallingNoRecovery).ShouldBeFalse();
    }
}
