using HospitalOps.PromQL.Evaluation;
using HospitalOps.PromQL.Model;
using static HospitalOps.PromQL.Tests.QueryTestSupport;

namespace HospitalOps.PromQL.Tests;

/// <summary>Aggregations fold selectors and range functions in one series at a time; the result must equal the general path.</summary>
public sealed class AggregationPathTests
{
    private readonly QueryEngine _engine = new(new QueryOptions());

    private static InMemorySeriesSource RandomCounters()
    {
        var rnd = new Random(42);
        var source = new InMemorySeriesSource();
        for (var i = 0; i < 40; i++)
        {
            var labels = Labels.From(("__name__", "req"), ("job", "j" + (i % 3)), ("instance", "i" + i));
            var samples = new List<Sample>();
            double v = 0;
            for (var t = 0L; t <= 60 * Minute; t += 15_000)
            {
                if (rnd.Next(10) == 0)
                {
                    continue; // gaps
                }

                v += rnd.Next(0, 50);
                samples.Add(new Sample(t, rnd.Next(100) == 0 ? 0 : v));
            }

            source.Add(labels, samples);
        }

        return source;
    }

    [Theory]
    [InlineData("sum by (job) (rate(req[5m]))", "sum by (job) (rate(req[5m]) + 0)")]
    [InlineData("avg without (instance) (req)", "avg without (instance) (req + 0)")]
    [InlineData("max(increase(req[10m]))", "max(increase(req[10m]) * 1)")]
    [InlineData("stddev by (job) (req)", "stddev by (job) (req - 0)")]
    [InlineData("count by (__name__) (rate(req[5m]))", "count by (__name__) (rate(req[5m]) + 0)")]
    [InlineData("min by (job) (last_over_time(req[1m]))", "min by (job) (last_over_time(req[1m]) > -1)")]
    public async Task Folding_in_series_gives_the_same_result_as_evaluating_the_argument_first(string query, string general)
    {
        var source = RandomCounters();
        var folded = (MatrixValue)(await _engine.RangeAsync(source, query, 10 * Minute, 60 * Minute, 30_000, CancellationToken.None)).Value;
        var evaluated = (MatrixValue)(await _engine.RangeAsync(source, general, 10 * Minute, 60 * Minute, 30_000, CancellationToken.None)).Value;

        folded.Series.Count.ShouldBeGreaterThan(0);
        folded.Series.Select(s => s.Labels).ShouldBe(evaluated.Series.Select(s => s.Labels));
        for (var i = 0; i < folded.Series.Count; i++)
        {
            folded.Series[i].Points.Select(p => p.T).ShouldBe(evaluated.Series[i].Points.Select(p => p.T));
            for (var k = 0; k < folded.Series[i].Points.Count; k++)
            {
                folded.Series[i].Points[k].V.ShouldBe(evaluated.Series[i].Points[k].V, 1e-9);
            }
        }
    }

    [Fact]
    public async Task Range_function_outputs_that_collide_after_dropping_the_name_fail_inside_an_aggregation_too()
    {
        var source = Source(("a{x=\"1\"}", Minute, [1, 2, 3]), ("b{x=\"1\"}", Minute, [1, 2, 3]));

        var e = await Should.ThrowAsync<PromQLException>(() => _engine.InstantAsync(source, "sum(rate({__name__=~\"a|b\"}[5m]))", 2 * Minute, CancellationToken.None));
        e.Message.ShouldBe("vector cannot contain metrics with the same labelset");
    }
}
