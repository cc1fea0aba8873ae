using HospitalOps.PromQL.Ast;

namespace HospitalOps.PromQL.Evaluation;

/// <summary>
/// Tells whether an expression's value cannot change from step to step: every selector and subquery in it is pinned
/// with <c>@</c> and no function reads the evaluation time (Prometheus's list of functions unsafe with <c>@</c>).
/// </summary>
internal sealed class StepInvariance
{
    private static readonly HashSet<string> TimeDependentFunctions =
    [
        "days_in_month", "day_of_month", "day_of_week", "day_of_year", "hour", "minute", "month", "year",
        "predict_linear", "time", "timestamp",
    ];

    private readonly Dictionary<Expr, bool> _known = new(ReferenceEqualityComparer.Instance);

    public bool IsStepInvariant(Expr expr)
    {
        if (_known.TryGetValue(expr, out var known))
        {
            return known;
        }

        var result = expr switch
        {
            NumberLiteral or StringLiteral => true,
            VectorSelector vs => vs.At.IsSet,
            MatrixSelector ms => ms.Selector.At.IsSet,
            SubqueryExpr sq => sq.At.IsSet,
            ParenExpr p => IsStepInvariant(p.Inner),
            UnaryExpr u => IsStepInvariant(u.Operand),
            BinaryExpr b => IsStepInvariant(b.Lhs) && IsStepInvariant(b.Rhs),
            AggregateExpr a => IsStepInvariant(a.Expr) && (a.Param == null || IsStepInvariant(a.Param)),
            Call c => !TimeDependentFunctions.Contains(c.Function.Name) && c.Args.All(IsStepInvariant),
            _ => false,
        };
        _known[expr] = result;
        return result;
    }
}
