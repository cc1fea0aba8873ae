using HospitalOps.PromQL.Ast;
using HospitalOps.PromQL.Model;
using MatchType = HospitalOps.PromQL.Model.MatchType;

namespace HospitalOps.PromQL.Parsing;

/// <summary>
/// Recursive-descent parser with precedence climbing for binary operators. Type checks run as each node is built,
/// so the first violation is reported with the position of the offending node.
/// </summary>
internal sealed partial class Parser
{
    private const int PowPrecedence = 6;

    private static readonly Dictionary<string, AggregationOp> Aggregators = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sum"] = AggregationOp.Sum,
        ["avg"] = AggregationOp.Avg,
        ["count"] = AggregationOp.Count,
        ["min"] = AggregationOp.Min,
        ["max"] = AggregationOp.Max,
        ["group"] = AggregationOp.Group,
        ["stddev"] = AggregationOp.Stddev,
        ["stdvar"] = AggregationOp.Stdvar,
        ["topk"] = AggregationOp.Topk,
        ["bottomk"] = AggregationOp.Bottomk,
        ["count_values"] = AggregationOp.CountValues,
        ["quantile"] = AggregationOp.Quantile,
    };

    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "unless", "atan2", "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset",
    };

    private readonly List<Token> _tokens;
    private int _i;

    public Parser(string query)
    {
        _tokens = new Lexer(query).Tokenize();
    }

    public Expr ParseQuery()
    {
        if (Peek().Kind == TokenKind.Eof)
        {
            throw new ParseFailure(0, "no expression found in input");
        }

        var expr = ParseExpr(0);
        if (Peek().Kind != TokenKind.Eof)
        {
            throw Unexpected(Peek());
        }

        return expr;
    }

    private Token Peek(int ahead = 0) => _tokens[Math.Min(_i + ahead, _tokens.Count - 1)];

    private Token Next() => _tokens[_i++ < _tokens.Count - 1 ? _i - 1 : _tokens.Count - 1];

    private Token Expect(TokenKind kind, string context)
    {
        var t = Peek();
        if (t.Kind != kind)
        {
            throw Unexpected(t, context);
        }

        return Next();
    }

    private static bool IsKeyword(Token t, string keyword) => t.Kind == TokenKind.Identifier && t.Text.Equals(keyword, StringComparison.OrdinalIgnoreCase);

    private static ParseFailure Unexpected(Token t, string? context = null) =>
        new(t.Pos, "unexpected " + t.Describe() + (context == null ? string.Empty : " " + context));

    private static ParseFailure Error(Expr e, string message) => new(e.Start, message);

    private Expr ParseExpr(int minPrecedence)
    {
        var lhs = ParseUnary();
        while (true)
        {
            if (!TryBinaryOp(Peek(), out var op, out var precedence) || precedence < minPrecedence)
            {
                return lhs;
            }

            var opToken = Next();
            var returnBool = false;
            if (IsKeyword(Peek(), "bool"))
            {
                Next();
                returnBool = true;
            }

            var matching = new VectorMatching { Card = op.IsSetOperator() ? MatchCardinality.ManyToMany : MatchCardinality.OneToOne };
            var groupingGiven = false;
            if (IsKeyword(Peek(), "on") || IsKeyword(Peek(), "ignoring"))
            {
                var on = IsKeyword(Next(), "on");
                var labels = ParseGroupingLabels();
                var card = matching.Card;
                IReadOnlyList<string> include = [];
                if (IsKeyword(Peek(), "group_left") || IsKeyword(Peek(), "group_right"))
                {
                    card = IsKeyword(Next(), "group_left") ? MatchCardinality.ManyToOne : MatchCardinality.OneToMany;
                    groupingGiven = true;
                    if (Peek().Kind == TokenKind.LeftParen)
                    {
                        include = ParseGroupingLabels();
                    }
                }

                matching = new VectorMatching { Card = card, On = on, MatchingLabels = labels, Include = include };
            }

            var rhs = ParseExpr(op == BinaryOp.Pow ? precedence : precedence + 1);
            lhs = MakeBinary(op, opToken, lhs, rhs, returnBool, matching, groupingGiven);
        }
    }

    private static bool TryBinaryOp(Token t, out BinaryOp op, out int precedence)
    {
        (op, precedence) = t.Kind switch
        {
            TokenKind.Add => (BinaryOp.Add, 4),
            TokenKind.Sub => (BinaryOp.Sub, 4),
            TokenKind.Mul => (BinaryOp.Mul, 5),
            TokenKind.Div => (BinaryOp.Div, 5),
            TokenKind.Mod => (BinaryOp.Mod, 5),
            TokenKind.Pow => (BinaryOp.Pow, PowPrecedence),
            TokenKind.Eql => (BinaryOp.Eql, 3),
            TokenKind.Neq => (BinaryOp.Neq, 3),
            TokenKind.Gtr => (BinaryOp.Gtr, 3),
            TokenKind.Lss => (BinaryOp.Lss, 3),
            TokenKind.Gte => (BinaryOp.Gte, 3),
            TokenKind.Lte => (BinaryOp.Lte, 3),
            TokenKind.Identifier when IsKeyword(t, "and") => (BinaryOp.And, 2),
            TokenKind.Identifier when IsKeyword(t, "unless") => (BinaryOp.Unless, 2),
            TokenKind.Identifier when IsKeyword(t, "or") => (BinaryOp.Or, 1),
            TokenKind.Identifier when IsKeyword(t, "atan2") => (BinaryOp.Atan2, 5),
            _ => (BinaryOp.Add, -1),
        };
        return precedence >= 0;
    }

    private static Expr MakeBinary(BinaryOp op, Token opToken, Expr lhs, Expr rhs, bool returnBool, VectorMatching matching, bool groupingGiven)
    {
        var opPos = opToken.Pos;
        if (returnBool && !op.IsComparison())
        {
            throw new ParseFailure(opPos, "bool modifier can only be used on comparison operators");
        }

        if (op.IsComparison() && !returnBool && lhs.Type == ExprType.Scalar && rhs.Type == ExprType.Scalar)
        {
            throw new ParseFailure(opPos, "comparisons between scalars must use BOOL modifier");
        }

        if (matching.On)
        {
            foreach (var l in matching.MatchingLabels)
            {
                if (matching.Include.Contains(l))
                {
                    throw new ParseFailure(opPos, $"label \"{l}\" must not occur in ON and GROUP clause at once");
                }
            }
        }

        if (lhs.Type is not (ExprType.Scalar or ExprType.Vector))
        {
            throw Error(lhs, "binary expression must contain only scalar and instant vector types");
        }

        if (rhs.Type is not (ExprType.Scalar or ExprType.Vector))
        {
            throw Error(rhs, "binary expression must contain only scalar and instant vector types");
        }

        VectorMatching? result = matching;
        if (lhs.Type != ExprType.Vector || rhs.Type != ExprType.Vector)
        {
            if (matching.MatchingLabels.Count > 0 || groupingGiven)
            {
                throw Error(lhs, "vector matching only allowed between instant vectors");
            }

            result = null;
        }
        else if (op.IsSetOperator())
        {
            if (groupingGiven)
            {
                throw Error(lhs, $"no grouping allowed for \"{op.Symbol()}\" operation");
            }
        }

        if ((lhs.Type == ExprType.Scalar || rhs.Type == ExprType.Scalar) && op.IsSetOperator())
        {
            throw Error(lhs, $"set operator \"{op.Symbol()}\" not allowed in binary scalar expression");
        }

        return new BinaryExpr { Op = op, Lhs = lhs, Rhs = rhs, ReturnBool = returnBool, Matching = result, Start = lhs.Start, End = rhs.End };
    }

    private Expr ParseUnary()
    {
        var t = Peek();
        if (t.Kind is TokenKind.Add or TokenKind.Sub)
        {
            Next();
            var operand = ParseExpr(PowPrecedence);
            if (operand.Type is not (ExprType.Scalar or ExprType.Vector))
            {
                throw new ParseFailure(t.Pos, "unary expression only allowed on expressions of type scalar or instant vector");
            }

            if (operand is NumberLiteral n)
            {
                return new NumberLiteral(t.Kind == TokenKind.Sub ? -n.Value : n.Value) { Start = t.Pos, End = n.End };
            }

            return new UnaryExpr(t.Kind == TokenKind.Sub, operand) { Start = t.Pos, End = operand.End };
        }

        return ParsePostfix(ParsePrimary());
    }

    private Expr ParsePrimary()
    {
        var t = Peek();
        switch (t.Kind)
        {
            case TokenKind.Number:
                Next();
                if (!Literals.TryParseFloat(t.Text, out var v))
                {
                    throw new ParseFailure(t.Pos, $"bad number or duration syntax: \"{t.Text}\"");
                }

                return new NumberLiteral(v) { Start = t.Pos, End = t.End };
            case TokenKind.String:
                Next();
                return new StringLiteral(Unquote(t)) { Start = t.Pos, End = t.End };
            case TokenKind.LeftParen:
                {
                    Next();
                    var inner = ParseExpr(0);
                    var close = Expect(TokenKind.RightParen, "in parenthesized expression, expected \")\"");
                    return new ParenExpr(inner) { Start = t.Pos, End = close.End };
                }

            case TokenKind.LeftBrace:
                return ParseSelector(null, t.Pos);
            case TokenKind.MetricIdentifier:
                Next();
                return ParseSelector(t.Text, t.Pos);
            case TokenKind.Identifier:
                {
                    var next = Peek(1);
                    if (Aggregators.TryGetValue(t.Text, out var aggregation) &&
                        (next.Kind == TokenKind.LeftParen || IsKeyword(next, "by") || IsKeyword(next, "without")))
                    {
                        return ParseAggregation(aggregation);
                    }

                    if (Keywords.Contains(t.Text))
                    {
                        throw Unexpected(t);
                    }

                    if (next.Kind == TokenKind.LeftParen)
                    {
                        return ParseCall();
                    }

                    if (t.Text.Equals("inf", StringComparison.OrdinalIgnoreCase) || t.Text.Equals("nan", StringComparison.OrdinalIgnoreCase))
                    {
                        Next();
                        Literals.TryParseFloat(t.Text, out var special);
                        return new NumberLiteral(special) { Start = t.Pos, End = t.End };
                    }

                    if (Keywords.Contains(t.Text) || Aggregators.ContainsKey(t.Text))
                    {
                        throw Unexpected(t);
                    }

                    Next();
                    return ParseSelector(t.Text, t.Pos);
                }

            case TokenKind.Eof:
                throw Unexpected(t);
            default:
                throw Unexpected(t);
        }
    }

    private static string Unquote(Token t)
    {
        try
        {
            return Literals.Unquote(t.Text);
        }
        catch (FormatException e)
        {
            throw new ParseFailure(t.Pos, $"error unquoting string {t.Text}: {e.Message}");
        }
    }

    private VectorSelector ParseSelector(string? name, int start)
    {
        var matchers = new List<Matcher>();
        if (name != null)
        {
            matchers.Add(new Matcher(MatchType.Equal, Labels.MetricName, name));
        }

        var end = start + (name?.Length ?? 0);
        if (Peek().Kind == TokenKind.LeftBrace)
        {
            Next();
            while (Peek().Kind != TokenKind.RightBrace)
            {
                var label = Peek();
                if (label.Kind != TokenKind.Identifier)
                {
                    throw Unexpected(label, "in label matching, expected identifier or \"}\"");
                }

                Next();
                var opToken = Next();
                var type = opToken.Kind switch
                {
                    TokenKind.Assign => MatchType.Equal,
                    TokenKind.Neq => MatchType.NotEqual,
                    TokenKind.EqlRegex => MatchType.Regex,
                    TokenKind.NeqRegex => MatchType.NotRegex,
                    _ => throw Unexpected(opToken, "in label matching, expected label matching operator"),
                };
                var valueToken = Peek();
                if (valueToken.Kind != TokenKind.String)
                {
                    throw Unexpected(valueToken, "in label matching, expected string");
                }

                Next();
                var value = Unquote(valueToken);
                if (name != null && label.Text == Labels.MetricName)
                {
                    throw new ParseFailure(label.Pos, $"metric name must not be set twice: \"{name}\" or \"{value}\"");
                }

                try
                {
                    matchers.Add(new Matcher(type, label.Text, value));
                }
                catch (ArgumentException e)
                {
                    throw new ParseFailure(valueToken.Pos, $"error parsing regexp: {e.Message}");
                }

                if (Peek().Kind == TokenKind.Comma)
                {
                    Next();
                }
                else if (Peek().Kind != TokenKind.RightBrace)
                {
                    throw Unexpected(Peek(), "in label matching, expected \",\" or \"}\"");
                }
            }

            end = Next().End;
        }

        var selector = new VectorSelector { Name = name, Matchers = matchers, Start = start, End = end };
        if (matchers.All(m => m.MatchesEmpty))
        {
            throw new ParseFailure(start, "vector selector must contain at least one non-empty matcher");
        }

        return selector;
    }
}
