using HospitalOps.PromQL.Evaluation;
using HospitalOps.PromQL.Model;
using HospitalOps.PromQL.Storage;
using static HospitalOps.PromQL.Tests.QueryTestSupport;

namespace HospitalOps.PromQL.Tests;

public sealed class LimitTests
{
    [Fact]
    public async Task Loading_more_samples_than_allowed_is_an_execution_error()
    {
        var source = Source(("x", 10_000, Enumerable.Range(0, 100).Select(i => (double?)i).ToArray()));
        var engine = new QueryEngine(new QueryOptions { MaxSamples = 50 });

        var e = await Should.ThrowAsync<PromQLException>(() => engine.InstantAsync(source, "sum_over_time(x[20m])", 16 * Minute, CancellationToken.None));
        e.Type.ShouldBe(QueryErrorType.Execution);
        e.Message.ShouldBe("query processing would load too many samples into memory in query execution");

        var small = await engine.InstantAsync(source, "sum_over_time(x[1m])", 16 * Minute, CancellationToken.None);
        ((VectorValue)small.Value).Samples.Single().V.ShouldBe(90 + 91 + 92 + 93 + 94 + 95 + 96);
    }

    [Fact]
    public async Task A_subquery_that_would_materialise_too_many_points_fails_even_if_it_reads_little()
    {
        var source = Source(("x", 10_000, [1, 2, 3]));
        var engine = new QueryEngine(new QueryOptions { MaxSamples = 100 });

        var e = await Should.ThrowAsync<PromQLException>(() => engine.InstantAsync(source, "sum_over_time(x[1h:1s])", 4 * Minute, CancellationToken.None));
        e.Type.ShouldBe(QueryErrorType.Execution);

        var ok = await engine.InstantAsync(source, "sum_over_time(x[1h:1m])", 4 * Minute, CancellationToken.None);
        ((VectorValue)ok.Value).Samples.Single().V.ShouldBe(1 + 3 + 3 + 3 + 3);
    }

    [Fact]
    public async Task Step_counts_beyond_the_limit_are_refused_before_anything_is_allocated()
    {
        var source = Source(("x", 10_000, [1]));
        var engine = new QueryEngine(new QueryOptions { MaxSamples = 1_000_000 });

        var subquery = await Should.ThrowAsync<PromQLException>(() => engine.InstantAsync(source, "max_over_time(x[1y:1ms])", 0, CancellationToken.None));
        subquery.Type.ShouldBe(QueryErrorType.Execution);

        var range = await Should.ThrowAsync<PromQLException>(() => engine.RangeAsync(source, "x", 0, 365L * 24 * 3600 * 1000, 1, CancellationToken.None));
        range.Type.ShouldBe(QueryErrorType.Execution);
    }

    [Fact]
    public async Task A_query_running_past_its_time_limit_is_a_timeout_error()
    {
        var engine = new QueryEngine(new QueryOptions { Timeout = TimeSpan.FromMilliseconds(50) });

        var e = await Should.ThrowAsync<PromQLException>(() => engine.InstantAsync(new SlowSource(), "up", 0, CancellationToken.None));
        e.Type.ShouldBe(QueryErrorType.Timeout);
    }

    [Fact]
    public async Task A_caller_going_away_is_a_canceled_error()
    {
        var engine = new QueryEngine(new QueryOptions());
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        var e = await Should.ThrowAsync<PromQLException>(() => engine.InstantAsync(new SlowSource(), "up", 0, cts.Token));
        e.Type.ShouldBe(QueryErrorType.Canceled);
    }

    [Fact]
    public async Task Evaluation_errors_are_execution_errors()
    {
        var source = Source(("a{x=\"1\"}", 10_000, [1]), ("b{x=\"1\",y=\"1\"}", 10_000, [1]), ("b{x=\"1\",y=\"2\"}", 10_000, [1]));
        var engine = new QueryEngine(new QueryOptions());

        var e = await Should.ThrowAsync<PromQLException>(() => engine.InstantAsync(source, "a + on(x) b", 0, CancellationToken.None));
        e.Type.ShouldBe(QueryErrorType.Execution);
        e.Message.ShouldStartWith("found duplicate series for the match group {x=\"1\"} on the right hand-side of the operation");
    }

    private sealed class SlowSource : ISeriesSource
    {
        public async Task<IReadOnlyList<SeriesData>> SelectAsync(SelectRequest request, CancellationToken ct)
        {
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
            return [];
        }
    }
}
