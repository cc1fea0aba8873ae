using HospitalOps.PromQL.Ast;
using HospitalOps.PromQL.Evaluation;

namespace HospitalOps.PromQL.Functions;

/// <summary>Functions applied to each sample's value on its own; all of them drop the metric name.</summary>
internal static class MathFunctions
{
    private static readonly Dictionary<string, Func<double, double>> Functions = new(StringComparer.Ordinal)
    {
        ["abs"] = Math.Abs,
        ["ceil"] = Math.Ceiling,
        ["floor"] = Math.Floor,
        ["exp"] = Math.Exp,
        ["sqrt"] = Math.Sqrt,
        ["ln"] = Math.Log,
        ["log2"] = Math.Log2,
        ["log10"] = Math.Log10,
        ["sgn"] = v => double.IsNaN(v) ? v : Math.Sign(v),
        ["acos"] = Math.Acos,
        ["acosh"] = Math.Acosh,
        ["asin"] = Math.Asin,
        ["asinh"] = Math.Asinh,
        ["atan"] = Math.Atan,
        ["atanh"] = Math.Atanh,
        ["cos"] = Math.Cos,
        ["cosh"] = Math.Cosh,
        ["sin"] = Math.Sin,
        ["sinh"] = Math.Sinh,
        ["tan"] = Math.Tan,
        ["tanh"] = Math.Tanh,
        ["deg"] = v => v * 180 / Math.PI,
        ["rad"] = v => v * Math.PI / 180,
    };

    public static Func<double, double> Get(string name) =>
        Functions.TryGetValue(name, out var f) ? f : throw Evaluator.Fail("function \"" + name + "\" is not implemented");

    public static VectorSteps Elementwise(VectorSteps input, Func<double, double> f, StepGrid grid)
    {
        var output = new List<StepSeries>(input.Series.Count);
        foreach (var s in input.Series)
        {
            var values = new double[grid.Count];
            for (var step = 0; step < grid.Count; step++)
            {
                if (s.Present[step])
                {
                    values[step] = f(s.Values[step]);
                }
            }

            output.Add(new StepSeries(LabelOps.DropMetricName(s.Labels), values, s.Present));
        }

        return new VectorSteps(DuplicateLabelSets.MergeAfterNameDrop(input.Series, output, grid.Count));
    }

    /// <summary>clamp, clamp_min, clamp_max and round: their bounds are scalars that may change from step to step.</summary>
    public static VectorSteps WithScalarArguments(Evaluator ev, Call call, StepGrid grid)
    {
        var input = ev.EvalVector(call.Args[0], grid);
        var a = call.Args.Count > 1 ? ev.EvalScalar(call.Args[1], grid).Values : null;
        var b = call.Args.Count > 2 ? ev.EvalScalar(call.Args[2], grid).Values : null;
        var name = call.Function.Name;
        var output = new List<StepSeries>(input.Series.Count);
        foreach (var s in input.Series)
        {
            var values = new double[grid.Count];
            var present = new bool[grid.Count];
            for (var step = 0; step < grid.Count; step++)
            {
                if (!s.Present[step])
                {
                    continue;
                }

                var v = s.Values[step];
                switch (name)
                {
                    case "clamp":
                        if (b![step] < a![step])
                        {
                            continue;
                        }

                        v = Math.Max(a[step], Math.Min(b[step], v));
                        break;
                    case "clamp_min":
                        v = Math.Max(a![step], v);
                        break;
                    case "clamp_max":
                        v = Math.Min(a![step], v);
                        break;
                    default:
                        var toNearest = a?[step] ?? 1;
                        var inverse = 1.0 / toNearest;
                        v = Math.Floor((v * inverse) + 0.5) / inverse;
                        break;
                }

                values[step] = v;
                present[step] = true;
            }

            output.Add(new StepSeries(LabelOps.DropMetricName(s.Labels), values, present));
        }

        return new VectorSteps(DuplicateLabelSets.MergeAfterNameDrop(input.Series, output, grid.Count));
    }
}
