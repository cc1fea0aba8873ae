using HospitalOps.PromQL.Evaluation;
using HospitalOps.PromQL.Model;
using static HospitalOps.PromQL.Tests.QueryTestSupport;

namespace HospitalOps.PromQL.Tests;

public sealed class RangeQueryTests
{
    private readonly QueryEngine _engine = new(new QueryOptions());

    private static InMemorySeriesSource Counters() => Source(
        ("requests{job=\"b\"}", Minute, Enumerable.Range(0, 31).Select(i => (double?)(i * 60)).ToArray()),
        ("requests{job=\"a\"}", Minute, Enumerable.Range(0, 31).Select(i => (double?)(i * 120)).ToArray()));

    [Fact]
    public async Task Steps_run_from_start_to_end_inclusive_and_series_are_sorted_by_labels()
    {
        var result = await _engine.RangeAsync(Counters(), "rate(requests[5m])", 10 * Minute, 20 * Minute, 5 * Minute, CancellationToken.None);

        var matrix = result.Value.ShouldBeOfType<MatrixValue>();
        matrix.Series.Select(s => s.Labels.Get("job")).ShouldBe(["a", "b"]);
        matrix.Series[0].Labels.Get(Labels.MetricName).ShouldBeNull();
        matrix.Series[0].Points.Select(p => p.T).ShouldBe([10 * Minute, 15 * Minute, 20 * Minute]);
        matrix.Series[0].Points.ShouldAllBe(p => Math.Abs(p.V - 2) < 1e-9);
        matrix.Series[1].Points.ShouldAllBe(p => Math.Abs(p.V - 1) < 1e-9);
    }

    [Fact]
    public async Task A_series_appears_only_at_the_steps_where_it_has_a_value()
    {
        var source = Source(("temp", Minute, [1, 2, 3]));

        var result = await _engine.RangeAsync(source, "temp", 0, 20 * Minute, 4 * Minute, CancellationToken.None);

        // Last sample at 2m, visible for 5 minutes: steps 0, 4m (value 3) — 8m is past the lookback.
        var series = result.Value.ShouldBeOfType<MatrixValue>().Series.Single();
        series.Points.ShouldBe([new Sample(0, 1), new Sample(4 * Minute, 3)]);
    }

    [Fact]
    public async Task A_scalar_becomes_one_series_without_labels()
    {
        var result = await _engine.RangeAsync(new InMemorySeriesSource(), "time() * 2", 0, 2 * Minute, Minute, CancellationToken.None);

        var series = result.Value.ShouldBeOfType<MatrixValue>().Series.Single();
        series.Labels.ShouldBe(Labels.Empty);
        series.Points.ShouldBe([new Sample(0, 0), new Sample(Minute, 120), new Sample(2 * Minute, 240)]);
    }

    [Fact]
    public async Task A_range_vector_is_rejected_for_a_range_query_but_returned_by_an_instant_query()
    {
        var source = Counters();
        var e = await Should.ThrowAsync<PromQLException>(() => _engine.RangeAsync(source, "requests[5m]", 0, Minute, Minute, CancellationToken.None));
        e.Type.ShouldBe(QueryErrorType.BadData);

        var instant = await _engine.InstantAsync(source, "requests{job=\"a\"}[2m]", 10 * Minute, CancellationToken.None);
        var series = instant.Value.ShouldBeOfType<MatrixValue>().Series.Single();
        series.Points.Select(p => p.T).ShouldBe([8 * Minute, 9 * Minute, 10 * Minute]);
    }

    [Fact]
    public async Task Each_selector_is_fetched_once_for_the_whole_span_it_needs()
    {
        var source = Counters();

        var result = await _engine.RangeAsync(source, "sum(rate(requests[5m] offset 1m)) / sum(requests)", 10 * Minute, 20 * Minute, Minute, CancellationToken.None);

        source.SelectCalls.ShouldBe(2);
        source.Requests[0].MinT.ShouldBe(10 * Minute - Minute - 5 * Minute);
        source.Requests[0].MaxT.ShouldBe(19 * Minute);
        source.Requests[0].Function.ShouldBe("rate");
        source.Requests[0].RangeMs.ShouldBe(5 * Minute);
        source.Requests[1].MinT.ShouldBe(5 * Minute);
        source.Requests[1].MaxT.ShouldBe(20 * Minute);
        result.SamplesLoaded.ShouldBe((2 * 16) + (2 * 16));
        result.Value.ShouldBeOfType<MatrixValue>().Series.Single().Points.Count.ShouldBe(11);
    }

    [Fact]
    public async Task Identical_selectors_are_read_once()
    {
        var source = Counters();

        var result = await _engine.InstantAsync(source, "requests - requests", 10 * Minute, CancellationToken.None);

        source.SelectCalls.ShouldBe(1);
        result.Value.ShouldBeOfType<VectorValue>().Samples.Select(s => s.V).ShouldBe([0, 0]);
    }

    [Fact]
    public async Task The_at_modifier_pins_a_selector_to_one_time_across_all_steps()
    {
        var result = await _engine.RangeAsync(Counters(), "requests{job=\"b\"} @ 300", 0, 10 * Minute, 5 * Minute, CancellationToken.None);

        var series = result.Value.ShouldBeOfType<MatrixValue>().Series.Single();
        series.Points.ShouldBe([new Sample(0, 300), new Sample(5 * Minute, 300), new Sample(10 * Minute, 300)]);

        // Reading the evaluation time makes an otherwise pinned expression change from step to step.
        var withTime = await _engine.RangeAsync(Counters(), "sum(requests{job=\"b\"} @ 300) + time()", 0, 10 * Minute, 5 * Minute, CancellationToken.None);
        withTime.Value.ShouldBeOfType<MatrixValue>().Series.Single().Points.Select(p => p.V).ShouldBe([300, 600, 900]);
    }
}
