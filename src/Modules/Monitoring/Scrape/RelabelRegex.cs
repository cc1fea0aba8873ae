using System.Text;
using System.Text.RegularExpressions;

namespace HospitalOps.Monitoring.Scrape;

/// <summary>
/// A relabelling regex with Prometheus (Go RE2) meaning: fully anchored, <c>.</c> matching
/// newlines, groups numbered left to right whether named or not (.NET numbers named groups last,
/// so names are stripped from the .NET pattern and kept in a table), <c>(?P&lt;name&gt;…)</c> accepted.
/// </summary>
internal sealed class RelabelRegex
{
    private readonly Dictionary<string, int> _groupNumbers;

    private RelabelRegex(Regex regex, Dictionary<string, int> groupNumbers, bool isDefault)
    {
        Regex = regex;
        _groupNumbers = groupNumbers;
        IsDefault = isDefault;
    }

    public Regex Regex { get; }

    /// <summary>The default <c>(.*)</c>: matches everything, group 1 is the whole input.</summary>
    public bool IsDefault { get; }

    public static bool TryCreate(string pattern, TimeSpan matchTimeout, out RelabelRegex? regex, out string? error)
    {
        regex = null;
        error = null;
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        string translated;
        try
        {
            translated = StripGroupNames(pattern, names);
            var compiled = new Regex(@"\A(?s:" + translated + @")\z", RegexOptions.Compiled | RegexOptions.CultureInvariant, matchTimeout);
            regex = new RelabelRegex(compiled, names, pattern == RelabelRule.DefaultRegex);
            return true;
        }
        catch (ArgumentException e)
        {
            error = e.Message;
            return false;
        }
    }

    public int GroupNumber(string name) => _groupNumbers.TryGetValue(name, out var n) ? n : -1;

    /// <summary>Removes the names of named groups, recording their left-to-right numbers.</summary>
    private static string StripGroupNames(string pattern, Dictionary<string, int> names)
    {
        var result = new StringBuilder(pattern.Length);
        var group = 0;
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                result.Append(c).Append(pattern[i + 1]);
                i++;
                continue;
            }

            if (inClass)
            {
                inClass = c != ']';
                result.Append(c);
                continue;
            }

            if (c == '[')
            {
                inClass = true;
                result.Append(c);
                // A ']' right after '[' or '[^' is a literal member of the class.
                if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                {
                    result.Append('^');
                    i++;
                }

                if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                {
                    result.Append(']');
                    i++;
                }

                continue;
            }

            if (c != '(')
            {
                result.Append(c);
                continue;
            }

            if (i + 1 >= pattern.Length || pattern[i + 1] != '?')
            {
                group++;
                result.Append(c);
                continue;
            }

            var nameStart = pattern.AsSpan(i + 2).StartsWith("P<") ? i + 4
                : i + 2 < pattern.Length && pattern[i + 2] == '<' && i + 3 < pattern.Length && pattern[i + 3] is not ('=' or '!') ? i + 3
                : -1;
            if (nameStart < 0)
            {
                result.Append(c);
                continue;
            }

            var nameEnd = pattern.IndexOf('>', nameStart);
            if (nameEnd < 0)
            {
                throw new ArgumentException("unterminated group name");
            }

            var name = pattern[nameStart..nameEnd];
            if (name.Length == 0 || !name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_'))
            {
                throw new ArgumentException($"invalid group name '{name}'");
            }

            group++;
            if (!names.TryAdd(name, group))
            {
                throw new ArgumentException($"duplicate group name '{name}'");
            }

            result.Append('(');
            i = nameEnd;
        }

        return result.ToString();
    }
}
