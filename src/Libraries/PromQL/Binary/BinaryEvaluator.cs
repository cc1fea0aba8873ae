using HospitalOps.PromQL.Ast;
using HospitalOps.PromQL.Evaluation;
using HospitalOps.PromQL.Model;

namespace HospitalOps.PromQL.Binary;

/// <summary>Binary expressions between scalars, a vector and a scalar, or two vectors (matching and set operators).</summary>
internal static class BinaryEvaluator
{
    public static EvalValue Evaluate(Evaluator ev, BinaryExpr b, StepGrid grid)
    {
        var lhs = ev.Eval(b.Lhs, grid);
        var rhs = ev.Eval(b.Rhs, grid);
        switch (lhs, rhs)
        {
            case (ScalarSteps l, ScalarSteps r):
                {
                    var values = new double[grid.Count];
                    for (var i = 0; i < values.Length; i++)
                    {
                        var v = Arithmetic.Apply(b.Op, l.Values[i], r.Values[i], out var keep);
                        values[i] = b.Op.IsComparison() ? (keep ? 1 : 0) : v;
                    }

                    return new ScalarSteps(values);
                }

            case (VectorSteps l, ScalarSteps r):
                return VectorScalar(b, l, r, swapped: false, grid);
            case (ScalarSteps l, VectorSteps r):
                return VectorScalar(b, r, l, swapped: true, grid);
        }

        var left = (VectorSteps)lhs;
        var right = (VectorSteps)rhs;
        return b.Op switch
        {
            BinaryOp.And or BinaryOp.Or or BinaryOp.Unless => SetOperations.Evaluate(b, left, right, grid),
            _ => VectorMatcher.Evaluate(b, left, right, grid),
        };
    }

    private static VectorSteps VectorScalar(BinaryExpr b, VectorSteps vector, ScalarSteps scalar, bool swapped, StepGrid grid)
    {
        var dropName = Arithmetic.DropsMetricName(b.Op) || b.ReturnBool;
        var comparison = b.Op.IsComparison();
        var output = new List<StepSeries>(vector.Series.Count);
        foreach (var s in vector.Series)
        {
            var values = new double[grid.Count];
            var present = new bool[grid.Count];
            var any = false;
            for (var step = 0; step < grid.Count; step++)
            {
                if (!s.Present[step])
                {
                    continue;
                }

                var sv = s.Values[step];
                var cv = scalar.Values[step];
                var value = swapped ? Arithmetic.Apply(b.Op, cv, sv, out var keep) : Arithmetic.Apply(b.Op, sv, cv, out keep);

                // A comparison filters the vector's samples, so the vector's value is kept even when it is on the right.
                if (comparison && swapped)
                {
                    value = sv;
                }

                if (b.ReturnBool)
                {
                    value = keep ? 1 : 0;
                    keep = true;
                }

                if (!keep)
                {
                    continue;
                }

                values[step] = value;
                present[step] = true;
                any = true;
            }

            if (any)
            {
                output.Add(new StepSeries(dropName ? LabelOps.DropMetricName(s.Labels) : s.Labels, values, present));
            }
        }

        return new VectorSteps(dropName ? DuplicateLabelSets.MergeAfterNameDrop(vector.Series, output, grid.Count) : output);
    }
}
