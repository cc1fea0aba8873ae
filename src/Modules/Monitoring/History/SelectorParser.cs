using System.Text;
using HospitalOps.Kernel.Errors;

namespace HospitalOps.Monitoring.History;

/// <summary>
/// Reads a series selector as the read API takes it: <c>metric{label="v",other=~"re"}</c>, or
/// only the braces, or only the metric name. The full query language arrives with PromQL.
/// </summary>
internal static class SelectorParser
{
    public static List<LabelMatcher> Parse(string? text)
    {
        var s = (text ?? string.Empty).Trim();
        if (s.Length == 0 || s.Length > 4000)
        {
            throw AppProblem.Invalid("match", "invalid_selector");
        }

        var matchers = new List<LabelMatcher>();
        var i = 0;
        var nameEnd = 0;
        while (nameEnd < s.Length && IsNameChar(s[nameEnd], nameEnd == 0, allowColon: true))
        {
            nameEnd++;
        }

        if (nameEnd > 0)
        {
            matchers.Add(new LabelMatcher(SeriesLabels.MetricLabel, MatchKind.Equal, s[..nameEnd]));
            i = nameEnd;
        }

        SkipSpaces(s, ref i);
        if (i < s.Length)
        {
            if (s[i] != '{')
            {
                throw AppProblem.Invalid("match", "invalid_selector");
            }

            i++;
            while (true)
            {
                SkipSpaces(s, ref i);
                if (i < s.Length && s[i] == '}')
                {
                    i++;
                    break;
                }

                var start = i;
                while (i < s.Length && IsNameChar(s[i], i == start, allowColon: false))
                {
                    i++;
                }

                if (i == start)
                {
                    throw AppProblem.Invalid("match", "invalid_selector");
                }

                var name = s[start..i];
                SkipSpaces(s, ref i);
                var kind = Operator(s, ref i);
                SkipSpaces(s, ref i);
                var value = QuotedValue(s, ref i);
                matchers.Add(new LabelMatcher(name, kind, value));
                SkipSpaces(s, ref i);
                if (i < s.Length && s[i] == ',')
                {
                    i++;
                }
                else if (i >= s.Length || s[i] != '}')
                {
                    throw AppProblem.Invalid("match", "invalid_selector");
                }
            }

            SkipSpaces(s, ref i);
            if (i != s.Length)
            {
                throw AppProblem.Invalid("match", "invalid_selector");
            }
        }

        if (matchers.Count == 0 || matchers.All(m => m.MatchesEmpty))
        {
            throw AppProblem.Invalid("match", "selector_matches_everything");
        }

        return matchers;
    }

    private static MatchKind Operator(string s, ref int i)
    {
        if (i + 1 < s.Length && s[i] == '=' && s[i + 1] == '~')
        {
            i += 2;
            return MatchKind.Regex;
        }

        if (i + 1 < s.Length && s[i] == '!' && s[i + 1] == '=')
        {
            i += 2;
            return MatchKind.NotEqual;
        }

        if (i + 1 < s.Length && s[i] == '!' && s[i + 1] == '~')
        {
            i += 2;
            return MatchKind.NotRegex;
        }

        if (i < s.Length && s[i] == '=')
        {
            i++;
            return MatchKind.Equal;
        }

        throw AppProblem.Invalid("match", "invalid_selector");
    }

    private static string QuotedValue(string s, ref int i)
    {
        if (i >= s.Length || (s[i] != '"' && s[i] != '\''))
        {
            throw AppProblem.Invalid("match", "invalid_selector");
        }

        var quote = s[i++];
        var sb = new StringBuilder();
        while (i < s.Length && s[i] != quote)
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                i++;
                sb.Append(s[i] switch { 'n' => '\n', 't' => '\t', _ => s[i] });
            }
            else
            {
                sb.Append(s[i]);
            }

            i++;
        }

        if (i >= s.Length)
        {
            throw AppProblem.Invalid("match", "invalid_selector");
        }

        i++;
        return sb.ToString();
    }

    private static void SkipSpaces(string s, ref int i)
    {
        while (i < s.Length && char.IsWhiteSpace(s[i]))
        {
            i++;
        }
    }

    private static bool IsNameChar(char c, bool first, bool allowColon) =>
        char.IsAsciiLetter(c) || c == '_' || (allowColon && c == ':') || (!first && char.IsAsciiDigit(c));
}
