using HospitalOps.PromQL.Ast;
using HospitalOps.PromQL.Storage;

namespace HospitalOps.PromQL.Evaluation;

/// <summary>
/// Walks the AST before evaluation and works out, per selector, the time span of samples it can ever read
/// (offset, @, range, enclosing subqueries and the lookback all widen or move it), so each selector is fetched once.
/// </summary>
internal static class SelectorPlanner
{
    public static List<(VectorSelector Selector, SelectRequest Request)> Plan(Expr root, long start, long end, long stepMs, long lookbackMs)
    {
        var result = new List<(VectorSelector, SelectRequest)>();
        Walk(root, start, end, stepMs, lookbackMs, null, 0, result, start, end);
        return result;
    }

    private static void Walk(Expr e, long from, long to, long stepMs, long lookbackMs, string? function, long rangeMs,
        List<(VectorSelector, SelectRequest)> result, long queryStart, long queryEnd)
    {
        switch (e)
        {
            case VectorSelector vs:
                {
                    var (refFrom, refTo) = References(vs.At, vs.OffsetMs, from, to, queryStart, queryEnd);
                    var lookBack = rangeMs > 0 ? rangeMs : lookbackMs;
                    result.Add((vs, new SelectRequest(vs.Matchers, refFrom - lookBack, refTo, stepMs, function, rangeMs)));
                    break;
                }

            case MatrixSelector ms:
                Walk(ms.Selector, from, to, stepMs, lookbackMs, function, ms.RangeMs, result, queryStart, queryEnd);
                break;
            case SubqueryExpr sq:
                {
                    var (refFrom, refTo) = References(sq.At, sq.OffsetMs, from, to, queryStart, queryEnd);
                    Walk(sq.Expr, refFrom - sq.RangeMs, refTo, sq.StepMs, lookbackMs, null, 0, result, queryStart, queryEnd);
                    break;
                }

            case ParenExpr p:
                Walk(p.Inner, from, to, stepMs, lookbackMs, function, rangeMs, result, queryStart, queryEnd);
                break;
            case UnaryExpr u:
                Walk(u.Operand, from, to, stepMs, lookbackMs, null, 0, result, queryStart, queryEnd);
                break;
            case BinaryExpr b:
                Walk(b.Lhs, from, to, stepMs, lookbackMs, null, 0, result, queryStart, queryEnd);
                Walk(b.Rhs, from, to, stepMs, lookbackMs, null, 0, result, queryStart, queryEnd);
                break;
            case AggregateExpr a:
                if (a.Param != null)
                {
                    Walk(a.Param, from, to, stepMs, lookbackMs, null, 0, result, queryStart, queryEnd);
                }

                Walk(a.Expr, from, to, stepMs, lookbackMs, null, 0, result, queryStart, queryEnd);
                break;
            case Call c:
                foreach (var arg in c.Args)
                {
                    Walk(arg, from, to, stepMs, lookbackMs, c.Function.Name, 0, result, queryStart, queryEnd);
                }

                break;
        }
    }

    private static (long From, long To) References(AtModifier at, long offsetMs, long from, long to, long queryStart, long queryEnd)
    {
        if (at.IsSet)
        {
            var t = at.Kind switch
            {
                AtKind.Start => queryStart,
                AtKind.End => queryEnd,
                _ => at.TimestampMs,
            };
            return (t - offsetMs, t - offsetMs);
        }

        return (from - offsetMs, to - offsetMs);
    }
}
