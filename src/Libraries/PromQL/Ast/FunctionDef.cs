namespace HospitalOps.PromQL.Ast;

/// <summary>
/// A PromQL function's signature. <see cref="Variadic"/> is how many trailing arguments of the last declared type
/// may be left out (positive) or repeated without limit (-1), as in Prometheus.
/// </summary>
public sealed record FunctionDef(string Name, ExprType[] ArgTypes, ExprType ReturnType, int Variadic = 0);

/// <summary>Every function of Prometheus 2.42 the parser accepts.</summary>
public static class FunctionCatalog
{
    private static readonly Dictionary<string, FunctionDef> Functions = Build();

    public static FunctionDef? Find(string name) => Functions.GetValueOrDefault(name);

    private static Dictionary<string, FunctionDef> Build()
    {
        const ExprType V = ExprType.Vector;
        const ExprType M = ExprType.Matrix;
        const ExprType S = ExprType.Scalar;
        const ExprType Str = ExprType.String;
        var list = new List<FunctionDef>
        {
            new("absent", [V], V),
            new("absent_over_time", [M], V),
            new("avg_over_time", [M], V),
            new("changes", [M], V),
            new("clamp", [V, S, S], V),
            new("clamp_max", [V, S], V),
            new("clamp_min", [V, S], V),
            new("count_over_time", [M], V),
            new("days_in_month", [V], V, 1),
            new("day_of_month", [V], V, 1),
            new("day_of_week", [V], V, 1),
            new("day_of_year", [V], V, 1),
            new("delta", [M], V),
            new("deriv", [M], V),
            new("histogram_count", [V], V),
            new("histogram_sum", [V], V),
            new("histogram_fraction", [S, S, V], V),
            new("histogram_quantile", [S, V], V),
            new("holt_winters", [M, S, S], V),
            new("hour", [V], V, 1),
            new("idelta", [M], V),
            new("increase", [M], V),
            new("irate", [M], V),
            new("label_replace", [V, Str, Str, Str, Str], V),
            new("label_join", [V, Str, Str, Str], V, -1),
            new("last_over_time", [M], V),
            new("max_over_time", [M], V),
            new("min_over_time", [M], V),
            new("minute", [V], V, 1),
            new("month", [V], V, 1),
            new("pi", [], S),
            new("predict_linear", [M, S], V),
            new("present_over_time", [M], V),
            new("quantile_over_time", [S, M], V),
            new("rate", [M], V),
            new("resets", [M], V),
            new("round", [V, S], V, 1),
            new("scalar", [V], S),
            new("sort", [V], V),
            new("sort_desc", [V], V),
            new("stddev_over_time", [M], V),
            new("stdvar_over_time", [M], V),
            new("sum_over_time", [M], V),
            new("time", [], S),
            new("timestamp", [V], V),
            new("vector", [S], V),
            new("year", [V], V, 1),
        };
        foreach (var simple in new[]
                 {
                     "abs", "ceil", "exp", "floor", "ln", "log10", "log2", "sgn", "sqrt", "acos", "acosh", "asin", "asinh", "atan", "atanh",
                     "cos", "cosh", "sin", "sinh", "tan", "tanh", "deg", "rad",
                 })
        {
            list.Add(new FunctionDef(simple, [V], V));
        }

        return list.ToDictionary(f => f.Name, StringComparer.Ordinal);
    }
}
