using HospitalOps.PromQL.Model;

namespace HospitalOps.PromQL.Ast;

/// <summary>The type an expression evaluates to (Prometheus's ValueType), named as in its error messages.</summary>
public enum ExprType
{
    None,
    Scalar,
    Vector,
    Matrix,
    String,
}

public static class ExprTypeNames
{
    public static string Describe(this ExprType type) => type switch
    {
        ExprType.Scalar => "scalar",
        ExprType.Vector => "instant vector",
        ExprType.Matrix => "range vector",
        ExprType.String => "string",
        _ => "none",
    };
}

/// <summary>A node of a parsed query. Start/End are zero-based character offsets in the query text.</summary>
public abstract class Expr
{
    public int Start { get; internal set; }

    public int End { get; internal set; }

    public abstract ExprType Type { get; }

    /// <summary>The expression as PromQL text.</summary>
    public abstract override string ToString();
}

public sealed class NumberLiteral(double value) : Expr
{
    public double Value { get; } = value;

    public override ExprType Type => ExprType.Scalar;

    public override string ToString() => Printer.FormatNumber(Value);
}

public sealed class StringLiteral(string value) : Expr
{
    public string Value { get; } = value;

    public override ExprType Type => ExprType.String;

    public override string ToString() => Printer.Quote(Value);
}

public enum AtKind
{
    None,
    Timestamp,
    Start,
    End,
}

/// <summary>The <c>@</c> modifier: a fixed timestamp, or the query's start or end.</summary>
public readonly record struct AtModifier(AtKind Kind, long TimestampMs)
{
    public static readonly AtModifier None = new(AtKind.None, 0);

    public bool IsSet => Kind != AtKind.None;

    public override string ToString() => Kind switch
    {
        AtKind.Timestamp => " @ " + Printer.FormatNumber(TimestampMs / 1000.0),
        AtKind.Start => " @ start()",
        AtKind.End => " @ end()",
        _ => string.Empty,
    };
}

public sealed class VectorSelector : Expr
{
    public string? Name { get; init; }

    public required IReadOnlyList<Matcher> Matchers { get; init; }

    public long OffsetMs { get; internal set; }

    public AtModifier At { get; internal set; }

    public override ExprType Type => ExprType.Vector;

    public override string ToString() => Printer.Selector(this) + Printer.Modifiers(At, OffsetMs);
}

public sealed class MatrixSelector : Expr
{
    public required VectorSelector Selector { get; init; }

    public long RangeMs { get; init; }

    public override ExprType Type => ExprType.Matrix;

    public override string ToString() => Printer.Selector(Selector) + "[" + Printer.FormatDuration(RangeMs) + "]" + Printer.Modifiers(Selector.At, Selector.OffsetMs);
}

public sealed class SubqueryExpr : Expr
{
    public required Expr Expr { get; init; }

    public long RangeMs { get; init; }

    /// <summary>0 when the query left it out (<c>[30m:]</c>): the engine's default subquery step applies.</summary>
    public long StepMs { get; init; }

    public long OffsetMs { get; internal set; }

    public AtModifier At { get; internal set; }

    public override ExprType Type => ExprType.Matrix;

    public override string ToString() => Expr + "[" + Printer.FormatDuration(RangeMs) + ":" + (StepMs > 0 ? Printer.FormatDuration(StepMs) : string.Empty) + "]" + Printer.Modifiers(At, OffsetMs);
}

public sealed class ParenExpr(Expr inner) : Expr
{
    public Expr Inner { get; } = inner;

    public override ExprType Type => Inner.Type;

    public override string ToString() => "(" + Inner + ")";
}

public sealed class UnaryExpr(bool negate, Expr operand) : Expr
{
    public bool Negate { get; } = negate;

    public Expr Operand { get; } = operand;

    public override ExprType Type => Operand.Type;

    public override string ToString() => (Negate ? "-" : "+") + Operand;
}

public enum BinaryOp
{
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Atan2,
    Eql,
    Neq,
    Gtr,
    Lss,
    Gte,
    Lte,
    And,
    Or,
    Unless,
}

public static class BinaryOps
{
    public static bool IsComparison(this BinaryOp op) => op is BinaryOp.Eql or BinaryOp.Neq or BinaryOp.Gtr or BinaryOp.Lss or BinaryOp.Gte or BinaryOp.Lte;

    public static bool IsSetOperator(this BinaryOp op) => op is BinaryOp.And or BinaryOp.Or or BinaryOp.Unless;

    public static string Symbol(this BinaryOp op) => op switch
    {
        BinaryOp.Add => "+",
        BinaryOp.Sub => "-",
        BinaryOp.Mul => "*",
        BinaryOp.Div => "/",
        BinaryOp.Mod => "%",
        BinaryOp.Pow => "^",
        BinaryOp.Atan2 => "atan2",
        BinaryOp.Eql => "==",
        BinaryOp.Neq => "!=",
        BinaryOp.Gtr => ">",
        BinaryOp.Lss => "<",
        BinaryOp.Gte => ">=",
        BinaryOp.Lte => "<=",
        BinaryOp.And => "and",
        BinaryOp.Or => "or",
        _ => "unless",
    };
}

public enum MatchCardinality
{
    OneToOne,
    ManyToOne,
    OneToMany,
    ManyToMany,
}

public sealed class VectorMatching
{
    public MatchCardinality Card { get; internal set; }

    public IReadOnlyList<string> MatchingLabels { get; init; } = [];

    /// <summary>True for <c>on(...)</c>, false for <c>ignoring(...)</c> or no clause.</summary>
    public bool On { get; init; }

    /// <summary>The labels listed in <c>group_left(...)</c>/<c>group_right(...)</c>.</summary>
    public IReadOnlyList<string> Include { get; init; } = [];
}

public sealed class BinaryExpr : Expr
{
    public required BinaryOp Op { get; init; }

    public required Expr Lhs { get; init; }

    public required Expr Rhs { get; init; }

    public bool ReturnBool { get; init; }

    /// <summary>Null when one side is a scalar.</summary>
    public VectorMatching? Matching { get; internal set; }

    public override ExprType Type => Lhs.Type == ExprType.Scalar && Rhs.Type == ExprType.Scalar ? ExprType.Scalar : ExprType.Vector;

    public override string ToString() => Lhs + " " + Op.Symbol() + (ReturnBool ? " bool" : string.Empty) + Printer.Matching(Matching) + " " + Rhs;
}

public enum AggregationOp
{
    Sum,
    Avg,
    Count,
    Min,
    Max,
    Group,
    Stddev,
    Stdvar,
    Topk,
    Bottomk,
    CountValues,
    Quantile,
}

public sealed class AggregateExpr : Expr
{
    public required AggregationOp Op { get; init; }

    public required Expr Expr { get; init; }

    public Expr? Param { get; init; }

    public IReadOnlyList<string> Grouping { get; init; } = [];

    public bool Without { get; init; }

    public override ExprType Type => ExprType.Vector;

    public override string ToString() => Printer.Aggregate(this);
}

public sealed class Call : Expr
{
    public required FunctionDef Function { get; init; }

    public required IReadOnlyList<Expr> Args { get; init; }

    public override ExprType Type => Function.ReturnType;

    public override string ToString() => Function.Name + "(" + string.Join(", ", Args) + ")";
}
