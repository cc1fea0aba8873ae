using System.Text;

namespace HospitalOps.TextSearch;

/// <summary>
/// What a user typed in a search box, turned into terms of <see cref="CjkTokenizer"/>. Never fails:
/// any input gives a query, possibly <see cref="IsEmpty"/> ("no query"), and its FTS5 and tsquery
/// forms quote every term, so nothing typed can be read as syntax.
/// <list type="bullet">
/// <item>Words are separated by whitespace; every word must match (<see cref="MatchMode.AllTerms"/>),
/// or any term with <see cref="MatchMode.AnyTerm"/> as a fallback.</item>
/// <item>A CJK run of one character looks for that character; a longer run for all its adjacent
/// pairs: <c>锁等待</c> → 锁等 AND 等待. Text with 锁等待 always matches; text with 锁等 and 等待 apart
/// matches too, and <see cref="SearchRanker"/> puts the literal occurrences first.</item>
/// <item>A word (or compound such as <c>ora-00060</c>) looks for the whole term. A word of four or
/// more characters with a letter also matches longer words (<c>orac</c> finds oracle, <c>deadlock</c>
/// finds deadlocks); shorter ones are exact, so <c>his</c> and <c>lis</c> do not find "history" or
/// "listener". A trailing <c>*</c> asks for prefix matching on any word.</item>
/// <item><c>"…"</c> is a phrase: its terms are required and <see cref="SearchRanker"/> keeps only
/// results containing it literally. <c>-word</c> or <c>-"…"</c> excludes results that match it.
/// A query of exclusions only is empty.</item>
/// <item>AND, OR, NOT, NEAR and any punctuation are ordinary text. Input beyond
/// <see cref="MaxInputLength"/> characters and terms beyond <see cref="MaxTerms"/> are ignored.</item>
/// </list>
/// </summary>
public sealed class SearchQuery
{
    /// <summary>The most characters of input read.</summary>
    public const int MaxInputLength = 512;

    /// <summary>The most terms in a query; later words are ignored.</summary>
    public const int MaxTerms = 64;

    /// <summary>The shortest word matched as a prefix without an explicit <c>*</c>.</summary>
    public const int AutoPrefixLength = 4;

    private SearchQuery(IReadOnlyList<QueryGroup> required, IReadOnlyList<QueryGroup> excluded)
    {
        Required = required;
        Excluded = excluded;
    }

    /// <summary>The groups that must match.</summary>
    public IReadOnlyList<QueryGroup> Required { get; }

    /// <summary>The groups a result must not match.</summary>
    public IReadOnlyList<QueryGroup> Excluded { get; }

    /// <summary>Nothing to look for: empty, only punctuation, or only exclusions. Run no search.</summary>
    public bool IsEmpty => Required.Count == 0;

    /// <summary>Reads what a user typed.</summary>
    public static SearchQuery Parse(string? input)
    {
        var text = TextSegmenter.Normalize(CapInput(input));
        var required = new List<QueryGroup>();
        var excluded = new List<QueryGroup>();
        var termCount = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            var exclude = false;
            if (text[i] == '-' && i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]))
            {
                exclude = true;
                while (i < text.Length && text[i] == '-')
                {
                    i++;
                }

                if (i == text.Length)
                {
                    break;
                }
            }

            QueryGroup? group;
            if (text[i] == '"')
            {
                var close = text.IndexOf('"', i + 1);
                var end = close < 0 ? text.Length : close;
                group = Group(text[(i + 1)..end], isPhrase: true);
                i = close < 0 ? text.Length : close + 1;
            }
            else
            {
                var end = i;
                while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] != '"')
                {
                    end++;
                }

                group = Group(text[i..end], isPhrase: false);
                i = end;
            }

            if (group is null || termCount + group.Terms.Count > MaxTerms)
            {
                continue;
            }

            termCount += group.Terms.Count;
            (exclude ? excluded : required).Add(group);
        }

        return new SearchQuery(required, excluded);
    }

    /// <summary>
    /// The FTS5 MATCH expression for a table made by <see cref="Fts5Search.CreateTableSql"/>.
    /// Throws when <see cref="IsEmpty"/>: check it first.
    /// </summary>
    public string ToFts5Match(MatchMode mode = MatchMode.AllTerms)
    {
        EnsureNotEmpty();
        return Fts5Search.Match(this, mode);
    }

    /// <summary>
    /// The tsquery text for a vector made by <see cref="PostgresSearch.ToTsVector"/>; pass it as a
    /// parameter cast with <c>::tsquery</c>, never through to_tsquery. Throws when <see cref="IsEmpty"/>.
    /// </summary>
    public string ToTsQuery(MatchMode mode = MatchMode.AllTerms)
    {
        EnsureNotEmpty();
        return PostgresSearch.Query(this, mode);
    }

    private void EnsureNotEmpty()
    {
        if (IsEmpty)
        {
            throw new InvalidOperationException("The query is empty: there is nothing to search for.");
        }
    }

    private static QueryGroup? Group(string text, bool isPhrase)
    {
        var terms = new List<QueryTerm>();
        foreach (var segment in TextSegmenter.Segment(text))
        {
            var parts = segment.Parts;
            if (segment.Kind == SegmentKind.Cjk)
            {
                if (parts.Count == 1)
                {
                    terms.Add(new QueryTerm(parts[0], false));
                }

                for (var p = 0; p + 1 < parts.Count; p++)
                {
                    terms.Add(new QueryTerm(parts[p] + parts[p + 1], false));
                }

                continue;
            }

            var starred = segment.End < text.Length && text[segment.End] == '*';
            var windows = parts.Count <= CjkTokenizer.MaxChainParts ? 1 : parts.Count - CjkTokenizer.MaxChainParts + 1;
            var span = Math.Min(parts.Count, CjkTokenizer.MaxChainParts);
            for (var w = 0; w < windows; w++)
            {
                var term = CjkTokenizer.Chain(segment, w, span);
                var last = w == windows - 1;
                var prefix = last && (starred || (!isPhrase && term.Length >= AutoPrefixLength && term.Any(char.IsLetter)));
                terms.Add(new QueryTerm(term, prefix));
            }
        }

        var distinct = terms.DistinctBy(t => (t.Text, t.Prefix)).ToList();
        return distinct.Count == 0 ? null : new QueryGroup(distinct, TextSegmenter.Squeeze(text), isPhrase);
    }

    private static string CapInput(string? input)
    {
        if (input is null || input.Length <= MaxInputLength)
        {
            return input ?? string.Empty;
        }

        var end = MaxInputLength;
        if (char.IsHighSurrogate(input[end - 1]))
        {
            end--;
        }

        return input[..end];
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var builder = new StringBuilder();
        foreach (var (group, sign) in Required.Select(g => (g, "+")).Concat(Excluded.Select(g => (g, "-"))))
        {
            builder.Append(sign).Append('[').AppendJoin(' ', group.Terms.Select(t => t.Prefix ? t.Text + "*" : t.Text)).Append("] ");
        }

        return builder.ToString().TrimEnd();
    }
}
