using HospitalOps.PromQL.Ast;
using HospitalOps.PromQL.Model;

namespace HospitalOps.PromQL.Parsing;

/// <summary>Postfix modifiers: ranges, subqueries, offset and @.</summary>
internal sealed partial class Parser
{
    private Expr ParsePostfix(Expr expr)
    {
        while (true)
        {
            var t = Peek();
            if (t.Kind == TokenKind.LeftBracket)
            {
                expr = ParseRangeOrSubquery(expr);
            }
            else if (IsKeyword(t, "offset"))
            {
                Next();
                var negative = false;
                if (Peek().Kind is TokenKind.Sub or TokenKind.Add)
                {
                    negative = Next().Kind == TokenKind.Sub;
                }

                var d = Expect(TokenKind.Duration, "in offset, expected duration");
                var ms = ParseDuration(d);
                SetOffset(expr, negative ? -ms : ms, t.Pos);
                expr.End = d.End;
            }
            else if (t.Kind == TokenKind.At)
            {
                Next();
                var at = ParseAtValue();
                SetAt(expr, at, t.Pos);
                expr.End = _tokens[_i - 1].End;
            }
            else
            {
                return expr;
            }
        }
    }

    private AtModifier ParseAtValue()
    {
        var t = Peek();
        if (t.Kind == TokenKind.Identifier && (IsKeyword(t, "start") || IsKeyword(t, "end")) && Peek(1).Kind == TokenKind.LeftParen)
        {
            Next();
            Next();
            Expect(TokenKind.RightParen, "in @ modifier, expected \")\"");
            return new AtModifier(IsKeyword(t, "start") ? AtKind.Start : AtKind.End, 0);
        }

        var negative = false;
        if (t.Kind is TokenKind.Sub or TokenKind.Add)
        {
            negative = Next().Kind == TokenKind.Sub;
            t = Peek();
        }

        double seconds;
        if (t.Kind == TokenKind.Number && Literals.TryParseFloat(t.Text, out seconds))
        {
            Next();
        }
        else if (t.Kind == TokenKind.Identifier && Literals.TryParseFloat(t.Text, out seconds))
        {
            Next();
        }
        else
        {
            throw Unexpected(t, "in @ modifier, expected timestamp");
        }

        if (negative)
        {
            seconds = -seconds;
        }

        if (double.IsNaN(seconds) || double.IsInfinity(seconds) || seconds >= long.MaxValue / 1000.0 || seconds <= long.MinValue / 1000.0)
        {
            throw new ParseFailure(t.Pos, "timestamp out of bounds for @ modifier: " + Printer.FormatNumber(seconds));
        }

        return new AtModifier(AtKind.Timestamp, (long)Math.Round(seconds * 1000, MidpointRounding.AwayFromZero));
    }

    private static void SetOffset(Expr expr, long ms, int pos)
    {
        switch (expr)
        {
            case VectorSelector vs:
                if (vs.OffsetMs != 0)
                {
                    throw new ParseFailure(pos, "offset may not be set multiple times");
                }

                vs.OffsetMs = ms;
                break;
            case MatrixSelector m:
                if (m.Selector.OffsetMs != 0)
                {
                    throw new ParseFailure(pos, "offset may not be set multiple times");
                }

                m.Selector.OffsetMs = ms;
                break;
            case SubqueryExpr s:
                if (s.OffsetMs != 0)
                {
                    throw new ParseFailure(pos, "offset may not be set multiple times");
                }

                s.OffsetMs = ms;
                break;
            default:
                throw new ParseFailure(pos, "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
        }
    }

    private static void SetAt(Expr expr, AtModifier at, int pos)
    {
        switch (expr)
        {
            case VectorSelector vs:
                if (vs.At.IsSet)
                {
                    throw new ParseFailure(pos, "@ <timestamp> may not be set multiple times");
                }

                vs.At = at;
                break;
            case MatrixSelector m:
                if (m.Selector.At.IsSet)
                {
                    throw new ParseFailure(pos, "@ <timestamp> may not be set multiple times");
                }

                m.Selector.At = at;
                break;
            case SubqueryExpr s:
                if (s.At.IsSet)
                {
                    throw new ParseFailure(pos, "@ <timestamp> may not be set multiple times");
                }

                s.At = at;
                break;
            default:
                throw new ParseFailure(pos, "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery");
        }
    }

    private Expr ParseRangeOrSubquery(Expr expr)
    {
        var open = Next();
        var rangeToken = Peek();
        if (rangeToken.Kind != TokenKind.Duration)
        {
            throw Unexpected(rangeToken, "in subquery or range selector, expected duration");
        }

        Next();
        var range = ParseDuration(rangeToken);
        if (Peek().Kind == TokenKind.Colon)
        {
            Next();
            long step = 0;
            if (Peek().Kind == TokenKind.Duration)
            {
                step = ParseDuration(Next());
            }

            var close = Expect(TokenKind.RightBracket, "in subquery, expected \"]\"");
            if (expr.Type != ExprType.Vector)
            {
                throw Error(expr, $"subquery is only allowed on instant vector, got {expr.Type.Describe()} instead");
            }

            return new SubqueryExpr { Expr = expr, RangeMs = range, StepMs = step, Start = expr.Start, End = close.End };
        }

        var end = Expect(TokenKind.RightBracket, "in range selector, expected \"]\"");
        if (expr is not VectorSelector vs)
        {
            throw new ParseFailure(open.Pos, "ranges only allowed for vector selectors");
        }

        if (vs.OffsetMs != 0)
        {
            throw new ParseFailure(open.Pos, "no offset modifiers allowed before range");
        }

        if (vs.At.IsSet)
        {
            throw new ParseFailure(open.Pos, "no @ modifiers allowed before range");
        }

        return new MatrixSelector { Selector = vs, RangeMs = range, Start = vs.Start, End = end.End };
    }

    private static long ParseDuration(Token t)
    {
        if (!Literals.TryParseDuration(t.Text, out var ms))
        {
            throw new ParseFailure(t.Pos, $"not a valid duration string: \"{t.Text}\"");
        }

        if (ms == 0)
        {
            throw new ParseFailure(t.Pos, "duration must be greater than 0");
        }

        return ms;
    }
}
