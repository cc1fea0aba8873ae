using HospitalOps.PromQL.Ast;
using HospitalOps.PromQL.Evaluation;
using HospitalOps.PromQL.Model;

namespace HospitalOps.PromQL.Functions;

/// <summary>Dispatches a function call to the file that implements it.</summary>
internal static class FunctionEvaluator
{
    public static EvalValue Evaluate(Evaluator ev, Call call, StepGrid grid)
    {
        var name = call.Function.Name;
        var rangeArg = IndexOfRangeArgument(call);
        if (rangeArg >= 0)
        {
            return RangeFunctionRunner.Evaluate(ev, call, rangeArg, grid);
        }

        switch (name)
        {
            case "time":
                {
                    var values = new double[grid.Count];
                    for (var i = 0; i < values.Length; i++)
                    {
                        values[i] = grid.At(i) / 1000.0;
                    }

                    return new ScalarSteps(values);
                }

            case "pi":
                return ScalarSteps.Constant(Math.PI, grid.Count);
            case "vector":
                {
                    var s = ev.EvalScalar(call.Args[0], grid);
                    var present = new bool[grid.Count];
                    Array.Fill(present, true);
                    return new VectorSteps([new StepSeries(Labels.Empty, (double[])s.Values.Clone(), present)]);
                }

            case "scalar":
                return ScalarOf(ev.EvalVector(call.Args[0], grid), grid);
            case "absent":
                return Absent(ev.EvalVector(call.Args[0], grid), call.Args[0], grid);
            case "timestamp":
                return Timestamp(ev, call.Args[0], grid);
            case "sort":
            case "sort_desc":
                return SortFunctions.Sort(ev.EvalVector(call.Args[0], grid), grid, name == "sort_desc");
            case "label_replace":
                return LabelFunctions.LabelReplace(ev, call, grid);
            case "label_join":
                return LabelFunctions.LabelJoin(ev, call, grid);
            case "histogram_quantile":
                return HistogramQuantile.Evaluate(ev.EvalScalar(call.Args[0], grid), ev.EvalVector(call.Args[1], grid), grid);
            case "histogram_count":
            case "histogram_sum":
            case "histogram_fraction":
                // These read native histograms only; float series never produce output.
                foreach (var arg in call.Args)
                {
                    ev.Eval(arg, grid);
                }

                return new VectorSteps([]);
            case "clamp":
            case "clamp_min":
            case "clamp_max":
            case "round":
                return MathFunctions.WithScalarArguments(ev, call, grid);
        }

        if (DateFunctions.IsDateFunction(name))
        {
            return DateFunctions.Evaluate(ev, call, grid);
        }

        return MathFunctions.Elementwise(ev.EvalVector(call.Args[0], grid), MathFunctions.Get(name), grid);
    }

    private static int IndexOfRangeArgument(Call call)
    {
        for (var i = 0; i < call.Function.ArgTypes.Length && i < call.Args.Count; i++)
        {
            if (call.Function.ArgTypes[i] == ExprType.Matrix)
            {
                return i;
            }
        }

        return -1;
    }

    private static ScalarSteps ScalarOf(VectorSteps v, StepGrid grid)
    {
        var values = new double[grid.Count];
        for (var step = 0; step < grid.Count; step++)
        {
            var count = 0;
            var value = double.NaN;
            foreach (var s in v.Series)
            {
                if (s.Present[step])
                {
                    count++;
                    value = s.Values[step];
                }
            }

            values[step] = count == 1 ? value : double.NaN;
        }

        return new ScalarSteps(values);
    }

    private static VectorSteps Absent(VectorSteps v, Expr arg, StepGrid grid)
    {
        var result = new StepSeries(AbsentLabels(arg), grid.Count);
        for (var step = 0; step < grid.Count; step++)
        {
            var any = false;
            foreach (var s in v.Series)
            {
                if (s.Present[step])
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

    /// <summary>
    /// The labels absent()/absent_over_time() report: the equality matchers of a plain selector, except names matched
    /// more than once (Prometheus's historic behaviour).
    /// </summary>
    public static Labels AbsentLabels(Expr arg)
    {
        arg = Evaluator.Unwrap(arg);
        var vs = arg switch
        {
            VectorSelector v => v,
            MatrixSelector m => m.Selector,
            _ => null,
        };
        if (vs == null)
        {
            return Labels.Empty;
        }

        var result = Labels.Empty;
        var seen = new HashSet<string>();
        foreach (var m in vs.Matchers)
        {
            if (m.Name == Labels.MetricName)
            {
                continue;
            }

            if (m.Type == Model.MatchType.Equal && seen.Add(m.Name))
            {
                result = LabelOps.Set(result, m.Name, m.Value);
            }
            else
            {
                result = LabelOps.Set(result, m.Name, string.Empty);
            }
        }

        return result;
    }

    private static VectorSteps Timestamp(Evaluator ev, Expr arg, StepGrid grid)
    {
        var inner = Evaluator.Unwrap(arg);
        VectorSteps input;
        var fromSamples = false;
        if (inner is VectorSelector vs)
        {
            // A plain selector reports when its samples were taken, not the evaluation time.
            input = ev.EvalVectorSelector(vs, grid, keepSampleTimes: true);
            fromSamples = true;
        }
        else
        {
            input = ev.EvalVector(arg, grid);
        }

        var output = new List<StepSeries>(input.Series.Count);
        foreach (var s in input.Series)
        {
            var values = new double[grid.Count];
            for (var step = 0; step < grid.Count; step++)
            {
                if (s.Present[step])
                {
                    values[step] = (fromSamples ? s.SampleTimes![step] : grid.At(step)) / 1000.0;
                }
            }

            output.Add(new StepSeries(LabelOps.DropMetricName(s.Labels), values, s.Present));
        }

        return new VectorSteps(DuplicateLabelSets.MergeAfterNameDrop(input.Series, output, grid.Count));
    }
}
