using System.Text;

namespace HospitalOps.TextSearch;

/// <summary>
/// Turns text into index terms, for Chinese (and Japanese, Korean) without a dictionary.
/// <list type="bullet">
/// <item>Text is NFKC-normalized and lower-cased: full-width <c>ＯＲＡＣＬＥ</c> is <c>oracle</c>.</item>
/// <item>A run of Han, Kana or Hangul gives every character and every adjacent pair:
/// <c>锁等待</c> → 锁, 锁等, 等, 等待, 待. A word of two characters is thus one term, and a query of
/// any length is a set of pairs.</item>
/// <item>Letters and digits of other scripts make words, indexed whole: <c>Oracle锁等待</c> →
/// oracle, 锁, 锁等, 等, 等待, 待. No stemming.</item>
/// <item>A compound joined by single <c>- _ . / : @</c> characters is indexed as its parts and every
/// chain of up to <see cref="MaxChainParts"/> adjacent parts: <c>ora-00060</c> → ora, 00060,
/// ora-00060; <c>10.1.2.3</c> → 10, 1, 2, 3, 10.1, …, 10.1.2.3. So <c>ORA-00060</c>, <c>00060</c>
/// and <c>ora</c> all find it, and <c>ora-00060</c> still finds <c>deadlock:ORA-00060</c>.</item>
/// <item>Whitespace, punctuation, symbols and emoji are dropped. A term longer than
/// <see cref="MaxTermLength"/> characters is cut to that length (queries are cut the same way).</item>
/// </list>
/// Terms contain only letters, digits, marks and the joiner characters, never whitespace or quotes.
/// </summary>
public static class CjkTokenizer
{
    /// <summary>The longest term, in Unicode characters.</summary>
    public const int MaxTermLength = 64;

    /// <summary>The most parts of a compound indexed as one term.</summary>
    public const int MaxChainParts = 4;

    /// <summary>NFKC and lower case: the form every term and literal comparison uses.</summary>
    public static string Normalize(string? text) => TextSegmenter.Normalize(text);

    /// <summary>The index terms of a text, in order, with positions (starting at 0).</summary>
    public static IReadOnlyList<IndexTerm> Tokenize(string? text)
    {
        var terms = new List<IndexTerm>();
        var position = 0;
        foreach (var segment in TextSegmenter.Segment(Normalize(text)))
        {
            var parts = segment.Parts;
            if (segment.Kind == SegmentKind.Cjk)
            {
                for (var i = 0; i < parts.Count; i++)
                {
                    terms.Add(new IndexTerm(parts[i], position + i));
                    if (i + 1 < parts.Count)
                    {
                        terms.Add(new IndexTerm(parts[i] + parts[i + 1], position + i));
                    }
                }
            }
            else
            {
                for (var i = 0; i < parts.Count; i++)
                {
                    terms.Add(new IndexTerm(Cap(parts[i]), position + i));
                    for (var span = 2; span <= MaxChainParts && i + span <= parts.Count; span++)
                    {
                        terms.Add(new IndexTerm(Chain(segment, i, span), position + i));
                    }
                }
            }

            // One position left free between runs, so terms of different runs are never adjacent.
            position += parts.Count + 1;
        }

        return terms;
    }

    /// <summary>The index terms joined by spaces: the text to store in an FTS5 column (see <see cref="Fts5Search"/>).</summary>
    public static string ToIndexText(string? text) => string.Join(' ', Tokenize(text).Select(t => t.Text));

    internal static string Chain(Segment segment, int start, int span)
    {
        var builder = new StringBuilder(segment.Parts[start]);
        for (var i = start + 1; i < start + span; i++)
        {
            builder.Append(segment.Joiners[i - 1]).Append(segment.Parts[i]);
        }

        return Cap(builder.ToString());
    }

    internal static string Cap(string term)
    {
        if (term.Length <= MaxTermLength)
        {
            return term;
        }

        var count = 0;
        var index = 0;
        foreach (var rune in term.EnumerateRunes())
        {
            if (count == MaxTermLength)
            {
                break;
            }

            index += rune.Utf16SequenceLength;
            count++;
        }

        return term[..index];
    }
}
