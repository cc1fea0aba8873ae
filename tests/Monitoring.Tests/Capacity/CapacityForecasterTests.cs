using HospitalOps.Monitoring.Capacity.Forecasting;
using static HospitalOps.Monitoring.Tests.Capacity.UsageSeries;

namespace HospitalOps.Monitoring.Tests.Capacity;

public sealed class CapacityForecasterTests
{
    private const double Capacity = 500;

    [Fact]
    public void Forecast_SteadyGrowth_FillsInFiftyDaysInsideTheBand()
    {
        // 30 days hourly, +2 GB/day, 400 GB now, 500 GB capacity: the trend is full in exactly 50 days.
        var history = Regular(30, 400, 2, noise: 1, seed: 11);

        var forecast = CapacityForecaster.Forecast(history, Capacity, Now);

        forecast.Outcome.ShouldBe(ForecastOutcome.FillsWithinHorizon);
        forecast.Model.ShouldBe(ForecastModel.Linear);
        forecast.Cycle.ShouldBe(SeasonalCycle.None);
        forecast.PointsUsed.ShouldBe(721);
        forecast.CleanupAt.ShouldBeNull();
        forecast.GrowthPerDay!.Value.ShouldBe(2, 0.02);
        forecast.GrowthPerDayStdError!.Value.ShouldBeInRange(0.002, 0.008);
        forecast.ResidualStdDev!.Value.ShouldBe(1, 0.15);
        forecast.RSquared!.Value.ShouldBeGreaterThan(0.99);
        forecast.TrendNow!.Value.ShouldBe(400, 0.3);
        forecast.CurrentValue.ShouldBe(history[^1].Value);
        forecast.Headroom!.Value.ShouldBe((Capacity - history[^1].Value) / Capacity, 1e-12);
        forecast.DaysUntilFull!.Value.ShouldBe(50, 0.4);
        forecast.TrendFullAt.ShouldBe(forecast.FullAt);
        forecast.DaysUntilFullEarliest!.Value.ShouldBeInRange(48.5, 49.8);
        forecast.DaysUntilFullLatest!.Value.ShouldBeInRange(50.2, 51.5);
        forecast.Reason.ShouldMatch(@"^At (1\.99\d|2(\.00\d)?) per day, the trend reaches the capacity in about (49\.\d|50(\.\d)?) days \(80 % band 4\d(\.\d)?–5\d(\.\d)? days\)\.$");
        forecast.Projections.Select(p => p.Days).ShouldBe([30, 90, 180]);
        forecast.Projections[0].Expected.ShouldBe(460, 0.6);
        forecast.Projections[1].Expected.ShouldBe(580, 1.5);
        forecast.Projections[2].Expected.ShouldBe(760, 2.5);
        forecast.Projections[0].At.ShouldBe(Now + 30 * DayMs);
        foreach (var projection in forecast.Projections)
        {
            projection.Peak.ShouldBe(projection.Expected);
            projection.Low.ShouldBeLessThan(projection.Expected - 1);
            projection.High.ShouldBeGreaterThan(projection.Expected + 1);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Forecast_NoisyGrowth_BandHoldsTheTrueDateAndWidensWithConfidence(int seed)
    {
        var history = Regular(30, 400, 2, noise: 5, seed: seed);

        var at80 = CapacityForecaster.Forecast(history, Capacity, Now);
        var at95 = CapacityForecaster.Forecast(history, Capacity, Now, new ForecastOptions { Confidence = 0.95 });

        at80.Model.ShouldBe(ForecastModel.Linear);
        at80.DaysUntilFull!.Value.ShouldBe(50, 1.5);
        // ±1.28 · 5 GB of single-value spread at 2 GB/day is about ±3.2 days.
        at80.DaysUntilFullEarliest!.Value.ShouldBeInRange(45.0, 49.0);
        at80.DaysUntilFullLatest!.Value.ShouldBeInRange(51.0, 55.0);
        at80.DaysUntilFullEarliest!.Value.ShouldBeLessThan(50);
        at80.DaysUntilFullLatest!.Value.ShouldBeGreaterThan(50);
        at95.FullAt.ShouldBe(at80.FullAt);
        (at95.DaysUntilFullLatest!.Value - at95.DaysUntilFullEarliest!.Value)
            .ShouldBe((at80.DaysUntilFullLatest!.Value - at80.DaysUntilFullEarliest!.Value) * 1.96 / 1.28, 0.5);
    }

    [Fact]
    public void Forecast_DailyCycle_PeaksFillTenDaysBeforeTheTrend()
    {
        // ±20 GB around the trend, high at 14:00 UTC: at 2 GB/day the peaks are 20 / 2 = 10 days ahead.
        var history = Regular(30, 400, 2, noise: 1, seed: 21, extra: Cycle(20, DayMs, 14 * HourMs));

        var forecast = CapacityForecaster.Forecast(history, Capacity, Now);

        forecast.Outcome.ShouldBe(ForecastOutcome.FillsWithinHorizon);
        forecast.Model.ShouldBe(ForecastModel.Seasonal);
        forecast.Cycle.ShouldBe(SeasonalCycle.Daily);
        forecast.SeasonalPeak!.Value.ShouldBe(20, 1);
        forecast.GrowthPerDay!.Value.ShouldBe(2, 0.03);
        forecast.ResidualStdDev!.Value.ShouldBe(1, 0.2);
        forecast.RSquared!.Value.ShouldBeGreaterThan(0.99);
        Days(forecast.TrendFullAt).ShouldBe(50, 0.6);
        forecast.DaysUntilFull!.Value.ShouldBe(40, 0.6);
        (Days(forecast.TrendFullAt) - forecast.DaysUntilFull!.Value).ShouldBe(10, 0.6);
        forecast.DaysUntilFullEarliest!.Value.ShouldBeInRange(38, 39.9);
        forecast.DaysUntilFullLatest!.Value.ShouldBeInRange(40.1, 42);
        forecast.Reason.ShouldContain("daily peaks");
        forecast.Projections[0].Peak.ShouldBe(forecast.Projections[0].Expected + forecast.SeasonalPeak!.Value, 1e-9);
    }

    [Fact]
    public void Forecast_DailyCycleWithSeasonalOff_FallsBackToTheTrendWithAWiderBand()
    {
        var history = Regular(30, 400, 2, noise: 1, seed: 21, extra: Cycle(20, DayMs, 14 * HourMs));

        var forecast = CapacityForecaster.Forecast(history, Capacity, Now, new ForecastOptions { Seasonal = false });

        forecast.Model.ShouldBe(ForecastModel.Linear);
        forecast.SeasonalPeak.ShouldBe(0);
        forecast.DaysUntilFull!.Value.ShouldBe(50, 1);
        // The unexplained cycle counts as spread, and as correlated spread, so the band is days wide.
        forecast.DaysUntilFullEarliest!.Value.ShouldBeLessThan(43);
    }

    [Fact]
    public void Forecast_WeeklyCycle_IsFoundWithThreeWeeksOrMore()
    {
        // ±15 GB over the week, high on Wednesday noon; a daily profile cannot see it.
        var history = Regular(42, 400, 2, noise: 1, seed: 31, extra: Cycle(15, 7 * DayMs, (6 * 24 + 12) * HourMs));

        var forecast = CapacityForecaster.Forecast(history, Capacity, Now);

        forecast.Model.ShouldBe(ForecastModel.Seasonal);
        forecast.Cycle.ShouldBe(SeasonalCycle.Weekly);
        forecast.SeasonalPeak!.Value.ShouldBe(15, 1.5);
        forecast.GrowthPerDay!.Value.ShouldBe(2, 0.05);
        Days(forecast.TrendFullAt).ShouldBe(50, 1);
        forecast.DaysUntilFull!.Value.ShouldBe(42.5, 1);
        forecast.Reason.ShouldContain("weekly peaks");
    }

    [Fact]
    public void Forecast_WeeklyCycleInTwoWeeks_IsNotFitted()
    {
        var history = Regular(14, 400, 2, noise: 1, seed: 31, extra: Cycle(15, 7 * DayMs, (6 * 24 + 12) * HourMs));

        var forecast = CapacityForecaster.Forecast(history, Capacity, Now);

        forecast.Cycle.ShouldNotBe(SeasonalCycle.Weekly);
    }

    [Fact]
    public void Forecast_ExactlyFlat_IsNotGrowing()
    {
        var history = Regular(30, 300, 0);

        var forecast = CapacityForecaster.Forecast(history, Capacity, Now);

        forecast.Outcome.ShouldBe(ForecastOutcome.NotGrowing);
        forecast.GrowthPerDay.ShouldBe(0);
        forecast.Reason.ShouldBe("Usage is not growing: 0 per day.");
        forecast.FullAt.ShouldBeNull();
        forecast.FullAtEarliest.ShouldBeNull();
        forecast.FullAtLatest.ShouldBeNull();
        forecast.Headroom.ShouldBe(0.4);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Forecast_FlatWithNoise_GivesNoFillDate(int seed)
    {
        var history = Regular(30, 300, 0, noise: 2, seed: seed);

        var forecast = CapacityForecaster.Forecast(history, Capacity, Now);

        forecast.Outcome.ShouldBeOneOf(ForecastOutcome.NotGrowing, ForecastOutcome.BeyondHorizon);
        forecast.GrowthPerDay!.Value.ShouldBe(0, 0.03);
        forecast.FullAt.ShouldBeNull();
        forecast.Model.ShouldBe(ForecastModel.Linear);
    }

    [Fact]
    public void Forecast_Shrinking_IsNotGrowingWithTheRate()
    {
        var history = Regular(30, 400, -1, noise: 1, seed: 41);

        var forecast = CapacityForecaster.Forecast(history, Capacity, Now);

        forecast.Outcome.ShouldBe(ForecastOutcome.NotGrowing);
        forecast.GrowthPerDay!.Value.ShouldBe(-1, 0.02);
        forecast.Reason.ShouldStartWith("Usage is not growing: -1");
        forecast.FullAt.ShouldBeNull();
        forecast.TrendFullAt.ShouldBeNull();
        forecast.Projections[0].Expected.ShouldBe(370, 0.6);
    }

    [Fact]
    public void Forecast_SlowGrowth_IsBeyondTheFiveYearHorizon()
    {
        // 100 GB at 0.02 GB/day is 5,000 days.
        var history = Regular(30, 400, 0.02, noise: 0.1, seed: 51);

        var forecast = CapacityForecaster.Forecast(history, Capacity, Now);

        forecast.Outcome.ShouldBe(ForecastOutcome.BeyondHorizon);
        forecast.GrowthPerDay!.Value.ShouldBe(0.02, 0.0015);
        forecast.FullAt.ShouldBeNull();
        forecast.TrendFullAt.ShouldBeNull();
        forecast.Reason.ShouldMatch(@"^Growing 0\.0[12]\d* per day, it fills in about 1[2-6]\.\d years, beyond the 5-year horizon\.$");
    }

    [Fact]
    public void Forecast_LongerHorizon_DatesTheSlowGrowth()
    {
        var history = Regular(30, 400, 0.02, noise: 0.1, seed: 51);

        var forecast = CapacityForecaster.Forecast(history, Capacity, Now, new ForecastOptions { Horizon = TimeSpan.FromDays(20 * 365) });

        forecast.Outcome.ShouldBe(ForecastOutcome.FillsWithinHorizon);
        forecast.DaysUntilFull!.Value.ShouldBe(5000, 500);
    }

    [Fact]
    public void Forecast_FivePoints_AreTooFew()
    {
        var history = Regular(30, 400, 2).Where((_, i) => i % 150 == 0).ToList();
        history.Count.ShouldBe(5);

        var forecast = CapacityForecaster.Forecast(history, Capacity, Now);

        forecast.Outcome.ShouldBe(ForecastOutcome.TooFewPoints);
        forecast.Reason.ShouldBe("Only 5 usable points; a forecast needs at least 12.");
        forecast.Model.ShouldBe(ForecastModel.None);
        forecast.GrowthPerDay.ShouldBeNull();
        forecast.FullAt.ShouldBeNull();
        forecast.CurrentValue.ShouldBe(history[^1].Value);
    }

    [Fact]
    public void Forecast_NaNInfinityAndFuturePoints_AreNotCounted()
    {
        var history = Regular(30, 400, 2).Where((_, i) => i % 70 == 0).ToList();
        history.Count.ShouldBe(11);
        history.Add(new UsagePoint(Now - 1000, double.NaN));
        history.Add(new UsagePoint(Now - 2000, double.PositiveInfinity));
        history.Add(new UsagePoint(Now + DayMs, 450));

        var forecast = CapacityForecaster.Forecast(history, Capacity, Now);

        forecast.Outcome.ShouldBe(ForecastOutcome.TooFewPoints);
        forecast.Reason.ShouldStartWith("Only 11 usable points");
    }

    [Fact]
    public void Forecast_OneDayOfHistory_IsTooShort()
    {
        var history = Regular(1, 400, 2, stepMs: HourMs / 2);

        var forecast = CapacityForecaster.Forecast(history, Capacity, Now);

        forecast.Outcome.ShouldBe(ForecastOutcome.HistoryTooShort);
        forecast.Reason.ShouldBe("The history spans 1.0 days; a forecast needs at least 3 days.");
        forecast.PointsUsed.ShouldBe(49);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-5.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Forecast_UnknownCapacity_ReportsTheTrendButNoDate(double capacity)
    {
        var history = Regular(30, 400, 2, noise: 1, seed: 61);

        var forecast = CapacityForecaster.Forecast(history, capacity, Now);

        forecast.Outcome.ShouldBe(ForecastOutcome.CapacityUnknown);
        forecast.Reason.ShouldStartWith("The capacity is unknown");
        forecast.GrowthPerDay!.Value.ShouldBe(2, 0.02);
        forecast.Headroom.ShouldBeNull();
        forecast.FullAt.ShouldBeNull();
        forecast.FullAtEarliest.ShouldBeNull();
    }

    [Fact]
    public void Forecast_AlreadyOverCapacity_IsFullNow()
    {
        var history = Regular(30, 505, 2);

        var forecast = CapacityForecaster.Forecast(history, Capacity, Now);

        forecast.Outcome.ShouldBe(ForecastOutcome.AlreadyFull);
        forecast.FullAt.ShouldBe(Now);
        forecast.DaysUntilFull.ShouldBe(0);
        forecast.Headroom!.Value.ShouldBe(-0.01, 1e-9);
    }

    [Fact]
    public void Forecast_FullWithFewPoints_IsStillFull()
    {
        var history = new List<UsagePoint> { new(Now - 2 * HourMs, 480), new(Now - HourMs, 497), new(Now, 500) };

        var forecast = CapacityForecaster.Forecast(history, Capacity, Now);

        forecast.Outcome.ShouldBe(ForecastOutcome.AlreadyFull);
        forecast.Reason.ShouldBe("Already full: the latest value 500 is at or above the capacity 500.");
        forecast.FullAt.ShouldBe(Now);
        forecast.GrowthPerDay.ShouldBeNull();
    }

    [Fact]
    public void Forecast_TinyShrink_IsReportedWithoutMinusZero()
    {
        var history = Regular(30, 300, -0.000001);

        var forecast = CapacityForecaster.Forecast(history, Capacity, Now);

        forecast.Outcome.ShouldBe(ForecastOutcome.NotGrowing);
        forecast.Reason.ShouldBe("Usage is not growing: 0 per day.");
    }

    [Fact]
    public void Forecast_PeaksAlreadyAtCapacity_FillNowThoughTheLatestValueIsBelow()
    {
        // Trend 490 now, daily high +20 at 14:00; now is midnight, when the cycle is at its low.
        var history = Regular(10, 490, 2, noise: 0.5, seed: 71, extra: Cycle(20, DayMs, 14 * HourMs));

        var forecast = CapacityForecaster.Forecast(history, Capacity, Now);

        forecast.CurrentValue!.Value.ShouldBeLessThan(Capacity);
        forecast.Outcome.ShouldBe(ForecastOutcome.FillsWithinHorizon);
        forecast.Model.ShouldBe(ForecastModel.Seasonal);
        forecast.DaysUntilFull.ShouldBe(0);
        forecast.DaysUntilFullEarliest.ShouldBe(0);
        Days(forecast.TrendFullAt).ShouldBe(5, 0.5);
    }

    [Fact]
    public void Forecast_CleanupMidHistory_RestartsTheTrend()
    {
        // 150 GB deleted 10 days ago; before that the usage was the same trend 150 GB higher.
        var cleanup = Now - 10 * DayMs + 30 * 60_000;
        var history = Regular(30, 400, 2, noise: 1, seed: 81, extra: t => t < cleanup ? 150 : 0);

        var forecast = CapacityForecaster.Forecast(history, Capacity, Now);
        var ignoringCleanups = CapacityForecaster.Forecast(history, Capacity, Now, new ForecastOptions { CleanupMinDropFraction = double.PositiveInfinity });

        forecast.CleanupAt.ShouldNotBeNull();
        (forecast.CleanupAt!.Value - cleanup).ShouldBeInRange(0, 6 * HourMs);
        forecast.FitFrom.ShouldBe(forecast.CleanupAt);
        forecast.PointsUsed.ShouldBeInRange(235, 241);
        forecast.GrowthPerDay!.Value.ShouldBe(2, 0.06);
        forecast.DaysUntilFull!.Value.ShouldBe(50, 1.5);
        ignoringCleanups.CleanupAt.ShouldBeNull();
        ignoringCleanups.GrowthPerDay!.Value.ShouldBeLessThan(0);
    }

    [Fact]
    public void Forecast_PurgeOverThreeHours_StartsTheFitAtItsBottom()
    {
        var start = Now - 8 * DayMs;
        double Purge(long t) => t < start ? 120 : t < start + 3 * HourMs ? 120 - 40 * (t - start) / (double)HourMs : 0;
        var history = Regular(30, 400, 2, noise: 0.5, seed: 91, stepMs: 5 * 60_000, extra: Purge);

        var forecast = CapacityForecaster.Forecast(history, Capacity, Now);

        forecast.CleanupAt!.Value.ShouldBeInRange(start + 3 * HourMs - 5 * 60_000, start + 6 * HourMs);
        forecast.GrowthPerDay!.Value.ShouldBe(2, 0.05);
        forecast.DaysUntilFull!.Value.ShouldBe(50, 1);
    }

    [Fact]
    public void Forecast_CleanupHalfADayAgo_LeavesTooShortAHistory()
    {
        var cleanup = Now - 12 * HourMs + 30 * 60_000;
        var history = Regular(30, 400, 2, noise: 1, seed: 82, stepMs: 5 * 60_000, extra: t => t < cleanup ? 150 : 0);

        var forecast = CapacityForecaster.Forecast(history, Capacity, Now);

        forecast.Outcome.ShouldBe(ForecastOutcome.HistoryTooShort);
        forecast.CleanupAt.ShouldNotBeNull();
        forecast.Reason.ShouldContain("since the cleanup at 2026-11-01 1");
        forecast.FullAt.ShouldBeNull();
    }

    [Fact]
    public void Forecast_OneLowReading_IsNotACleanup()
    {
        var history = Regular(30, 400, 2, noise: 1, seed: 83);
        var dip = history.Count - 200;
        history[dip] = history[dip] with { Value = 0 };

        var forecast = CapacityForecaster.Forecast(history, Capacity, Now);

        forecast.CleanupAt.ShouldBeNull();
        forecast.PointsUsed.ShouldBe(721);
        forecast.DaysUntilFull!.Value.ShouldBe(50, 0.5);
    }

    [Fact]
    public void Forecast_DailyCycleDeepTroughs_AreNotCleanups()
    {
        // A ±40 GB cycle falls 80 GB (16 % of capacity) every evening, but the level does not stay down.
        var history = Regular(30, 400, 2, noise: 1, seed: 84, extra: Cycle(40, DayMs, 14 * HourMs));

        var forecast = CapacityForecaster.Forecast(history, Capacity, Now);

        forecast.CleanupAt.ShouldBeNull();
        forecast.Cycle.ShouldBe(SeasonalCycle.Daily);
        forecast.DaysUntilFull!.Value.ShouldBe(30, 0.8);
    }

    [Theory]
    [InlineData(23)]
    [InlineData(18)]
    [InlineData(2)]
    public void Forecast_NightlyPurge_IsACycleNotACleanup(int purgeHour)
    {
        // Temporary files grow 60 GB a day and are purged at the given hour; now is midnight, so with
        // 23:00 the last purge was an hour ago and the day after it is still short.
        var history = Regular(30, 400, 2, noise: 1, seed: 85, extra: t => 60.0 * ((((t - purgeHour * HourMs) % DayMs) + DayMs) % DayMs) / DayMs);

        var forecast = CapacityForecaster.Forecast(history, Capacity, Now);

        forecast.CleanupAt.ShouldBeNull();
        forecast.PointsUsed.ShouldBe(721);
        forecast.Cycle.ShouldBe(SeasonalCycle.Daily);
        // The trend runs through the sawtooth's middle (+30); its top, 57.5 at the last hourly sample, is what fills.
        Days(forecast.TrendFullAt).ShouldBe(35, 0.6);
        forecast.DaysUntilFull!.Value.ShouldBe((Capacity - 400 - 57.5) / 2, 0.6);
    }

    [Fact]
    public void Forecast_WeeklyPurge_IsACycleNotACleanup()
    {
        // A backup staging area fills 70 GB over the week and is emptied on Sunday 22:00; the last
        // emptying was two hours before now.
        var week = 7 * DayMs;
        var emptied = Now - 2 * HourMs;
        var history = Regular(42, 400, 2, noise: 1, seed: 86, extra: t => 70.0 * ((((t - emptied) % week) + week) % week) / week);

        var forecast = CapacityForecaster.Forecast(history, Capacity, Now);

        forecast.CleanupAt.ShouldBeNull();
        forecast.Cycle.ShouldBe(SeasonalCycle.Weekly);
        forecast.GrowthPerDay!.Value.ShouldBe(2, 0.1);
        // Trend through the middle (+35); the week's top is about +70, 35 above it: 17.5 days earlier.
        Days(forecast.TrendFullAt).ShouldBe(32.5, 1.5);
        forecast.DaysUntilFull!.Value.ShouldBe(15, 1.5);
    }

    [Fact]
    public void Forecast_SecondCleanupNextDay_RestartsFromTheLaterOne()
    {
        // 80 GB deleted 6 days ago at 10:00 and another 80 GB the next day at 10:00.
        var first = Now - 6 * DayMs + 10 * HourMs + 30 * 60_000;
        var second = first + DayMs;
        var history = Regular(30, 400, 2, noise: 1, seed: 87, extra: t => t < first ? 160 : t < second ? 80 : 0);

        var forecast = CapacityForecaster.Forecast(history, Capacity, Now);

        (forecast.CleanupAt!.Value - second).ShouldBeInRange(0, 6 * HourMs);
        forecast.GrowthPerDay!.Value.ShouldBe(2, 0.1);
        forecast.DaysUntilFull!.Value.ShouldBe(50, 2.5);
    }

    [Fact]
    public void Forecast_Outliers_DoNotMoveTheTrend()
    {
        // Spikes of +150..250 GB in the last week would tilt a least-squares line upward.
        var history = Regular(30, 400, 2, noise: 1, seed: 101);
        var random = new Random(102);
        for (var k = 0; k < 12; k++)
        {
            var i = history.Count - 1 - random.Next(1, 7 * 24);
            history[i] = history[i] with { Value = history[i].Value + 150 + 100 * random.NextDouble() };
        }

        history[100] = history[100] with { Value = -1_000 };

        var forecast = CapacityForecaster.Forecast(history, Capacity, Now);

        LeastSquaresSlope(history).ShouldBeGreaterThan(2.4);
        forecast.CleanupAt.ShouldBeNull();
        forecast.GrowthPerDay!.Value.ShouldBe(2, 0.03);
        forecast.ResidualStdDev!.Value.ShouldBe(1, 0.2);
        forecast.DaysUntilFull!.Value.ShouldBe(50, 0.8);
        forecast.DaysUntilFullEarliest!.Value.ShouldBeGreaterThan(47.5);
    }

    [Fact]
    public void Forecast_GapsAndUnevenSpacing_KeepTheSlope()
    {
        var random = new Random(111);
        var gaps = new[] { (Now - 25 * DayMs, Now - 23 * DayMs), (Now - 15 * DayMs, Now - 12 * DayMs), (Now - 6 * DayMs, Now - 2 * DayMs) };
        var history = new List<UsagePoint>();
        for (var t = Now - 30 * DayMs; t <= Now; t += random.Next(10, 120) * 60_000L)
        {
            if (!gaps.Any(g => t >= g.Item1 && t < g.Item2))
            {
                history.Add(new UsagePoint(t, Trend(t, 400, 2) + Gaussian(random)));
            }
        }

        var forecast = CapacityForecaster.Forecast(history, Capacity, Now);

        forecast.Outcome.ShouldBe(ForecastOutcome.FillsWithinHorizon);
        forecast.Model.ShouldBe(ForecastModel.Linear);
        forecast.GrowthPerDay!.Value.ShouldBe(2, 0.03);
        forecast.DaysUntilFull!.Value.ShouldBe(50, 0.6);
        forecast.DaysUntilFullEarliest!.Value.ShouldBeLessThan(50);
        forecast.DaysUntilFullLatest!.Value.ShouldBeGreaterThan(50);
    }

    [Fact]
    public void Forecast_DailyCycleWithGaps_StillFindsThePeaks()
    {
        var random = new Random(121);
        var cycle = Cycle(20, DayMs, 14 * HourMs);
        var history = new List<UsagePoint>();
        for (var t = Now - 30 * DayMs; t <= Now; t += random.Next(20, 100) * 60_000L)
        {
            var inGap = (t >= Now - 20 * DayMs && t < Now - 16 * DayMs) || (t >= Now - 9 * DayMs && t < Now - 7 * DayMs);
            if (!inGap)
            {
                history.Add(new UsagePoint(t, Trend(t, 400, 2) + cycle(t) + Gaussian(random)));
            }
        }

        var forecast = CapacityForecaster.Forecast(history, Capacity, Now);

        forecast.Cycle.ShouldBe(SeasonalCycle.Daily);
        forecast.SeasonalPeak!.Value.ShouldBe(20, 2);
        forecast.DaysUntilFull!.Value.ShouldBe(40, 1.2);
    }

    [Fact]
    public void Forecast_OrderOfInput_DoesNotMatter()
    {
        var sorted = Regular(30, 400, 2, noise: 1, seed: 131);
        var random = new Random(132);
        var shuffled = sorted.OrderBy(_ => random.Next()).ToList();
        shuffled.Select(p => p.T).ShouldNotBe(sorted.Select(p => p.T));

        var a = CapacityForecaster.Forecast(sorted, Capacity, Now);
        var b = CapacityForecaster.Forecast(shuffled, Capacity, Now);

        b.FullAt.ShouldBe(a.FullAt);
        b.GrowthPerDay.ShouldBe(a.GrowthPerDay);
    }

    [Fact]
    public void Forecast_PercentUsed_WorksInAnyUnit()
    {
        // 80 % used, +0.5 points/day, of 100 %: 40 days.
        var history = Regular(21, 80, 0.5, noise: 0.2, seed: 141, stepMs: 5 * 60_000);

        var forecast = CapacityForecaster.Forecast(history, 100, Now);

        forecast.DaysUntilFull!.Value.ShouldBe(40, 0.5);
        forecast.Headroom!.Value.ShouldBe(0.2, 0.005);
    }

    [Fact]
    public void Forecast_OptionsOutOfRange_Throw()
    {
        var history = Regular(30, 400, 2);

        Should.Throw<ArgumentOutOfRangeException>(() => CapacityForecaster.Forecast(history, Capacity, Now, new ForecastOptions { Confidence = 1 }));
        Should.Throw<ArgumentOutOfRangeException>(() => CapacityForecaster.Forecast(history, Capacity, Now, new ForecastOptions { Confidence = 0 }));
        Should.Throw<ArgumentOutOfRangeException>(() => CapacityForecaster.Forecast(history, Capacity, Now, new ForecastOptions { GrowthSignificance = 1 }));
        Should.Throw<ArgumentOutOfRangeException>(() => CapacityForecaster.Forecast(history, Capacity, Now, new ForecastOptions { MinPoints = 2 }));
    }
}
