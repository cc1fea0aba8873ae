using HospitalOps.PromQL.Ast;
using HospitalOps.PromQL.Model;

namespace HospitalOps.PromQL.Parsing;

/// <summary>Aggregations, function calls and their argument and grouping lists.</summary>
internal sealed partial class Parser
{
    private IReadOnlyList<string> ParseGroupingLabels()
    {
        Expect(TokenKind.LeftParen, "in grouping opts, expected \"(\"");
        var labels = new List<string>();
        while (Peek().Kind != TokenKind.RightParen)
        {
            var t = Next();
            if (t.Kind != TokenKind.Identifier)
            {
                throw Unexpected(t, "in grouping opts, expected label");
            }

            labels.Add(t.Text);
            if (Peek().Kind == TokenKind.Comma)
            {
                Next();
            }
            else if (Peek().Kind != TokenKind.RightParen)
            {
                throw Unexpected(Peek(), "in grouping opts, expected \",\" or \")\"");
            }
        }

        Next();
        return labels;
    }

    private List<Expr> ParseArguments(string context)
    {
        Expect(TokenKind.LeftParen, context);
        var args = new List<Expr>();
        if (Peek().Kind == TokenKind.RightParen)
        {
            Next();
            return args;
        }

        while (true)
        {
            args.Add(ParseExpr(0));
            var t = Next();
            if (t.Kind == TokenKind.RightParen)
            {
                return args;
            }

            if (t.Kind != TokenKind.Comma)
            {
                throw Unexpected(t, context + ", expected \",\" or \")\"");
            }
        }
    }

    private Expr ParseAggregation(AggregationOp op)
    {
        var opToken = Next();
        IReadOnlyList<string> grouping = [];
        var without = false;
        var modifierGiven = false;
        if (IsKeyword(Peek(), "by") || IsKeyword(Peek(), "without"))
        {
            without = IsKeyword(Next(), "without");
            grouping = ParseGroupingLabels();
            modifierGiven = true;
        }

        var args = ParseArguments("in aggregation");
        var end = _tokens[_i - 1].End;
        if (!modifierGiven && (IsKeyword(Peek(), "by") || IsKeyword(Peek(), "without")))
        {
            without = IsKeyword(Next(), "without");
            grouping = ParseGroupingLabels();
            end = _tokens[_i - 1].End;
        }

        var needsParam = op is AggregationOp.Topk or AggregationOp.Bottomk or AggregationOp.Quantile or AggregationOp.CountValues;
        var expected = needsParam ? 2 : 1;
        if (args.Count != expected)
        {
            throw new ParseFailure(opToken.Pos, $"wrong number of arguments for aggregate expression provided, expected {expected}, got {args.Count}");
        }

        var expr = args[^1];
        var param = needsParam ? args[0] : null;
        if (expr.Type != ExprType.Vector)
        {
            throw Error(expr, $"expected type instant vector in aggregation expression, got {expr.Type.Describe()}");
        }

        if (param != null)
        {
            var want = op == AggregationOp.CountValues ? ExprType.String : ExprType.Scalar;
            if (param.Type != want)
            {
                throw Error(param, $"expected type {want.Describe()} in aggregation parameter, got {param.Type.Describe()}");
            }
        }

        return new AggregateExpr { Op = op, Expr = expr, Param = param, Grouping = grouping, Without = without, Start = opToken.Pos, End = end };
    }

    private Expr ParseCall()
    {
        var nameToken = Next();
        var function = FunctionCatalog.Find(nameToken.Text) ?? throw new ParseFailure(nameToken.Pos, $"unknown function with name \"{nameToken.Text}\"");
        var args = ParseArguments("in call to function \"" + function.Name + "\"");
        var call = new Call { Function = function, Args = args, Start = nameToken.Pos, End = _tokens[_i - 1].End };
        var declared = function.ArgTypes.Length;
        if (function.Variadic == 0)
        {
            if (declared != args.Count)
            {
                throw Error(call, $"expected {declared} argument(s) in call to \"{function.Name}\", got {args.Count}");
            }
        }
        else
        {
            var required = declared - 1;
            if (required > args.Count)
            {
                throw Error(call, $"expected at least {required} argument(s) in call to \"{function.Name}\", got {args.Count}");
            }

            if (function.Variadic > 0 && required + function.Variadic < args.Count)
            {
                throw Error(call, $"expected at most {required + function.Variadic} argument(s) in call to \"{function.Name}\", got {args.Count}");
            }
        }

        for (var i = 0; i < args.Count; i++)
        {
            var want = function.ArgTypes[Math.Min(i, declared - 1)];
            if (args[i].Type != want)
            {
                throw Error(args[i], $"expected type {want.Describe()} in call to function \"{function.Name}\", got {args[i].Type.Describe()}");
            }
        }

        return call;
    }
}
