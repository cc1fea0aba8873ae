using HospitalOps.PromQL.Ast;
using HospitalOps.PromQL.Model;
using HospitalOps.PromQL.Parsing;
using HospitalOps.PromQL.Storage;

namespace HospitalOps.PromQL.Evaluation;

/// <summary>
/// Runs PromQL queries the way Prometheus 2.42 does: parse, fetch every selector once for the span it needs, then
/// evaluate synchronously over the step grid.
/// </summary>
public sealed class QueryEngine(QueryOptions options)
{
    public QueryOptions Options { get; } = options;

    // All entry points are async so that every error, a parse error included, arrives through the returned task.
    public async Task<QueryResult> InstantAsync(ISeriesSource source, string query, long timeMs, CancellationToken ct) =>
        await InstantAsync(source, PromQLParser.Parse(query), timeMs, ct).ConfigureAwait(false);

    public async Task<QueryResult> InstantAsync(ISeriesSource source, Expr expr, long timeMs, CancellationToken ct) =>
        await RunAsync(source, expr, timeMs, timeMs, 0, ct).ConfigureAwait(false);

    public async Task<QueryResult> RangeAsync(ISeriesSource source, string query, long startMs, long endMs, long stepMs, CancellationToken ct) =>
        await RangeAsync(source, PromQLParser.Parse(query), startMs, endMs, stepMs, ct).ConfigureAwait(false);

    public async Task<QueryResult> RangeAsync(ISeriesSource source, Expr expr, long startMs, long endMs, long stepMs, CancellationToken ct)
    {
        if (stepMs <= 0)
        {
            throw new PromQLException(QueryErrorType.BadData, "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }

        if (endMs < startMs)
        {
            throw new PromQLException(QueryErrorType.BadData, "end timestamp must not be before start time");
        }

        if (expr.Type is not (ExprType.Scalar or ExprType.Vector))
        {
            throw new PromQLException(QueryErrorType.BadData, $"invalid expression type \"{expr.Type.Describe()}\" for range query, must be Scalar or instant Vector");
        }

        if (((endMs - startMs) / stepMs) + 1 > Options.MaxSamples)
        {
            throw Evaluator.TooManySamples();
        }

        return await RunAsync(source, expr, startMs, endMs, stepMs, ct).ConfigureAwait(false);
    }

    private async Task<QueryResult> RunAsync(ISeriesSource source, Expr expr, long start, long end, long step, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(Options.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        var token = linked.Token;
        try
        {
            var lookback = (long)Options.LookbackDelta.TotalMilliseconds;
            var plan = SelectorPlanner.Plan(expr, start, end, step, lookback);
            // Selectors are read one after another (as Prometheus does), so a source need not be safe for concurrent
            // reads; identical reads (e.g. both sides of "x - x") are made once.
            var data = new Dictionary<VectorSelector, SeriesData[]>(plan.Count);
            var byRequest = new Dictionary<string, SeriesData[]>(StringComparer.Ordinal);
            long loaded = 0;
            foreach (var (selector, request) in plan)
            {
                var key = string.Join(",", request.Matchers) + "|" + request.MinT + "|" + request.MaxT + "|" + request.StepMs + "|" + request.Function + "|" + request.RangeMs;
                if (!byRequest.TryGetValue(key, out var series))
                {
                    var result = await source.SelectAsync(request, token).ConfigureAwait(false);
                    series = result as SeriesData[] ?? [.. result];
                    foreach (var s in series)
                    {
                        loaded += s.Samples.Length;
                    }

                    if (loaded > Options.MaxSamples)
                    {
                        throw Evaluator.TooManySamples();
                    }

                    byRequest[key] = series;
                }

                data[selector] = series;
            }

            token.ThrowIfCancellationRequested();
            var evaluator = new Evaluator(Options, data, start, end, token);
            var grid = new StepGrid(start, end, step > 0 ? step : 1);
            var value = evaluator.Eval(expr, grid);
            var output = step == 0 ? InstantResult(value, start) : RangeResult(value, grid);
            return new QueryResult(output, [], loaded);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw new PromQLException(QueryErrorType.Canceled, "query was canceled in expression evaluation");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new PromQLException(QueryErrorType.Timeout, "query timed out in expression evaluation");
        }
    }

    private static QueryValue InstantResult(EvalValue value, long t)
    {
        switch (value)
        {
            case ScalarSteps s:
                return new ScalarValue(t, s.Values[0]);
            case StringResult s:
                return new StringValue(t, s.Value);
            case MatrixResult m:
                return new MatrixValue(m.Series.OrderBy(s => s.Labels, Comparer<Labels>.Create(Labels.Compare)).Select(s => new RangeSeries(s.Labels, s.Samples)).ToList());
            default:
                var vector = (VectorSteps)value;
                var samples = new List<VectorSample>(vector.Series.Count);
                foreach (var s in vector.Series)
                {
                    if (s.Present[0])
                    {
                        samples.Add(new VectorSample(s.Labels, t, s.Values[0]));
                    }
                }

                return new VectorValue(samples);
        }
    }

    private static MatrixValue RangeResult(EvalValue value, StepGrid grid)
    {
        var series = new List<RangeSeries>();
        if (value is ScalarSteps scalar)
        {
            var points = new Sample[grid.Count];
            for (var i = 0; i < grid.Count; i++)
            {
                points[i] = new Sample(grid.At(i), scalar.Values[i]);
            }

            series.Add(new RangeSeries(Labels.Empty, points));
            return new MatrixValue(series);
        }

        foreach (var s in ((VectorSteps)value).Series)
        {
            var n = s.CountPresent();
            if (n == 0)
            {
                continue;
            }

            var points = new Sample[n];
            var k = 0;
            for (var i = 0; i < grid.Count; i++)
            {
                if (s.Present[i])
                {
                    points[k++] = new Sample(grid.At(i), s.Values[i]);
                }
            }

            series.Add(new RangeSeries(s.Labels, points));
        }

        series.Sort((a, b) => Labels.Compare(a.Labels, b.Labels));
        return new MatrixValue(series);
    }
}
