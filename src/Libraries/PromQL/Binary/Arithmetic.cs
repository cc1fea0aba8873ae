using HospitalOps.PromQL.Ast;

namespace HospitalOps.PromQL.Binary;

/// <summary>The value of one operator applied to two floats; comparisons return the left value and whether it passes.</summary>
internal static class Arithmetic
{
    public static double Apply(BinaryOp op, double l, double r, out bool keep)
    {
        keep = true;
        switch (op)
        {
            case BinaryOp.Add: return l + r;
            case BinaryOp.Sub: return l - r;
            case BinaryOp.Mul: return l * r;
            case BinaryOp.Div: return l / r;
            case BinaryOp.Pow: return Math.Pow(l, r);
            case BinaryOp.Mod: return l % r;
            case BinaryOp.Atan2: return Math.Atan2(l, r);
            case BinaryOp.Eql: keep = l == r; return l;
            case BinaryOp.Neq: keep = l != r; return l;
            case BinaryOp.Gtr: keep = l > r; return l;
            case BinaryOp.Lss: keep = l < r; return l;
            case BinaryOp.Gte: keep = l >= r; return l;
            case BinaryOp.Lte: keep = l <= r; return l;
            default: throw new InvalidOperationException("not an arithmetic or comparison operator: " + op);
        }
    }

    /// <summary>
    /// Arithmetic changes what a value means, so its result loses the metric name; filters keep it. Prometheus 2.42
    /// keeps the name for atan2 as well.
    /// </summary>
    public static bool DropsMetricName(BinaryOp op) => op is BinaryOp.Add or BinaryOp.Sub or BinaryOp.Mul or BinaryOp.Div or BinaryOp.Mod or BinaryOp.Pow;
}
