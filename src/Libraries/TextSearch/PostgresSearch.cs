using System.Text;

namespace HospitalOps.TextSearch;

/// <summary>
/// PostgreSQL full text over the same terms. The vector is built here, as a tsvector literal, and
/// stored with <c>@vector::tsvector</c> in a <c>tsvector</c> column (GIN-indexed); the query from
/// <see cref="SearchQuery.ToTsQuery"/> is passed with <c>@query::tsquery</c>. Neither goes through
/// PostgreSQL's parser (<c>to_tsvector</c>, <c>to_tsquery</c>), which would split <c>his_db</c>,
/// read <c>10.1.2.3</c> as a host name and depend on the database's locale: both sides hold
/// exactly the terms of <see cref="CjkTokenizer"/>.
/// <para>
/// Title terms carry weight A and body terms weight D, so <c>ts_rank(vector, query)</c> (see
/// <see cref="Rank"/>) counts a title term ten times a body term. Positions follow
/// <see cref="CjkTokenizer.Tokenize"/>; the body's start after the title's.
/// </para>
/// </summary>
public static class PostgresSearch
{
    // PostgreSQL's limits: positions above 16383 are not stored, and a lexeme keeps at most 256 of them.
    private const int MaxPosition = 16383;
    private const int MaxPositionsPerLexeme = 256;

    /// <summary>The rank expression for a vector column and a query parameter (larger is better).</summary>
    public static string Rank(string vector, string query) => $"ts_rank({vector}, {query})";

    /// <summary>The tsvector literal of a title and a body.</summary>
    public static string ToTsVector(string? title, string? body)
    {
        var positions = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var offset = 1;
        foreach (var (text, weight) in new[] { (title, "A"), (body, "") })
        {
            var last = 0;
            foreach (var term in CjkTokenizer.Tokenize(text))
            {
                var position = Math.Min(offset + term.Position, MaxPosition);
                last = Math.Max(last, term.Position);
                if (!positions.TryGetValue(term.Text, out var list))
                {
                    positions[term.Text] = list = [];
                }

                if (list.Count < MaxPositionsPerLexeme)
                {
                    list.Add(position + weight);
                }
            }

            offset += last + 2;
        }

        var builder = new StringBuilder();
        foreach (var (lexeme, list) in positions)
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            Quote(builder, lexeme).Append(':').AppendJoin(',', list.Distinct());
        }

        return builder.ToString();
    }

    internal static string Query(SearchQuery query, MatchMode mode)
    {
        var all = query.Required.SelectMany(g => g.Terms).Distinct().ToList();
        string positive;
        if (mode == MatchMode.AllTerms)
        {
            positive = string.Join(" & ", all.Select(Term));
        }
        else
        {
            var phraseTerms = query.Required.Where(g => g.IsPhrase).SelectMany(g => g.Terms).Distinct().ToList();
            var loose = all.Except(phraseTerms).ToList();
            var parts = phraseTerms.Select(Term).ToList();
            if (loose.Count > 0)
            {
                parts.Add("( " + string.Join(" | ", loose.Select(Term)) + " )");
            }

            positive = string.Join(" & ", parts);
        }

        var builder = new StringBuilder(positive);
        foreach (var group in query.Excluded)
        {
            builder.Append(" & !( ").AppendJoin(" & ", group.Terms.Select(Term)).Append(" )");
        }

        return builder.ToString();
    }

    private static string Term(QueryTerm term)
    {
        var builder = Quote(new StringBuilder(), term.Text);
        return term.Prefix ? builder.Append(":*").ToString() : builder.ToString();
    }

    // Both literal syntaxes take a lexeme in single quotes, with quotes doubled and backslashes escaped.
    private static StringBuilder Quote(StringBuilder builder, string lexeme) =>
        builder.Append('\'').Append(lexeme.Replace("\\", "\\\\").Replace("'", "''")).Append('\'');
}
