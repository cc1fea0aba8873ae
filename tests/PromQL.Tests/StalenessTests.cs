using HospitalOps.PromQL.Evaluation;
using HospitalOps.PromQL.Model;
using static HospitalOps.PromQL.Tests.QueryTestSupport;

namespace HospitalOps.PromQL.Tests;

public sealed class StalenessTests
{
    private readonly QueryEngine _engine = new(new QueryOptions());

    [Fact]
    public void A_stale_marker_ends_the_series_until_the_next_sample()
    {
        var source = Source(("up{job=\"a\"}", 10_000, [1, 2, Staleness.Marker, null, 5]));

        _engine.Instant(source, "up", 10_000).Samples.Single().V.ShouldBe(2);
        _engine.Instant(source, "up", 20_000).Samples.ShouldBeEmpty();
        _engine.Instant(source, "up", 35_000).Samples.ShouldBeEmpty();
        _engine.Instant(source, "up", 40_000).Samples.Single().V.ShouldBe(5);
    }

    [Fact]
    public void The_lookback_includes_a_sample_exactly_five_minutes_old_but_not_older()
    {
        var source = Source(("up", 10_000, [7]));

        _engine.Instant(source, "up", 5 * Minute).Samples.Single().V.ShouldBe(7);
        _engine.Instant(source, "up", (5 * Minute) + 1).Samples.ShouldBeEmpty();
    }

    [Fact]
    public void The_lookback_delta_is_configurable()
    {
        var source = Source(("up", 10_000, [7]));
        var engine = new QueryEngine(new QueryOptions { LookbackDelta = TimeSpan.FromMinutes(1) });

        engine.Instant(source, "up", Minute).Samples.Count.ShouldBe(1);
        engine.Instant(source, "up", Minute + 1).Samples.ShouldBeEmpty();
    }

    [Fact]
    public void Range_selectors_skip_stale_markers_but_keep_ordinary_nan()
    {
        var source = Source(("x", 10_000, [1, double.NaN, Staleness.Marker, 4]));

        _engine.Instant(source, "count_over_time(x[1m])", 30_000).Samples.Single().V.ShouldBe(3);
    }
}
