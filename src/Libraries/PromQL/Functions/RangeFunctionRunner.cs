using HospitalOps.PromQL.Ast;
using HospitalOps.PromQL.Evaluation;
using HospitalOps.PromQL.Model;

namespace HospitalOps.PromQL.Functions;

/// <summary>What a range-vector function sees at one step: the window's samples and where the window lies.</summary>
internal readonly ref struct RangeWindow
{
    /// <summary>The window's samples in time order, stale markers removed.</summary>
    public ReadOnlySpan<Sample> Samples { get; init; }

    public long StepTime { get; init; }

    public long RangeStart { get; init; }

    public long RangeEnd { get; init; }

    public long RangeMs { get; init; }

    /// <summary>The function's scalar arguments at this step (quantile, predict_linear's duration, holt_winters' factors).</summary>
    public double Arg1 { get; init; }

    public double Arg2 { get; init; }
}

internal delegate bool RangeKernel(in RangeWindow window, out double result);

/// <summary>
/// Runs a function over a range-vector argument: one series at a time, the window [t-range, t] slides forward with
/// two cursors, so every sample is visited a bounded number of times across all steps.
/// </summary>
internal static class RangeFunctionRunner
{
    public static EvalValue Evaluate(Evaluator ev, Call call, int rangeArg, StepGrid grid)
    {
        if (call.Function.Name == "absent_over_time")
        {
            return AbsentOverTime(ev.EvalRangeInput(call.Args[rangeArg], grid), call.Args[rangeArg], grid);
        }

        var output = new List<StepSeries>();
        foreach (var series in Stream(ev, call, rangeArg, grid))
        {
            output.Add(series.Copy());
        }

        return new VectorSteps(output);
    }

    /// <summary>Whether <see cref="Stream"/> can produce this call's result (every range function but absent_over_time).</summary>
    public static bool CanStream(Call call, out int rangeArg)
    {
        rangeArg = Array.IndexOf(call.Function.ArgTypes, ExprType.Matrix);
        return rangeArg >= 0 && call.Function.Name != "absent_over_time";
    }

    /// <summary>
    /// The function's output one series at a time, through one reused buffer (only series with at least one value).
    /// Two outputs with the same label set fail the query, as Prometheus checks for range functions.
    /// With <paramref name="inputLabels"/> the buffer carries the input's labels, metric name included, for a consumer
    /// that ignores the name anyway (saves building a label set per series).
    /// </summary>
    public static IEnumerable<StepSeries> Stream(Evaluator ev, Call call, int rangeArg, StepGrid grid, bool inputLabels = false)
    {
        var name = call.Function.Name;
        var input = ev.EvalRangeInput(call.Args[rangeArg], grid);
        double[]? arg1 = null;
        double[]? arg2 = null;
        var scalarArgs = 0;
        for (var i = 0; i < call.Args.Count; i++)
        {
            if (i == rangeArg)
            {
                continue;
            }

            var values = ev.EvalScalar(call.Args[i], grid).Values;
            if (scalarArgs++ == 0)
            {
                arg1 = values;
            }
            else
            {
                arg2 = values;
            }
        }

        var kernel = Kernel(name);
        var keepName = name == "last_over_time";

        // Dropping the name can only make label sets collide when the inputs have different names.
        var seen = keepName || DuplicateLabelSets.ShareOneMetricName(input.Series, s => s.Labels) ? null : new HashSet<Labels>();
        var buffer = new StepSeries(Labels.Empty, grid.Count);
        foreach (var series in input.Series)
        {
            ev.Cancellation.ThrowIfCancellationRequested();
            if (!Compute(series.Samples, input, kernel, arg1, arg2, grid, buffer))
            {
                continue;
            }

            if (seen != null && !seen.Add(LabelOps.DropMetricName(series.Labels)))
            {
                throw Evaluator.Fail("vector cannot contain metrics with the same labelset");
            }

            buffer.Labels = keepName || inputLabels ? series.Labels : LabelOps.DropMetricName(series.Labels);
            yield return buffer;
        }
    }

    private static bool Compute(Sample[] samples, RangeInput input, RangeKernel kernel, double[]? arg1, double[]? arg2, StepGrid grid, StepSeries output)
    {
        Array.Clear(output.Present);
        var any = false;
        var lo = 0;
        var hi = 0;
        for (var step = 0; step < grid.Count; step++)
        {
            var ts = grid.At(step);
            var maxt = input.WindowEnd(ts);
            var mint = maxt - input.RangeMs;
            while (lo < samples.Length && samples[lo].T < mint)
            {
                lo++;
            }

            if (hi < lo)
            {
                hi = lo;
            }

            while (hi < samples.Length && samples[hi].T <= maxt)
            {
                hi++;
            }

            if (hi == lo)
            {
                continue;
            }

            var window = new RangeWindow
            {
                Samples = samples.AsSpan(lo, hi - lo),
                StepTime = ts,
                RangeStart = mint,
                RangeEnd = maxt,
                RangeMs = input.RangeMs,
                Arg1 = arg1?[step] ?? 0,
                Arg2 = arg2?[step] ?? 0,
            };
            if (!kernel(window, out var value))
            {
                continue;
            }

            output.Values[step] = value;
            output.Present[step] = true;
            any = true;
        }

        return any;
    }

    private static VectorSteps AbsentOverTime(RangeInput input, Expr arg, StepGrid grid)
    {
        var result = new StepSeries(FunctionEvaluator.AbsentLabels(arg), grid.Count);
        for (var step = 0; step < grid.Count; step++)
        {
            var maxt = input.WindowEnd(grid.At(step));
            var mint = maxt - input.RangeMs;
            var any = false;
            foreach (var s in input.Series)
            {
                var lo = Evaluator.LowerBound(s.Samples, 0, mint);
                if (lo < s.Samples.Length && s.Samples[lo].T <= maxt)
                {
                    any = true;
                    break;
                }
            }

            if (!any)
            {
                result.Present[step] = true;
                result.Values[step] = 1;
            }
        }

        return new VectorSteps(result.Any() ? [result] : []);
    }

    private static RangeKernel Kernel(string name) => name switch
    {
        "rate" => RateFunctions.Rate,
        "increase" => RateFunctions.Increase,
        "delta" => RateFunctions.Delta,
        "irate" => RateFunctions.IRate,
        "idelta" => RateFunctions.IDelta,
        "changes" => CounterFunctions.Changes,
        "resets" => CounterFunctions.Resets,
        "deriv" => TrendFunctions.Deriv,
        "predict_linear" => TrendFunctions.PredictLinear,
        "holt_winters" => TrendFunctions.HoltWinters,
        "avg_over_time" => OverTimeFunctions.Avg,
        "min_over_time" => OverTimeFunctions.Min,
        "max_over_time" => OverTimeFunctions.Max,
        "sum_over_time" => OverTimeFunctions.Sum,
        "count_over_time" => OverTimeFunctions.Count,
        "quantile_over_time" => OverTimeFunctions.Quantile,
        "stddev_over_time" => OverTimeFunctions.Stddev,
        "stdvar_over_time" => OverTimeFunctions.Stdvar,
        "last_over_time" => OverTimeFunctions.Last,
        "present_over_time" => OverTimeFunctions.Present,
        _ => throw Evaluator.Fail("function \"" + name + "\" is not implemented"),
    };
}
