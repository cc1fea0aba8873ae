using HospitalOps.Monitoring.Capacity.Forecasting;
using static HospitalOps.Monitoring.Tests.Capacity.UsageSeries;

namespace HospitalOps.Monitoring.Tests.Capacity;

public sealed class SaturationTests
{
    private static CapacityForecast Dated(double days, double headroom, double? earliestDays = null) => new()
    {
        Outcome = days == 0 ? ForecastOutcome.AlreadyFull : ForecastOutcome.FillsWithinHorizon,
        Reason = "test",
        Now = Now,
        Capacity = 100,
        Confidence = 0.8,
        Headroom = headroom,
        FullAt = Now + (long)(days * DayMs),
        FullAtEarliest = Now + (long)((earliestDays ?? days) * DayMs),
    };

    private static CapacityForecast Undated(double? headroom, double? earliestDays = null) => new()
    {
        Outcome = earliestDays is null ? ForecastOutcome.NotGrowing : ForecastOutcome.BeyondHorizon,
        Reason = "test",
        Now = Now,
        Capacity = 100,
        Confidence = 0.8,
        Headroom = headroom,
        FullAtEarliest = earliestDays is { } d ? Now + (long)(d * DayMs) : null,
    };

    [Theory]
    [InlineData(400, 500, 0.2)]
    [InlineData(0, 500, 1.0)]
    [InlineData(500, 500, 0.0)]
    [InlineData(550, 500, -0.1)]
    [InlineData(37.5, 50, 0.25)]
    public void Fraction_OfKnownCapacity_IsTheUnusedShare(double used, double capacity, double expected)
    {
        Headroom.Fraction(used, capacity)!.Value.ShouldBe(expected, 1e-12);
    }

    [Theory]
    [InlineData(10, 0)]
    [InlineData(10, -1)]
    [InlineData(10, double.NaN)]
    [InlineData(10, double.PositiveInfinity)]
    [InlineData(double.NaN, 100)]
    public void Fraction_UnknownCapacityOrValue_IsNull(double used, double capacity)
    {
        Headroom.Fraction(used, capacity).ShouldBeNull();
    }

    [Fact]
    public void Rank_DatedFirstByFillDate_ThenMayFill_ThenByHeadroom()
    {
        var resources = new[]
        {
            new ResourceForecast("flat-busy", Undated(0.05)),
            new ResourceForecast("in-40-days", Dated(40, 0.3)),
            new ResourceForecast("unknown-capacity", Undated(null)),
            new ResourceForecast("full", Dated(0, -0.01)),
            new ResourceForecast("beyond-may-fill-in-300", Undated(0.4, earliestDays: 300)),
            new ResourceForecast("in-20-days", Dated(20, 0.1)),
            new ResourceForecast("flat-idle", Undated(0.6)),
            new ResourceForecast("in-40-days-earlier-band", Dated(40, 0.3, earliestDays: 35)),
        };

        Saturation.Rank(resources).Select(r => r.Resource).ShouldBe(
        [
            "full",
            "in-20-days",
            "in-40-days-earlier-band",
            "in-40-days",
            "beyond-may-fill-in-300",
            "flat-busy",
            "flat-idle",
            "unknown-capacity",
        ]);
        Saturation.Bottleneck(resources)!.Resource.ShouldBe("full");
    }

    [Fact]
    public void Bottleneck_NothingFills_IsNull()
    {
        Saturation.Bottleneck([new ResourceForecast("a", Undated(0.01)), new ResourceForecast("b", Undated(0.5, earliestDays: 100))]).ShouldBeNull();
    }

    [Fact]
    public void Bottleneck_OfForecastLayers_NamesTheLayerThatFillsFirst()
    {
        // Storage fills in 50 days on the trend; the database's daily peaks fill in 40; the host's disk is flat.
        var storage = CapacityForecaster.Forecast(Regular(30, 400, 2, noise: 1, seed: 1), 500, Now);
        var database = CapacityForecaster.Forecast(Regular(30, 400, 2, noise: 1, seed: 2, extra: Cycle(20, DayMs, 14 * HourMs)), 500, Now);
        var host = CapacityForecaster.Forecast(Regular(30, 95, 0, noise: 0.5, seed: 3), 100, Now);

        var ranked = Saturation.Rank(
        [
            new ResourceForecast("san-volume-7", storage, "storage"),
            new ResourceForecast("pacs-db tablespace", database, "database"),
            new ResourceForecast("/var", host, "host"),
        ]);

        ranked.Select(r => r.Layer).ShouldBe(["database", "storage", "host"]);
        Saturation.Bottleneck(ranked)!.Layer.ShouldBe("database");
    }

    [Fact]
    public void Report_ListsWhatFillsWithin30And90And180Days()
    {
        var resources = new[]
        {
            new ResourceForecast("ten", Dated(10, 0.1)),
            new ResourceForecast("sixty", Dated(60, 0.2)),
            new ResourceForecast("one-twenty", Dated(120, 0.3, earliestDays: 80)),
            new ResourceForecast("four-hundred", Dated(400, 0.4, earliestDays: 170)),
            new ResourceForecast("flat", Undated(0.5)),
            new ResourceForecast("full", Dated(0, 0)),
        };

        var report = CapacityReport.Build(resources, Now);

        report.Days.ShouldBe([30, 90, 180]);
        report.Lines.Select(l => (l.Resource.Resource, l.FillsWithinDays, l.MayFillWithinDays)).ShouldBe(
        [
            ("full", (int?)30, (int?)30),
            ("ten", 30, 30),
            ("sixty", 90, 90),
            ("one-twenty", 180, 90),
            ("four-hundred", null, 180),
            ("flat", null, null),
        ]);
        report.FillingWithin(30).Select(l => l.Resource.Resource).ShouldBe(["full", "ten"]);
        report.FillingWithin(90).Select(l => l.Resource.Resource).ShouldBe(["full", "ten", "sixty"]);
        report.FillingWithin(180).Select(l => l.Resource.Resource).ShouldBe(["full", "ten", "sixty", "one-twenty"]);
    }

    [Fact]
    public void Report_OtherHorizons_AreSortedAndUsed()
    {
        var report = CapacityReport.Build([new ResourceForecast("a", Dated(10, 0.1)), new ResourceForecast("b", Dated(5, 0.1))], Now, [14, 7]);

        report.Days.ShouldBe([7, 14]);
        report.Lines.Select(l => (l.Resource.Resource, l.FillsWithinDays)).ShouldBe([("b", (int?)7), ("a", (int?)14)]);
    }
}
