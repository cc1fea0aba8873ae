using System.Globalization;
using System.Text;
using HospitalOps.PromQL.Model;
using MatchType = HospitalOps.PromQL.Model.MatchType;

namespace HospitalOps.PromQL.Ast;

/// <summary>Renders AST nodes back to PromQL text (for logs and error messages).</summary>
internal static class Printer
{
    public static string FormatNumber(double v)
    {
        if (double.IsPositiveInfinity(v))
        {
            return "+Inf";
        }

        if (double.IsNegativeInfinity(v))
        {
            return "-Inf";
        }

        return double.IsNaN(v) ? "NaN" : v.ToString("R", CultureInfo.InvariantCulture);
    }

    public static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                default: sb.Append(c); break;
            }
        }

        return sb.Append('"').ToString();
    }

    public static string FormatDuration(long ms)
    {
        if (ms == 0)
        {
            return "0s";
        }

        var sb = new StringBuilder();
        if (ms < 0)
        {
            sb.Append('-');
            ms = -ms;
        }

        void Unit(long size, string name)
        {
            if (ms >= size)
            {
                sb.Append(ms / size).Append(name);
                ms %= size;
            }
        }

        Unit(365L * 24 * 3600 * 1000, "y");
        Unit(7L * 24 * 3600 * 1000, "w");
        Unit(24L * 3600 * 1000, "d");
        Unit(3600L * 1000, "h");
        Unit(60L * 1000, "m");
        Unit(1000, "s");
        Unit(1, "ms");
        return sb.ToString();
    }

    public static string Selector(VectorSelector vs)
    {
        var matchers = vs.Matchers.Where(m => !(vs.Name != null && m.Name == Labels.MetricName && m.Type == MatchType.Equal)).ToList();
        var name = vs.Name ?? string.Empty;
        return matchers.Count == 0 && name.Length > 0 ? name : name + "{" + string.Join(", ", matchers.Select(m => m.ToString())) + "}";
    }

    public static string Modifiers(AtModifier at, long offsetMs) =>
        at + (offsetMs != 0 ? " offset " + FormatDuration(offsetMs) : string.Empty);

    public static string Matching(VectorMatching? m)
    {
        if (m == null)
        {
            return string.Empty;
        }

        var sb = new StringBuilder();
        if (m.On || m.MatchingLabels.Count > 0)
        {
            sb.Append(m.On ? " on(" : " ignoring(").Append(string.Join(", ", m.MatchingLabels)).Append(')');
        }

        if (m.Card == MatchCardinality.ManyToOne)
        {
            sb.Append(" group_left(").Append(string.Join(", ", m.Include)).Append(')');
        }
        else if (m.Card == MatchCardinality.OneToMany)
        {
            sb.Append(" group_right(").Append(string.Join(", ", m.Include)).Append(')');
        }

        return sb.ToString();
    }

    public static string Aggregate(AggregateExpr a)
    {
        var name = a.Op switch
        {
            AggregationOp.CountValues => "count_values",
            _ => a.Op.ToString().ToLowerInvariant(),
        };
        var sb = new StringBuilder(name);
        if (a.Without || a.Grouping.Count > 0)
        {
            sb.Append(a.Without ? " without (" : " by (").Append(string.Join(", ", a.Grouping)).Append(") ");
        }

        sb.Append('(');
        if (a.Param != null)
        {
            sb.Append(a.Param).Append(", ");
        }

        return sb.Append(a.Expr).Append(')').ToString();
    }
}
