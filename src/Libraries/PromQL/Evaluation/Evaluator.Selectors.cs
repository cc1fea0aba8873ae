using HospitalOps.PromQL.Ast;
using HospitalOps.PromQL.Model;
using HospitalOps.PromQL.Storage;

namespace HospitalOps.PromQL.Evaluation;

/// <summary>Selectors, range arguments and subqueries: where evaluation meets the fetched samples.</summary>
internal sealed partial class Evaluator
{
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

        if (to >= alignedStart && ((to - alignedStart) / step) + 1 > _maxSamples)
        {
            // Even one series over this many steps would exceed the limit; refuse before allocating for it.
            throw TooManySamples();
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
}
