using HospitalOps.Alerting.Baselines;

namespace HospitalOps.Alerting.Tests.Baselines;

public sealed class RobustStatisticsTests
{
    [Fact]
    public void Median_AgreesWithSorting_OnOddEvenAndTiedInputs()
    {
        var random = new Random(7);
        for (var round = 0; round < 500; round++)
        {
            var values = Enumerable.Range(0, random.Next(1, 40)).Select(_ => (double)random.Next(0, round % 2 == 0 ? 5 : 1000)).ToArray();
            var sorted = values.Order().ToArray();
            var expected = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;

            RobustStatistics.MedianInPlace(values.ToArray()).ShouldBe(expected);
            RobustStatistics.KthSmallestInPlace(values.ToArray(), values.Length / 4).ShouldBe(sorted[values.Length / 4]);
        }

        double.IsNaN(RobustStatistics.MedianInPlace([])).ShouldBeTrue();
    }

    [Fact]
    public void MedianTowardsZero_TakesTheMiddleValueNearerZero_NotTheMeanOfTwo()
    {
        RobustStatistics.MedianTowardsZeroInPlace([4.2, 31.9]).ShouldBe(4.2);
        RobustStatistics.MedianTowardsZeroInPlace([-4.2, -31.9]).ShouldBe(-4.2);
        RobustStatistics.MedianTowardsZeroInPlace([1, 5, 9]).ShouldBe(5);
    }

    [Fact]
    public void MedianOfValid_AndQuantile_SkipMissingValues()
    {
        double[] values = [double.NaN, 3, 1, double.NaN, 2];

        RobustStatistics.MedianOfValid(values, new double[5]).ShouldBe(2);
        RobustStatistics.Quantile(values, 0.5).ShouldBe(2);
        RobustStatistics.Quantile(values, 1).ShouldBe(3);
        RobustStatistics.Quantile(values, 0.25).ShouldBe(1.5);
    }

    [Fact]
    public void MannKendall_ScoresARisingSeriesHigh_AFallingOneLow_AndIgnoresOneWildValue()
    {
        double[] rising = [1, 2, 3, 4, 5, 6, 7, 8, 100, 10, 11, 12];

        RobustStatistics.MannKendallZ(rising).ShouldBeGreaterThan(3);
        RobustStatistics.MannKendallZ([.. rising.Reverse()]).ShouldBeLessThan(-3);
        RobustStatistics.MannKendallZ([5, 3, 6, 2, 7, 1, 8, 4, 5, 3, double.NaN, 6]).ShouldBeInRange(-1.5, 1.5);
        RobustStatistics.MannKendallZ([1, 2]).ShouldBe(0);
    }
}
