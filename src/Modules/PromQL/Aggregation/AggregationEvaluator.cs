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

        var input = ev.EvalVector(agg.Expr, grid);
        var (groupOf, groupLabels) = Groups(input, agg);
        var steps = grid.Count;
        var cells = groupLabels.Count * steps;
        var value = new double[cells];
        var mean = new double[cells];
        var count = new long[cells];
        var op = agg.Op;
        for (var i = 0; i < input.Series.Count; i++)
        {
            ev.Cancellation.ThrowIfCancellationRequested();
            var series = input.Series[i];
            var baseCell = groupOf[i] * steps;
            var present = series.Present;
            var values = series.Values;
            for (var step = 0; step < steps; step++)
            {
                if (!present[step])
                {
                    continue;
                }

                var v = values[step];
                var cell = baseCell + step;
                var n = ++count[cell];
                if (n == 1)
                {
                    value[cell] = op is AggregationOp.Stddev or AggregationOp.Stdvar ? 0 : op == AggregationOp.Group ? 1 : v;
                    mean[cell] = v;
                    continue;
                }

                switch (op)
                {
                    case AggregationOp.Sum:
                        value[cell] += v;
                        break;
                    case AggregationOp.Avg:
                        {
                            var m = mean[cell];
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
                            mean[cell] = m + ((v / n) - (m / n));
                            break;
                        }

                    case AggregationOp.Max:
                        if (value[cell] < v || double.IsNaN(value[cell]))
                        {
                            value[cell] = v;
                        }

                        break;
                    case AggregationOp.Min:
                        if (value[cell] > v || double.IsNaN(value[cell]))
                        {
                            value[cell] = v;
                        }

                        break;
                    case AggregationOp.Stddev:
                    case AggregationOp.Stdvar:
                        {
                            var delta = v - mean[cell];
                            mean[cell] += delta / n;
                            value[cell] += delta * (v - mean[cell]);
                            break;
                        }
                }
            }
        }

        var output = new List<StepSeries>(groupLabels.Count);
        for (var g = 0; g < groupLabels.Count; g++)
        {
            var result = new StepSeries(groupLabels[g], steps);
            for (var step = 0; step < steps; step++)
            {
                var cell = (g * steps) + step;
                var n = count[cell];
                if (n == 0)
                {
                    continue;
                }

                result.Present[step] = true;
                result.Values[step] = op switch
                {
                    AggregationOp.Avg => mean[cell],
                    AggregationOp.Count => n,
                    AggregationOp.Stdvar => value[cell] / n,
                    AggregationOp.Stddev => Math.Sqrt(value[cell] / n),
                    _ => value[cell],
                };
            }

            if (result.Any())
            {
                output.Add(result);
            }
        }

        return new VectorSteps(output);
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
