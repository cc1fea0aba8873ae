using HospitalOps.Monitoring.Capacity.Forecasting;
using HospitalOps.Monitoring.History.Chunks;
using static HospitalOps.Monitoring.Tests.Capacity.UsageSeries;

namespace HospitalOps.Monitoring.Tests.Capacity;

public sealed class ForecastStatsTests
{
    [Theory]
    [InlineData(0.5, 0.0)]
    [InlineData(0.9, 1.2815515655)]
    [InlineData(0.975, 1.9599639845)]
    [InlineData(0.01, -2.3263478740)]
    [InlineData(0.999, 3.0902323062)]
    public void NormalQuantile_MatchesTables(double p, double expected)
    {
        Stats.NormalQuantile(p).ShouldBe(expected, 1e-7);
    }

    [Theory]
    [InlineData(0.975, 10, 2.2281388520)]
    [InlineData(0.9, 5, 1.4758840488)]
    [InlineData(0.975, 30, 2.0422724563)]
    [InlineData(0.9, 1000, 1.2823987)]
    public void StudentQuantile_MatchesTables(double p, double degrees, double expected)
    {
        Stats.StudentQuantile(p, degrees).ShouldBe(expected, expected * 0.002);
    }

    [Fact]
    public void Median_MatchesTheSortedMiddle_ForOddEvenAndRepeatedValues()
    {
        var random = new Random(6);
        for (var round = 0; round < 500; round++)
        {
            var values = Enumerable.Range(0, random.Next(1, 60)).Select(_ => (double)random.Next(-5, 6)).ToArray();
            var sorted = values.Order().ToArray();
            var expected = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;

            Stats.Median(values).ShouldBe(expected, $"values {string.Join(",", values)}");
        }

        Stats.Median([]).ShouldBe(double.NaN);
    }

    [Fact]
    public void RobustSigma_IgnoresAFewWildValues()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 2000).Select(_ => 3 * Gaussian(random)).ToArray();
        values[0] = 1e9;
        values[1] = -1e9;

        Stats.RobustSigma(values).ShouldBe(3, 0.2);
        Stats.Median([4, 1, 3, 2]).ShouldBe(2.5);
    }

    [Fact]
    public void RobustLine_HuberFit_ResistsOutliersWhereLeastSquaresBends()
    {
        var random = new Random(8);
        var x = Enumerable.Range(0, 500).Select(i => i / 10.0).ToArray();
        var y = x.Select(v => 5 + 0.7 * v + 0.5 * Gaussian(random)).ToArray();
        for (var i = 450; i < 500; i += 5)
        {
            y[i] += 80;
        }

        var fit = RobustLine.Fit(x, y);

        fit.Slope.ShouldBe(0.7, 0.02);
        fit.Intercept.ShouldBe(5, 0.15);
        fit.Sigma.ShouldBe(0.5, 0.06);
        fit.SlopeStdError.ShouldBe(0.5 / Math.Sqrt(500 * 50.0 * 50 / 12), 0.001);
    }

    [Fact]
    public void RobustLine_CorrelatedResiduals_WidenTheSlopeError()
    {
        var random = new Random(9);
        var x = Enumerable.Range(0, 1000).Select(i => i / 24.0).ToArray();
        var noise = 0.0;
        var correlated = x.Select(v => 2 * v + (noise = 0.9 * noise + Gaussian(random))).ToArray();
        random = new Random(9);
        var independent = x.Select(v => 2 * v + Gaussian(random)).ToArray();

        var a = RobustLine.Fit(x, correlated);
        var b = RobustLine.Fit(x, independent);

        // n_eff = n (1 − ρ) / (1 + ρ) with ρ ≈ 0.9: about 1/19 of the points.
        a.EffectivePoints.ShouldBeInRange(35, 75);
        b.EffectivePoints.ShouldBeGreaterThan(900);
        a.SlopeStdError.ShouldBeGreaterThan(8 * b.SlopeStdError);
    }

    [Fact]
    public void RollupUsage_TakesAverageOrMaxAtTheBucketMiddle_SkippingNaNBuckets()
    {
        var samples = new List<Sample>();
        for (var t = 0L; t < 3 * Downsample.OneHourMs; t += 15_000)
        {
            samples.Add(new Sample(t, t < Downsample.OneHourMs ? 10 + t / 1_000_000.0 : t < 2 * Downsample.OneHourMs ? double.NaN : 50));
        }

        var rollups = Downsample.ToPoints(samples.ToArray(), Downsample.OneHourMs);

        rollups.Count.ShouldBe(3);
        var average = RollupUsage.ToUsagePoints(rollups, Downsample.OneHourMs);
        var max = RollupUsage.ToUsagePoints(rollups, Downsample.OneHourMs, RollupValue.Max);
        average.Select(p => p.T).ShouldBe([Downsample.OneHourMs / 2, 5 * Downsample.OneHourMs / 2]);
        average[0].Value.ShouldBe(10 + (3_600_000 - 15_000) / 2 / 1_000_000.0, 1e-9);
        average[1].Value.ShouldBe(50);
        max[0].Value.ShouldBe(10 + (3_600_000 - 15_000) / 1_000_000.0, 1e-9);
    }

    [Fact]
    public void Forecast_FromHourlyRollupsOfRawSamples_MatchesTheTrend()
    {
        // Raw samples every minute for 20 days, rolled up the way the history store does.
        var random = new Random(10);
        var samples = new List<Sample>();
        for (var t = Now - 20 * DayMs; t <= Now; t += 60_000)
        {
            samples.Add(new Sample(t, Trend(t, 400, 2) + Gaussian(random)));
        }

        var points = RollupUsage.ToUsagePoints(Downsample.ToPoints(samples.ToArray(), Downsample.OneHourMs), Downsample.OneHourMs);
        var forecast = CapacityForecaster.Forecast(points, 500, Now);

        points.Count.ShouldBe(481);
        forecast.Model.ShouldBe(ForecastModel.Linear);
        forecast.GrowthPerDay!.Value.ShouldBe(2, 0.01);
        forecast.DaysUntilFull!.Value.ShouldBe(50, 0.3);
    }
}
