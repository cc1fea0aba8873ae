using System.Text;

namespace HospitalOps.TextSearch;

/// <summary>
/// SQLite FTS5 over pre-tokenized text. A table has two columns, <c>title</c> and <c>body</c>, each
/// holding <see cref="CjkTokenizer.ToIndexText"/> of the text; the row id is the owner's id.
/// <para>
/// FTS5 tokenizes the stored terms again with its own <c>unicode61</c> tokenizer, configured so that
/// it only splits at the spaces between them: letters, digits, marks and private-use characters
/// (categories <c>L* N* Co M*</c>) and the compound joiners are token characters, nothing is
/// folded away (<c>remove_diacritics 0</c>). A custom tokenizer would need native code in every
/// deployment; this needs none. The table stores its own copy of the terms, which keeps updates and
/// deletes plain SQL (<c>DELETE … WHERE rowid = …</c>) on every SQLite version.
/// </para>
/// <para>
/// Rank with <see cref="Bm25"/> (smaller is better): a term in the title weighs
/// <see cref="TitleWeight"/> times a term in the body.
/// </para>
/// </summary>
public static class Fts5Search
{
    /// <summary>The <c>tokenize</c> option of the table.</summary>
    public const string Tokenizer = "unicode61 remove_diacritics 0 categories 'L* N* Co M*' tokenchars '-_./:@'";

    /// <summary>How much more a title term weighs than a body term in <see cref="Bm25"/>.</summary>
    public const double TitleWeight = 5.0;

    /// <summary>The statement creating a search table named <paramref name="table"/>.</summary>
    public static string CreateTableSql(string table) =>
        $"CREATE VIRTUAL TABLE {Identifier(table)} USING fts5(title, body, tokenize = \"{Tokenizer}\")";

    /// <summary>The rank expression of a search table, for <c>ORDER BY</c> (ascending: best first).</summary>
    public static string Bm25(string table) => $"bm25({Identifier(table)}, {TitleWeight:0.0###}, 1.0)";

    internal static string Match(SearchQuery query, MatchMode mode)
    {
        var positive = Positive(query, mode);
        if (query.Excluded.Count == 0)
        {
            return positive;
        }

        var negative = string.Join(" OR ", query.Excluded.Select(g => "(" + string.Join(" AND ", g.Terms.Select(Term)) + ")"));
        return $"({positive}) NOT ({negative})";
    }

    private static string Positive(SearchQuery query, MatchMode mode)
    {
        var all = query.Required.SelectMany(g => g.Terms).Distinct().ToList();
        if (mode == MatchMode.AllTerms)
        {
            return string.Join(" AND ", all.Select(Term));
        }

        var phraseTerms = query.Required.Where(g => g.IsPhrase).SelectMany(g => g.Terms).Distinct().ToList();
        var loose = all.Except(phraseTerms).ToList();
        var parts = phraseTerms.Select(Term).ToList();
        if (loose.Count > 0)
        {
            parts.Add("(" + string.Join(" OR ", loose.Select(Term)) + ")");
        }

        return string.Join(" AND ", parts);
    }

    // Inside double quotes FTS5 reads no operators; a quote inside is doubled.
    private static string Term(QueryTerm term)
    {
        var builder = new StringBuilder(term.Text.Length + 3).Append('"').Append(term.Text.Replace("\"", "\"\"")).Append('"');
        return term.Prefix ? builder.Append('*').ToString() : builder.ToString();
    }

    private static string Identifier(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(name[0])
            ? name
            : throw new ArgumentException($"'{name}' is not a plain table name.", nameof(name));
}
