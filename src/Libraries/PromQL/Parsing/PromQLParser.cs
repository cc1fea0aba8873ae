using HospitalOps.PromQL.Ast;
using HospitalOps.PromQL.Model;

namespace HospitalOps.PromQL.Parsing;

/// <summary>Entry points of the PromQL parser. Errors are <see cref="PromQLParseException"/> with a 1-based line:column.</summary>
public static class PromQLParser
{
    public static Expr Parse(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        try
        {
            return new Parser(query).ParseQuery();
        }
        catch (ParseFailure f)
        {
            throw f.ToException(query);
        }
    }

    /// <summary>Parses a series selector such as <c>up{job="node"}</c> (the HTTP API's <c>match[]</c>) into its matchers.</summary>
    public static IReadOnlyList<Matcher> ParseMetricSelector(string selector)
    {
        var expr = Parse(selector);
        if (expr is VectorSelector { OffsetMs: 0, At.IsSet: false } vs)
        {
            return vs.Matchers;
        }

        throw new ParseFailure(0, "expected a metric selector, got " + expr.Type.Describe()).ToException(selector);
    }
}
