using HospitalOps.PromQL.Aggregation;
using HospitalOps.PromQL.Ast;
using HospitalOps.PromQL.Binary;
using HospitalOps.PromQL.Functions;
using HospitalOps.PromQL.Model;
using HospitalOps.PromQL.Storage;

namespace HospitalOps.PromQL.Evaluation;

/// <summary>
/// Evaluates an AST over a step grid after all selectors were fetched. Each node returns its value for every step
/// of the grid it is asked for; subqueries evaluate their inner expression on their own grid.
/// </summary>
internal sealed partial class Evaluator
{
    private readonly IReadOnlyDictionary<VectorSelector, SeriesData[]> _data;
    private readonly Dictionary<VectorSelector, List<PointSeries>> _rangeSeries = [];
    private readonly StepInvariance _stepInvariance = new();
    private readonly long _maxSamples;
    private long _pointsProduced;

    public Evaluator(QueryOptions options, IReadOnlyDictionary<VectorSelector, SeriesData[]> data, long queryStart, long queryEnd, CancellationToken ct)
    {
        _data = data;
        QueryStart = queryStart;
        QueryEnd = queryEnd;
        LookbackMs = (long)options.LookbackDelta.TotalMilliseconds;
        DefaultSubqueryStepMs = Math.Max(1, (long)options.DefaultSubqueryStep.TotalMilliseconds);
        _maxSamples = options.MaxSamples;
        Cancellation = ct;
    }

    public long QueryStart { get; }

    public long QueryEnd { get; }

    public long LookbackMs { get; }

    public long DefaultSubqueryStepMs { get; }

    public CancellationToken Cancellation { get; }

    public static PromQLException Fail(string message) => new(QueryErrorType.Execution, message);

    public static PromQLException TooManySamples() => Fail("query processing would load too many samples into memory in query execution");

    /// <summary>
    /// Counts points the evaluation materialises from selectors and subqueries. Besides the samples read from the
    /// source, this bounds what a query can blow up to (a long subquery with a tiny step reads little but makes much).
    /// </summary>
    public void AddSamples(long n)
    {
        _pointsProduced += n;
        if (_pointsProduced > _maxSamples)
        {
            throw TooManySamples();
        }
    }

    public long ResolveAt(AtModifier at) => at.Kind switch
    {
        AtKind.Start => QueryStart,
        AtKind.End => QueryEnd,
        _ => at.TimestampMs,
    };

    public static Expr Unwrap(Expr e)
    {
        while (e is ParenExpr p)
        {
            e = p.Inner;
        }

        return e;
    }

    public EvalValue Eval(Expr expr, StepGrid grid)
    {
        Cancellation.ThrowIfCancellationRequested();
        if (grid.Count > 1 && expr is not (NumberLiteral or StringLiteral or MatrixSelector or SubqueryExpr) && _stepInvariance.IsStepInvariant(expr))
        {
            // Pinned by @ throughout: the value is the same at every step, so compute it once.
            return Broadcast(Eval(expr, new StepGrid(grid.Start, grid.Start, grid.Interval)), grid.Count);
        }

        return expr switch
        {
            NumberLiteral n => ScalarSteps.Constant(n.Value, grid.Count),
            StringLiteral s => new StringResult(s.Value),
            ParenExpr p => Eval(p.Inner, grid),
            UnaryExpr u => EvalUnary(u, grid),
            VectorSelector vs => EvalVectorSelector(vs, grid),
            MatrixSelector or SubqueryExpr => EvalRangeAtTop(expr, grid),
            BinaryExpr b => BinaryEvaluator.Evaluate(this, b, grid),
            AggregateExpr a => AggregationEvaluator.Evaluate(this, a, grid),
            Call c => FunctionEvaluator.Evaluate(this, c, grid),
            _ => throw Fail("unsupported expression " + expr.GetType().Name),
        };
    }

    public VectorSteps EvalVector(Expr expr, StepGrid grid) => (VectorSteps)Eval(expr, grid);

    public ScalarSteps EvalScalar(Expr expr, StepGrid grid) => (ScalarSteps)Eval(expr, grid);

    private static EvalValue Broadcast(EvalValue single, int steps)
    {
        switch (single)
        {
            case ScalarSteps s:
                return ScalarSteps.Constant(s.Values[0], steps);
            case VectorSteps v:
                {
                    var output = new List<StepSeries>(v.Series.Count);
                    foreach (var series in v.Series)
                    {
                        if (!series.Present[0])
                        {
                            continue;
                        }

                        var values = new double[steps];
                        var present = new bool[steps];
                        Array.Fill(values, series.Values[0]);
                        Array.Fill(present, true);
                        output.Add(new StepSeries(series.Labels, values, present));
                    }

                    return new VectorSteps(output);
                }

            default:
                return single;
        }
    }

    private EvalValue EvalUnary(UnaryExpr u, StepGrid grid)
    {
        var inner = Eval(u.Operand, grid);
        if (!u.Negate)
        {
            return inner;
        }

        if (inner is ScalarSteps s)
        {
            var values = new double[s.Values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = -s.Values[i];
            }

            return new ScalarSteps(values);
        }

        var vector = (VectorSteps)inner;
        var output = new List<StepSeries>(vector.Series.Count);
        foreach (var series in vector.Series)
        {
            var values = new double[grid.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = -series.Values[i];
            }

            output.Add(new StepSeries(LabelOps.DropMetricName(series.Labels), values, series.Present));
        }

        // Prometheus checks the whole result here, not step by step.
        if (!DuplicateLabelSets.ShareOneMetricName(vector.Series, s => s.Labels))
        {
            DuplicateLabelSets.RejectDuplicateLabelSets(output);
        }
        return new VectorSteps(output);
    }
}
