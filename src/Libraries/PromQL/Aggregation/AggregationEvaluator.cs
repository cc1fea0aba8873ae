using HospitalOps.PromQL.Ast;
using HospitalOps.PromQL.Evaluation;
using HospitalOps.PromQL.Functions;
using HospitalOps.PromQL.Model;

namespace HospitalOps.PromQL.Aggregation;

/// <summary>
/// sum, avg, count, min, max, group, stddev, stdvar and quantile. The group of each input series is computed once;
/// accumulation runs series by series over all steps so each series' values are read contiguously.
/// </summary>
internal static class AggregationEvaluator
{
    public static EvalValue Evaluate(Evaluator ev, AggregateExpr agg, StepGrid grid)
    {
        switch (agg.Op)
        {
            case AggregationOp.Topk:
            case AggregationOp.Bottomk:
                return TopK.Evaluate(ev.EvalScalar(agg.Param!, grid), ev.EvalVector(agg.Expr, grid), agg, grid);
            case AggregationOp.CountValues:
                {
                    var label = ((StringResult)ev.Eval(agg.Param!, grid)).Value;
                    return CountValues.Evaluate(label, ev.EvalVector(agg.Expr, grid), agg, grid);
                }

            case AggregationOp.Quantile:
                return Quantile(ev.EvalScalar(agg.Param!, grid), ev.EvalVector(agg.Expr, grid), agg, grid);
        }

        var steps = grid.Count;
        var op = agg.Op;
        var grouper = !agg.Without && agg.Grouping.Count == 0 ? null : new LabelGrouper(agg.Grouping, keepNames: !agg.Without);
        var value = new List<double[]>();
        var mean = new List<double[]>();
        var count = new List<long[]>();
        foreach (var series in Inputs(ev, agg, grid))
        {
            var g = grouper?.Add(series.Labels) ?? 0;
            if (g == value.Count)
            {
                value.Add(new double[steps]);
                mean.Add(new double[steps]);
                count.Add(new long[steps]);
            }

            Accumulate(op, series, value[g], mean[g], count[g]);
        }

        var output = new List<StepSeries>(value.Count);
        for (var g = 0; g < value.Count; g++)
        {
            var result = new StepSeries(grouper?.Keys[g] ?? Labels.Empty, steps);
            for (var step = 0; step < steps; step++)
            {
                var n = count[g][step];
                if (n == 0)
                {
                    continue;
                }

                result.Present[step] = true;
                result.Values[step] = op switch
                {
                    AggregationOp.Avg => mean[g][step],
                    AggregationOp.Count => n,
                    AggregationOp.Stdvar => value[g][step] / n,
                    AggregationOp.Stddev => Math.Sqrt(value[g][step] / n),
                    _ => value[g][step],
                };
            }

            if (result.Any())
            {
                output.Add(result);
            }
        }

        return new VectorSteps(output);
    }

    /// <summary>
    /// The aggregated series. Selectors and range functions are folded in one series at a time without keeping
    /// their output; anything else is evaluated first.
    /// </summary>
    private static IEnumerable<StepSeries> Inputs(Evaluator ev, AggregateExpr agg, StepGrid grid)
    {
        var expr = agg.Expr;
        var inner = Evaluator.Unwrap(expr);
        if (inner is VectorSelector vs)
        {
            return ev.StreamVectorSelector(vs, grid);
        }

        if (inner is Call call && RangeFunctionRunner.CanStream(call, out var rangeArg))
        {
            // Grouping that never keeps the metric name gives the same groups with or without it.
            var nameIgnored = agg.Without || !agg.Grouping.Contains(Labels.MetricName);
            return RangeFunctionRunner.Stream(ev, call, rangeArg, grid, inputLabels: nameIgnored);
        }

        return ev.EvalVector(expr, grid).Series;
    }

    private static void Accumulate(AggregationOp op, StepSeries series, double[] value, double[] mean, long[] count)
    {
        var present = series.Present;
        var values = series.Values;
        for (var step = 0; step < present.Length; step++)
        {
            if (!present[step])
            {
                continue;
            }

            var v = values[step];
            var n = ++count[step];
            if (n == 1)
            {
                value[step] = op is AggregationOp.Stddev or AggregationOp.Stdvar ? 0 : op == AggregationOp.Group ? 1 : v;
                mean[step] = v;
                continue;
            }

            switch (op)
            {
                case AggregationOp.Sum:
                    value[step] += v;
                    break;
                case AggregationOp.Avg:
                    {
                        var m = mean[step];
                        if (double.IsInfinity(m))
                        {
                            if (double.IsInfinity(v) && (m > 0) == (v > 0))
                            {
                                break;
                            }

                            if (!double.IsInfinity(v) && !double.IsNaN(v))
                            {
                                break;
                            }
                        }

                        // Dividing both terms by n avoids overflowing where the sum of large values would.
                        mean[step] = m + ((v / n) - (m / n));
                        break;
                    }

                case AggregationOp.Max:
                    if (value[step] < v || double.IsNaN(value[step]))
                    {
                        value[step] = v;
                    }

                    break;
                case AggregationOp.Min:
                    if (value[step] > v || double.IsNaN(value[step]))
                    {
                        value[step] = v;
                    }

                    break;
                case AggregationOp.Stddev:
                case AggregationOp.Stdvar:
                    {
                        var delta = v - mean[step];
                        mean[step] += delta / n;
                        value[step] += delta * (v - mean[step]);
                        break;
                    }
            }
        }
    }

    /// <summary>The output label set of a series: only the <c>by</c> labels, or all but the <c>without</c> labels and the name.</summary>
    public static Labels GroupLabels(Labels labels, AggregateExpr agg) =>
        agg.Without ? LabelOps.Without(labels, agg.Grouping, dropName: true) :
        agg.Grouping.Count == 0 ? Labels.Empty : LabelOps.Keep(labels, agg.Grouping);

    public static (int[] GroupOf, List<Labels> GroupLabels) Groups(VectorSteps input, AggregateExpr agg)
    {
        var groupOf = new int[input.Series.Count];
        if (!agg.Without && agg.Grouping.Count == 0)
        {
            return (groupOf, [Labels.Empty]);
        }

        var grouper = new LabelGrouper(agg.Grouping, keepNames: !agg.Without);
        for (var i = 0; i < input.Series.Count; i++)
        {
            groupOf[i] = grouper.Add(input.Series[i].Labels);
        }

        return (groupOf, grouper.Keys.ToList());
    }

    private static VectorSteps Quantile(ScalarSteps q, VectorSteps input, AggregateExpr agg, StepGrid grid)
    {
        var (groupOf, groupLabels) = Groups(input, agg);
        var members = new List<int>[groupLabels.Count];
        for (var g = 0; g < members.Length; g++)
        {
            members[g] = [];
        }

        for (var i = 0; i < groupOf.Length; i++)
        {
            members[groupOf[i]].Add(i);
        }

        var buffer = new double[input.Series.Count];
        var output = new List<StepSeries>(groupLabels.Count);
        for (var g = 0; g < groupLabels.Count; g++)
        {
            var result = new StepSeries(groupLabels[g], grid.Count);
            for (var step = 0; step < grid.Count; step++)
            {
                var n = 0;
                foreach (var i in members[g])
                {
                    var s = input.Series[i];
                    if (s.Present[step])
                    {
                        buffer[n++] = s.Values[step];
                    }
                }

                if (n == 0)
                {
                    continue;
                }

                result.Present[step] = true;
                result.Values[step] = OverTimeFunctions.QuantileOf(q.Values[step], buffer.AsSpan(0, n));
            }

            if (result.Any())
            {
                output.Add(result);
            }
        }

        return new VectorSteps(output);
    }
}
