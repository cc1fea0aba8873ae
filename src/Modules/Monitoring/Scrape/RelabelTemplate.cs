using System.Text;
using System.Text.RegularExpressions;

namespace HospitalOps.Monitoring.Scrape;

/// <summary>
/// Expands a replacement or target_label template the way Go's <c>Regexp.Expand</c> does, which
/// is what Prometheus uses: <c>$1</c>, <c>${1}</c>, <c>$name</c>, <c>${name}</c>, <c>$$</c> for a
/// dollar; a reference takes the longest run of letters, digits and '_' (so <c>$1x</c> means the
/// group named "1x", which is empty); an unknown group expands to nothing.
/// </summary>
internal static class RelabelTemplate
{
    public static string Expand(string template, RelabelRegex regex, Match match)
    {
        if (template.IndexOf('$') < 0)
        {
            return template;
        }

        var result = new StringBuilder(template.Length + 16);
        var rest = template.AsSpan();
        while (!rest.IsEmpty)
        {
            var dollar = rest.IndexOf('$');
            if (dollar < 0)
            {
                result.Append(rest);
                break;
            }

            result.Append(rest[..dollar]);
            rest = rest[(dollar + 1)..];
            if (!rest.IsEmpty && rest[0] == '$')
            {
                result.Append('$');
                rest = rest[1..];
                continue;
            }

            if (!TryExtract(rest, out var name, out var number, out var consumed))
            {
                result.Append('$');
                continue;
            }

            rest = rest[consumed..];
            var groupNumber = number >= 0 ? number : regex.GroupNumber(name.ToString());
            if (groupNumber >= 0 && groupNumber < match.Groups.Count && match.Groups[groupNumber].Success)
            {
                result.Append(match.Groups[groupNumber].ValueSpan);
            }
        }

        return result.ToString();
    }

    private static bool TryExtract(ReadOnlySpan<char> text, out ReadOnlySpan<char> name, out int number, out int consumed)
    {
        name = default;
        number = -1;
        consumed = 0;
        var brace = !text.IsEmpty && text[0] == '{';
        var i = brace ? 1 : 0;
        var start = i;
        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
        {
            i++;
        }

        if (i == start)
        {
            return false;
        }

        name = text[start..i];
        if (brace)
        {
            if (i >= text.Length || text[i] != '}')
            {
                return false;
            }

            i++;
        }

        consumed = i;
        var n = 0;
        foreach (var c in name)
        {
            if (c is < '0' or > '9' || n >= 100_000_000)
            {
                n = -1;
                break;
            }

            n = n * 10 + (c - '0');
        }

        if (name[0] == '0' && name.Length > 1)
        {
            n = -1;
        }

        number = n;
        return true;
    }
}
