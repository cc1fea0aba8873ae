using HospitalOps.Alerting.Baselines;
using static HospitalOps.Alerting.Tests.Baselines.HospitalWeeks;

namespace HospitalOps.Alerting.Tests.Baselines;

/// <summary>
/// Each detector on the hand-built weeks of <see cref="HospitalWeeks"/>: test day 0 is Monday 30 March, 1 a Tuesday,
/// 2 the Wednesday holiday, 5 the make-up Saturday.
/// </summary>
public sealed class DetectorTests
{
    private static readonly DetectorSettings Settings = DetectorSettings.Default;

    private static void ShouldDescribe(Anomaly anomaly, HospitalWeeks weeks, long at)
    {
        var window = weeks.Load(at);
        anomaly.DetectedAt.ShouldBe(at);
        anomaly.Observed.ShouldBe(weeks.ValueAt(at));
        anomaly.ExpectedLow.ShouldBe(window.Low(window.Count - 1));
        anomaly.ExpectedHigh.ShouldBe(window.High(window.Count - 1));
        anomaly.Reason.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void NothingFires_OnANormalWeek_WithItsHolidayAndItsMakeUpDay()
    {
        var weeks = new HospitalWeeks();

        weeks.EvaluateEach(weeks.TestStart, At(7, 0)).ShouldBeEmpty();
    }

    [Fact]
    public void WithoutTheCalendar_TheQuietHolidayWouldBeABrokenTide()
    {
        var weeks = new HospitalWeeks();

        weeks.EvaluateEach(At(2, 0), At(3, 0), WorkCalendar.Ordinary).Select(a => a.Pattern).Distinct().ShouldBe([AnomalyPattern.BrokenTide]);
    }

    [Fact]
    public void RisingFast_FiresOnceTwoSamplesStandWellAboveTheBand_AndHoldsWhileTheSurgeLasts()
    {
        var weeks = new HospitalWeeks((t, v) => t >= At(1, 10) && t < At(1, 10.75) ? v + 800 : v);

        RisingFastDetector.Detect(weeks.Load(At(1, 10)), Settings).ShouldBeNull("one sample is not yet a surge");
        var at = At(1, 10) + Step;
        var surge = RisingFastDetector.Detect(weeks.Load(at), Settings).ShouldNotBeNull();
        surge.Pattern.ShouldBe(AnomalyPattern.RisingFast);
        surge.Start.ShouldBe(At(1, 10));
        surge.Observed.ShouldBeGreaterThan(surge.ExpectedHigh);
        ShouldDescribe(surge, weeks, at);
        RisingFastDetector.Detect(weeks.Load(At(1, 10.5)), Settings).ShouldNotBeNull().Start.ShouldBe(At(1, 10));
        RisingFastDetector.Detect(weeks.Load(At(1, 11)), Settings).ShouldBeNull();

        var day = weeks.EvaluateEach(At(1, 0), At(2, 0));
        day.ShouldAllBe(a => a.Pattern == AnomalyPattern.RisingFast && a.Start == At(1, 10));
        day.Count.ShouldBe(8);
    }

    [Fact]
    public void RisingFast_IgnoresOneWildSample()
    {
        var weeks = new HospitalWeeks((t, v) => t == At(1, 10) ? v * 3 : v);

        weeks.EvaluateEach(At(1, 9), At(1, 12)).ShouldBeEmpty();
    }

    [Fact]
    public void FallingFast_FiresOnASuddenDrop_AndNotOnTheMissingSamplesOfAnOutage()
    {
        var weeks = new HospitalWeeks((t, v) => t >= At(1, 14) && t < At(1, 14.5) ? v * 0.2 : t >= At(3, 14) && t < At(3, 15) ? double.NaN : v);

        var at = At(1, 14) + Step;
        var drop = FallingFastDetector.Detect(weeks.Load(at), Settings).ShouldNotBeNull();
        drop.Pattern.ShouldBe(AnomalyPattern.FallingFast);
        drop.Start.ShouldBe(At(1, 14));
        drop.Observed.ShouldBeLessThan(drop.ExpectedLow);
        ShouldDescribe(drop, weeks, at);

        weeks.EvaluateEach(At(1, 0), At(2, 0)).ShouldAllBe(a => a.Pattern == AnomalyPattern.FallingFast && a.Start == At(1, 14));
        weeks.EvaluateEach(At(3, 0), At(4, 0)).ShouldBeEmpty();
    }

    [Fact]
    public void RisingNoFall_FiresOnALeakAfterHoursAboveTheBand_AndNeverCallsItFast()
    {
        var leakStart = At(0, 20);
        var weeks = new HospitalWeeks((t, v) => t >= leakStart ? v + (600.0 * (t - leakStart) / (36 * Hour)) : v);

        var found = weeks.EvaluateEach(leakStart, At(2, 12));
        found.ShouldNotBeEmpty();
        found.ShouldAllBe(a => a.Pattern == AnomalyPattern.RisingNoFall);
        var first = found[0];
        (first.DetectedAt + Step - first.Start).ShouldBeGreaterThanOrEqualTo(Settings.NoFallMinutes * 60_000L);
        first.Start.ShouldBeGreaterThan(leakStart);
        first.DetectedAt.ShouldBeLessThan(At(1, 6));
        first.Observed.ShouldBeGreaterThan(first.ExpectedHigh);
        ShouldDescribe(first, weeks, first.DetectedAt);
        RisingNoFallDetector.Detect(weeks.Load(first.DetectedAt - Step), Settings).ShouldBeNull();
    }

    [Fact]
    public void RisingNoFall_DoesNotTakeALongSurgeForALeak()
    {
        // Five hours of a plateau that jumped there: a surge for as long as it lasts, not a climb.
        var weeks = new HospitalWeeks((t, v) => t >= At(1, 9) && t < At(1, 14) ? v + 1500 : v);

        var found = weeks.EvaluateEach(At(1, 0), At(2, 0));
        found.ShouldNotBeEmpty();
        found.ShouldAllBe(a => a.Pattern == AnomalyPattern.RisingFast);
    }

    [Fact]
    public void FallingNoRecovery_FiresOnALevelThatDeclinedAndStaysDown_NotAsAFastFallOrABrokenTide()
    {
        var declineStart = At(1, 6);
        var weeks = new HospitalWeeks((t, v) => t >= declineStart ? v * (1 - (0.5 * Math.Min(1, (t - declineStart) / (4.0 * Hour)))) : v);

        var found = weeks.EvaluateEach(declineStart, At(2, 0));
        found.ShouldNotBeEmpty();
        found.ShouldAllBe(a => a.Pattern == AnomalyPattern.FallingNoRecovery);
        var first = found[0];
        (first.DetectedAt + Step - first.Start).ShouldBeGreaterThanOrEqualTo(Settings.NoRecoveryMinutes * 60_000L);
        first.DetectedAt.ShouldBeLessThan(At(1, 15));
        first.Observed.ShouldBeLessThan(first.ExpectedLow);
        ShouldDescribe(first, weeks, first.DetectedAt);
        FallingNoRecoveryDetector.Detect(weeks.Load(At(1, 16)), Settings).ShouldNotBeNull();
    }

    [Theory]
    [InlineData(1, false)] // a Tuesday, noisy at the night's level
    [InlineData(1, true)] // a Tuesday, stuck at one value
    [InlineData(5, false)] // the make-up Saturday expects a working day's tide
    public void BrokenTide_FiresWhenTheWorkingDaysRiseDoesNotCome_AndNothingElseDoes(int day, bool stuck)
    {
        var weeks = new HospitalWeeks((t, v) => t >= At(day, 5) && t < At(day, 22) ? (stuck ? 104 : Flat(t, 100)) : v);

        var found = weeks.EvaluateEach(At(day, 0), At(day + 1, 0));
        found.ShouldNotBeEmpty();
        found.ShouldAllBe(a => a.Pattern == AnomalyPattern.BrokenTide);
        var first = found[0];
        first.DetectedAt.ShouldBeGreaterThan(At(day, 8.5));
        first.DetectedAt.ShouldBeLessThan(At(day, 11));
        first.Observed.ShouldBeLessThan(first.ExpectedLow);
        ShouldDescribe(first, weeks, first.DetectedAt);
        BrokenTideDetector.Detect(weeks.Load(At(day, 6)), Settings).ShouldBeNull("the tide is not due yet");
    }

    [Fact]
    public void BrokenTide_IsNotAFallThatCameAfterTheMorningRose()
    {
        // The morning came; at noon the value fell to the night's level and stayed there: a fall, then a level lost.
        var weeks = new HospitalWeeks((t, v) => t >= At(1, 12) && t < At(1, 23) ? 100 : v);

        var found = weeks.EvaluateEach(At(1, 0), At(2, 0));
        found.ShouldNotContain(a => a.Pattern == AnomalyPattern.BrokenTide);
        found.ShouldContain(a => a.Pattern == AnomalyPattern.FallingFast);
    }
}
