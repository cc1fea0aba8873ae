using System.Globalization;
using System.Text;
using HospitalOps.Knowledge.Articles;
using HospitalOps.TextSearch;

namespace HospitalOps.Knowledge.Search;

/// <summary>
/// Marks the searched words in the original text (not in the index's terms): each query term is looked for in a
/// shadow of the text folded as the tokenizer folds it (NFKC, lower case), character for character, so a match on
/// <c>ＯＲＡ</c> marks the full-width letters the author wrote. Parts are plain text; the web app escapes them.
/// </summary>
internal static class Highlighter
{
    public const int SnippetLength = 120;

    public static IReadOnlyList<string> Terms(SearchQuery query) =>
        query.Required.SelectMany(g => g.Terms).Select(t => t.Text).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).OrderByDescending(t => t.Length).ToList();

    /// <summary>The whole text in parts.</summary>
    public static IReadOnlyList<TextPart> Mark(string text, IReadOnlyList<string> terms) => Parts(text, Hits(text, terms), 0, text.Length);

    /// <summary>
    /// An excerpt of about <see cref="SnippetLength"/> characters from the first of <paramref name="sections"/> that
    /// contains a match, around its first match, with the matches marked; the start of the first section otherwise.
    /// </summary>
    public static IReadOnlyList<TextPart> Snippet(IEnumerable<string> sections, IReadOnlyList<string> terms)
    {
        var plain = sections.Select(Plain).Where(s => s.Length > 0).ToList();
        if (plain.Count == 0)
        {
            return [];
        }

        foreach (var text in plain)
        {
            var hits = Hits(text, terms);
            var first = Array.IndexOf(hits, true);
            if (first >= 0)
            {
                var start = Math.Max(0, Math.Min(first - (SnippetLength / 4), text.Length - SnippetLength));
                start = Math.Max(0, start);
                return Parts(text, hits, start, Math.Min(text.Length, start + SnippetLength));
            }
        }

        var head = plain[0];
        return Parts(head, new bool[head.Length], 0, Math.Min(head.Length, SnippetLength));
    }

    /// <summary>Markdown as plain running text: markup characters dropped, whitespace collapsed.</summary>
    public static string Plain(string markdown)
    {
        var builder = new StringBuilder(markdown.Length);
        var space = false;
        foreach (var c in markdown)
        {
            if (c is '#' or '*' or '`' or '>' or '|' or '~' or '_' && !(builder.Length > 0 && char.IsLetterOrDigit(builder[^1]) && c == '_'))
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static bool[] Hits(string text, IReadOnlyList<string> terms)
    {
        var shadow = Shadow(text);
        var hits = new bool[text.Length];
        foreach (var term in terms)
        {
            var at = 0;
            while (at < shadow.Length && (at = shadow.IndexOf(term, at, StringComparison.Ordinal)) >= 0)
            {
                Array.Fill(hits, true, at, term.Length);
                at += term.Length;
            }
        }

        return hits;
    }

    // One folded character per original character: where NFKC would change the length (ligatures, ㎏), the original
    // (lower-cased) character stays, so positions in the shadow are positions in the text.
    private static string Shadow(string text)
    {
        var chars = new char[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsSurrogate(c))
            {
                chars[i] = c;
                continue;
            }

            var folded = c.ToString().Normalize(NormalizationForm.FormKC).ToLower(CultureInfo.InvariantCulture);
            chars[i] = folded.Length == 1 ? folded[0] : char.ToLowerInvariant(c);
        }

        return new string(chars);
    }

    private static List<TextPart> Parts(string text, bool[] hits, int start, int end)
    {
        // Never cut a surrogate pair in half.
        if (start > 0 && char.IsLowSurrogate(text[start]))
        {
            start--;
        }

        if (end < text.Length && end > 0 && char.IsHighSurrogate(text[end - 1]))
        {
            end++;
        }

        var parts = new List<TextPart>();
        if (start > 0)
        {
            parts.Add(new TextPart("…", false));
        }

        var i = start;
        while (i < end)
        {
            var j = i;
            while (j < end && hits[j] == hits[i])
            {
                j++;
            }

            parts.Add(new TextPart(text[i..j], hits[i]));
            i = j;
        }

        if (end < text.Length)
        {
            parts.Add(new TextPart("…", false));
        }

        return parts;
    }
}
