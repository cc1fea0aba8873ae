using HospitalOps.PromQL.Aggregation;
using HospitalOps.PromQL.Ast;
using HospitalOps.PromQL.Binary;
using HospitalOps.PromQL.Functions;
using HospitalOps.PromQL.Model;
using HospitalOps.PromQL.Storage;

namespace HospitalOps.PromQL.Evaluation;

/// <summary>
/// Evaluates an AST over a step grid after all selectors were fetched. Each node returns its value for every step
/// of the grid it is asked for; subqueries evaluate their inner expression on their own grid.
/// </summary>
internal sealed class Evaluator
{
    private readonly IReadOnlyDictionary<VectorSelector, SeriesData[]> _data;
    private readonly Dictionary<VectorSelector, List<PointSeries>> _rangeSeries = [];
    private readonly StepInvariance _stepInvariance = new();
    private readonly long _maxSamples;
    private long _pointsProduced;

    public Evaluator(QueryOptions options, IReadOnlyDictionary<VectorSelector, SeriesData[]> data, long queryStart, long queryEnd, CancellationToken ct)
    {
        _data = data;
        QueryStart = queryStart;
        QueryEnd = queryEnd;
        LookbackMs = (long)options.LookbackDelta.TotalMilliseconds;
        DefaultSubqueryStepMs = Math.Max(1, (long)options.DefaultSubqueryStep.TotalMilliseconds);
        _maxSamples = options.MaxSamples;
        Cancellation = ct;
    }

    public long QueryStart { get; }

    public long QueryEnd { get; }

    public long LookbackMs { get; }

    public long DefaultSubqueryStepMs { get; }

    public CancellationToken Cancellation { get; }

    public static PromQLException Fail(string message) => new(QueryErrorType.Execution, message);

    public static PromQLException TooManySamples() => Fail("query processing would load too many samples into memory in query execution");

    /// <summary>
    /// Counts points the evaluation materialises from selectors and subqueries. Besides the samples read from the
    /// source, this bounds what a query can blow up to (a long subquery with a tiny step reads little but makes much).
    /// </summary>
    public void AddSamples(long n)
    {
        _pointsProduced += n;
        if (_pointsProduced > _maxSamples)
        {
            throw TooManySamples();
        }
    }

    public long ResolveAt(AtModifier at) => at.Kind switch
    {
        AtKind.Start => QueryStart,
        AtKind.End => QueryEnd,
        _ => at.TimestampMs,
    };

    public static Expr Unwrap(Expr e)
    {
        while (e is ParenExpr p)
        {
            e = p.Inner;
        }

        return e;
    }

    public EvalValue Eval(Expr expr, StepGrid grid)
    {
        Cancellation.ThrowIfCancellationRequested();
        if (grid.Count > 1 && expr is not (NumberLiteral or StringLiteral or MatrixSelector or SubqueryExpr) && _stepInvariance.IsStepInvariant(expr))
        {
            // Pinned by @ throughout: the value is the same at every step, so compute it once.
            return Broadcast(Eval(expr, new StepGrid(grid.Start, grid.Start, grid.Interval)), grid.Count);
        }

        return expr switch
        {
            NumberLiteral n => ScalarSteps.Constant(n.Value, grid.Count),
            StringLiteral s => new StringResult(s.Value),
            ParenExpr p => Eval(p.Inner, grid),
            UnaryExpr u => EvalUnary(u, grid),
            VectorSelector vs => EvalVectorSelector(vs, grid),
            MatrixSelector or SubqueryExpr => EvalRangeAtTop(expr, grid),
            BinaryExpr b => BinaryEvaluator.Evaluate(this, b, grid),
            AggregateExpr a => AggregationEvaluator.Evaluate(this, a, grid),
            Call c => FunctionEvaluator.Evaluate(this, c, grid),
            _ => throw Fail("unsupported expression " + expr.GetType().Name),
        };
    }

    public VectorSteps EvalVector(Expr expr, StepGrid grid) => (VectorSteps)Eval(expr, grid);

    public ScalarSteps EvalScalar(Expr expr, StepGrid grid) => (ScalarSteps)Eval(expr, grid);

    private static EvalValue Broadcast(EvalValue single, int steps)
    {
        switch (single)
        {
            case ScalarSteps s:
                return ScalarSteps.Constant(s.Values[0], steps);
            case VectorSteps v:
                {
                    var output = new List<StepSeries>(v.Series.Count);
                    foreach (var series in v.Series)
                    {
                        if (!series.Present[0])
                        {
                            continue;
                        }

                        var values = new double[steps];
                        var present = new bool[steps];
                        Array.Fill(values, series.Values[0]);
                        Array.Fill(present, true);
                        output.Add(new StepSeries(series.Labels, values, present));
                    }

                    return new VectorSteps(output);
                }

            default:
                return single;
        }
    }

    private EvalValue EvalUnary(UnaryExpr u, StepGrid grid)
    {
        var inner = Eval(u.Operand, grid);
        if (!u.Negate)
        {
            return inner;
        }

        if (inner is ScalarSteps s)
        {
            var values = new double[s.Values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = -s.Values[i];
            }

            return new ScalarSteps(values);
        }

        var vector = (VectorSteps)inner;
        var output = new List<StepSeries>(vector.Series.Count);
        foreach (var series in vector.Series)
        {
            var values = new double[grid.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = -series.Values[i];
            }

            output.Add(new StepSeries(LabelOps.DropMetricName(series.Labels), values, series.Present));
        }

        // Prometheus checks the whole result here, not step by step.
        if (!ShareOneMetricName(vector.Series, s => s.Labels))
        {
            RejectDuplicateLabelSets(output);
        }
        return new VectorSteps(output);
    }

    /// <summary>An instant vector selector: per step the latest sample within the lookback window, unless it is a stale marker.</summary>
    public VectorSteps EvalVectorSelector(VectorSelector vs, StepGrid grid, bool keepSampleTimes = false)
    {
        var data = _data[vs];
        var output = new List<StepSeries>(data.Length);
        long? fixedTime = vs.At.IsSet ? ResolveAt(vs.At) : null;
        var values = new double[grid.Count];
        var present = new bool[grid.Count];
        var times = keepSampleTimes ? new long[grid.Count] : null;
        foreach (var series in data)
        {
            Cancellation.ThrowIfCancellationRequested();
            var n = SelectSteps(series.Samples, vs.OffsetMs, fixedTime, grid, values, present, times);
            if (n == 0)
            {
                continue;
            }

            AddSamples(n);
            output.Add(new StepSeries(series.Labels, (double[])values.Clone(), (bool[])present.Clone()) { SampleTimes = (long[]?)times?.Clone() });
        }

        return new VectorSteps(output);
    }

    /// <summary>
    /// The same as <see cref="EvalVectorSelector"/>, one series at a time through one reused buffer, for consumers
    /// (aggregations) that fold each series in before looking at the next.
    /// </summary>
    public IEnumerable<StepSeries> StreamVectorSelector(VectorSelector vs, StepGrid grid)
    {
        long? fixedTime = vs.At.IsSet ? ResolveAt(vs.At) : null;
        var buffer = new StepSeries(Labels.Empty, grid.Count);
        foreach (var series in _data[vs])
        {
            Cancellation.ThrowIfCancellationRequested();
            var n = SelectSteps(series.Samples, vs.OffsetMs, fixedTime, grid, buffer.Values, buffer.Present, null);
            if (n == 0)
            {
                continue;
            }

            AddSamples(n);
            buffer.Labels = series.Labels;
            yield return buffer;
        }
    }

    /// <summary>Fills the value and presence of one series at every step; returns how many steps have a value.</summary>
    private int SelectSteps(Sample[] samples, long offsetMs, long? fixedTime, StepGrid grid, double[] values, bool[] present, long[]? times)
    {
        Array.Clear(present);
        var produced = 0;
        var cursor = -1;
        for (var step = 0; step < grid.Count; step++)
        {
            var refTime = (fixedTime ?? grid.At(step)) - offsetMs;
            if (cursor >= 0 && samples[cursor].T > refTime)
            {
                cursor = -1;
            }

            while (cursor + 1 < samples.Length && samples[cursor + 1].T <= refTime)
            {
                cursor++;
            }

            if (cursor < 0)
            {
                continue;
            }

            var sample = samples[cursor];
            if (sample.T < refTime - LookbackMs || Staleness.IsMarker(sample.V))
            {
                continue;
            }

            values[step] = sample.V;
            present[step] = true;
            if (times != null)
            {
                times[step] = sample.T;
            }

            produced++;
        }

        return produced;
    }

    /// <summary>A range selector or subquery as a function argument.</summary>
    public RangeInput EvalRangeInput(Expr expr, StepGrid grid)
    {
        expr = Unwrap(expr);
        if (expr is MatrixSelector ms)
        {
            var vs = ms.Selector;
            if (!_rangeSeries.TryGetValue(vs, out var series))
            {
                series = [];
                foreach (var s in _data[vs])
                {
                    series.Add(WithoutStaleMarkers(s));
                }

                _rangeSeries[vs] = series;
            }

            return new RangeInput(series, ms.RangeMs, vs.OffsetMs, vs.At.IsSet ? ResolveAt(vs.At) : null);
        }

        var sq = (SubqueryExpr)expr;
        return EvalSubquery(sq, grid);
    }

    /// <summary>Range windows never see stale markers; the stored samples are shared unless there are some to remove.</summary>
    private static PointSeries WithoutStaleMarkers(SeriesData s)
    {
        var samples = s.Samples;
        var stale = 0;
        foreach (var sample in samples)
        {
            if (Staleness.IsMarker(sample.V))
            {
                stale++;
            }
        }

        if (stale == 0)
        {
            return new PointSeries(s.Labels, samples);
        }

        var kept = new Sample[samples.Length - stale];
        var n = 0;
        foreach (var sample in samples)
        {
            if (!Staleness.IsMarker(sample.V))
            {
                kept[n++] = sample;
            }
        }

        return new PointSeries(s.Labels, kept);
    }

    private RangeInput EvalSubquery(SubqueryExpr sq, StepGrid outer)
    {
        var step = sq.StepMs > 0 ? sq.StepMs : DefaultSubqueryStepMs;
        long? fixedTime = sq.At.IsSet ? ResolveAt(sq.At) : null;
        var from = (fixedTime ?? outer.Start) - sq.OffsetMs - sq.RangeMs;
        var to = (fixedTime ?? outer.End) - sq.OffsetMs;

        // The inner grid is aligned to absolute multiples of the step, as in Prometheus.
        var alignedStart = step * (from / step);
        if (alignedStart < from)
        {
            alignedStart += step;
        }

        var inner = new StepGrid(alignedStart, to, step);
        var series = new List<PointSeries>();
        if (inner.Count > 0)
        {
            var value = EvalVector(sq.Expr, inner);
            foreach (var s in value.Series)
            {
                var n = s.CountPresent();
                if (n == 0)
                {
                    continue;
                }

                var points = new Sample[n];
                var k = 0;
                for (var i = 0; i < inner.Count; i++)
                {
                    if (s.Present[i])
                    {
                        points[k++] = new Sample(inner.At(i), s.Values[i]);
                    }
                }

                series.Add(new PointSeries(s.Labels, points));
                AddSamples(n);
            }
        }

        return new RangeInput(series, sq.RangeMs, sq.OffsetMs, fixedTime);
    }

    /// <summary>A range selector or subquery as the whole query: only valid for instant queries (one step).</summary>
    private MatrixResult EvalRangeAtTop(Expr expr, StepGrid grid)
    {
        var input = EvalRangeInput(expr, grid);
        var maxt = input.WindowEnd(grid.Start);
        var mint = maxt - input.RangeMs;
        var output = new List<PointSeries>();
        foreach (var s in input.Series)
        {
            var lo = LowerBound(s.Samples, 0, mint);
            var hi = LowerBound(s.Samples, lo, maxt + 1);
            if (hi > lo)
            {
                output.Add(new PointSeries(s.Labels, s.Samples[lo..hi]));
                AddSamples(hi - lo);
            }
        }

        return new MatrixResult(output);
    }

    /// <summary>First index at or after <paramref name="from"/> whose time is &gt;= t.</summary>
    public static int LowerBound(Sample[] samples, int from, long t)
    {
        var lo = from;
        var hi = samples.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (samples[mid].T < t)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>
    /// True when every label set has the same metric name (or none): dropping the name then cannot make two distinct
    /// label sets equal, so the duplicate checks can be skipped.
    /// </summary>
    public static bool ShareOneMetricName<T>(List<T> series, Func<T, Labels> labels)
    {
        if (series.Count < 2)
        {
            return true;
        }

        var first = labels(series[0]).Get(Labels.MetricName);
        for (var i = 1; i < series.Count; i++)
        {
            if (!string.Equals(labels(series[i]).Get(Labels.MetricName), first, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><see cref="MergeSameLabels"/> for results whose only label change was dropping the metric name.</summary>
    public static List<StepSeries> MergeAfterNameDrop(List<StepSeries> input, List<StepSeries> output, int steps) =>
        ShareOneMetricName(input, s => s.Labels) ? output : MergeSameLabels(output, steps);

    /// <summary>Fails when two series of a result share a label set at all (Prometheus's check for range functions and negation).</summary>
    public static void RejectDuplicateLabelSets(List<StepSeries> series)
    {
        if (series.Count < 2)
        {
            return;
        }

        var seen = new HashSet<Labels>();
        foreach (var s in series)
        {
            if (!seen.Add(s.Labels))
            {
                throw Fail("vector cannot contain metrics with the same labelset");
            }
        }
    }

    /// <summary>
    /// Joins series whose label sets became equal (after dropping the name, relabelling, ...). Two of them present at
    /// the same step is the per-step "same labelset" error of Prometheus.
    /// </summary>
    public static List<StepSeries> MergeSameLabels(List<StepSeries> series, int steps)
    {
        if (series.Count < 2)
        {
            return series;
        }

        var index = new Dictionary<Labels, int>(series.Count);
        List<StepSeries>? merged = null;
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            if (index.TryGetValue(s.Labels, out var target))
            {
                merged ??= series.GetRange(0, i);
                var into = merged[target];
                if (ReferenceEquals(into, series[target]))
                {
                    into = new StepSeries(into.Labels, (double[])into.Values.Clone(), (bool[])into.Present.Clone());
                    merged[target] = into;
                }

                for (var step = 0; step < steps; step++)
                {
                    if (!s.Present[step])
                    {
                        continue;
                    }

                    if (into.Present[step])
                    {
                        throw Fail("vector cannot contain metrics with the same labelset");
                    }

                    into.Present[step] = true;
                    into.Values[step] = s.Values[step];
                }

                continue;
            }

            index[s.Labels] = merged?.Count ?? i;
            merged?.Add(s);
        }

        return merged ?? series;
    }
}
