using System.Text;
using System.Text.RegularExpressions;

namespace HospitalOps.PromQL.Model;

/// <summary>
/// PromQL regexes are RE2 (Go) syntax. The few spellings .NET reads differently are rewritten here: named groups
/// <c>(?P&lt;name&gt;...)</c>, and the anchors: the whole value must match, with no allowance for a trailing newline.
/// </summary>
public static class RegexDialect
{
    public static Regex CompileAnchored(string re2Pattern, RegexOptions options = RegexOptions.None) =>
        new("^(?:" + FromRe2(re2Pattern) + ")\\z", options | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public static string FromRe2(string pattern)
    {
        if (!pattern.Contains("(?P<", StringComparison.Ordinal))
        {
            return pattern;
        }

        var sb = new StringBuilder(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\' && i + 1 < pattern.Length)
            {
                sb.Append(pattern, i, 2);
                i++;
                continue;
            }

            if (string.CompareOrdinal(pattern, i, "(?P<", 0, 4) == 0)
            {
                sb.Append("(?<");
                i += 3;
                continue;
            }

            sb.Append(pattern[i]);
        }

        return sb.ToString();
    }
}
