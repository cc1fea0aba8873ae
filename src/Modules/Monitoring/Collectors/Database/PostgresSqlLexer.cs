namespace HospitalOps.Monitoring.Collectors.Database;

/// <summary>
/// Splits PostgreSQL SQL into tokens the way the server's lexer does for everything that can
/// hide a semicolon or a keyword: '…' with '' escapes, E'…' with backslash escapes, "…"
/// identifiers, $tag$…$tag$ bodies, -- comments and nested /* */ comments. It assumes
/// standard_conforming_strings = on, which the check script runner sets before running a script.
/// </summary>
internal static class PostgresSqlLexer
{
    /// <summary>The tokens, or an error (an unterminated quote or comment) and no tokens.</summary>
    public static (IReadOnlyList<SqlToken> Tokens, string? Error) Tokenize(string sql)
    {
        var tokens = new List<SqlToken>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '-' && At(sql, i + 1, '-'))
            {
                while (i < sql.Length && sql[i] != '\n' && sql[i] != '\r')
                {
                    i++;
                }
            }
            else if (c == '/' && At(sql, i + 1, '*'))
            {
                var depth = 1;
                i += 2;
                while (depth > 0)
                {
                    if (i >= sql.Length)
                    {
                        return ([], "unterminated /* comment");
                    }

                    if (sql[i] == '/' && At(sql, i + 1, '*'))
                    {
                        depth++;
                        i += 2;
                    }
                    else if (sql[i] == '*' && At(sql, i + 1, '/'))
                    {
                        depth--;
                        i += 2;
                    }
                    else
                    {
                        i++;
                    }
                }
            }
            else if (c == '\'')
            {
                if (!SkipString(sql, ref i, backslashEscapes: false))
                {
                    return ([], "unterminated string constant");
                }

                tokens.Add(new SqlToken(SqlTokenKind.String, ""));
            }
            else if (c == '"')
            {
                i++;
                var value = new System.Text.StringBuilder();
                while (true)
                {
                    if (i >= sql.Length)
                    {
                        return ([], "unterminated quoted identifier");
                    }

                    if (sql[i] == '"')
                    {
                        if (At(sql, i + 1, '"'))
                        {
                            value.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    value.Append(sql[i++]);
                }

                tokens.Add(new SqlToken(SqlTokenKind.QuotedIdentifier, value.ToString()));
            }
            else if (c == '$' && TryDollarTag(sql, i, out var tag))
            {
                var end = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                if (end < 0)
                {
                    return ([], "unterminated dollar-quoted string");
                }

                i = end + tag.Length;
                tokens.Add(new SqlToken(SqlTokenKind.String, ""));
            }
            else if (IsIdentStart(c))
            {
                var start = i;
                while (i < sql.Length && IsIdentPart(sql[i]))
                {
                    i++;
                }

                var word = sql[start..i].ToLowerInvariant();
                if (word == "e" && At(sql, i, '\''))
                {
                    if (!SkipString(sql, ref i, backslashEscapes: true))
                    {
                        return ([], "unterminated string constant");
                    }

                    tokens.Add(new SqlToken(SqlTokenKind.String, ""));
                }
                else
                {
                    tokens.Add(new SqlToken(SqlTokenKind.Word, word));
                }
            }
            else if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < sql.Length && (char.IsAsciiLetterOrDigit(sql[i]) || sql[i] is '.' or '_'))
                {
                    i++;
                }

                tokens.Add(new SqlToken(SqlTokenKind.Number, sql[start..i]));
            }
            else if (c == ';')
            {
                tokens.Add(new SqlToken(SqlTokenKind.Semicolon, ";"));
                i++;
            }
            else
            {
                tokens.Add(new SqlToken(SqlTokenKind.Symbol, c.ToString()));
                i++;
            }
        }

        return (tokens, null);
    }

    /// <summary>The statements of a token list, split at top-level semicolons; empty statements dropped.</summary>
    public static List<List<SqlToken>> SplitStatements(IReadOnlyList<SqlToken> tokens)
    {
        var statements = new List<List<SqlToken>>();
        var current = new List<SqlToken>();
        foreach (var token in tokens)
        {
            if (token.Kind == SqlTokenKind.Semicolon)
            {
                if (current.Count > 0)
                {
                    statements.Add(current);
                    current = [];
                }
            }
            else
            {
                current.Add(token);
            }
        }

        if (current.Count > 0)
        {
            statements.Add(current);
        }

        return statements;
    }

    private static bool At(string s, int i, char c) => i < s.Length && s[i] == c;

    private static bool IsIdentStart(char c) => char.IsAsciiLetter(c) || c == '_' || c >= '\u0080';

    private static bool IsIdentPart(char c) => IsIdentStart(c) || char.IsAsciiDigit(c) || c == '$';

    /// <summary>Skips '…' starting at the opening quote; '' is a quote, and \x too when E'…'.</summary>
    private static bool SkipString(string sql, ref int i, bool backslashEscapes)
    {
        i++;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (backslashEscapes && c == '\\')
            {
                i += 2;
                continue;
            }

            if (c == '\'')
            {
                if (At(sql, i + 1, '\''))
                {
                    i += 2;
                    continue;
                }

                i++;
                return true;
            }

            i++;
        }

        return false;
    }

    /// <summary>A dollar-quote opening ($$ or $tag$) at i; $1 (a parameter) is not one.</summary>
    private static bool TryDollarTag(string sql, int i, out string tag)
    {
        tag = "";
        var j = i + 1;
        if (j < sql.Length && char.IsAsciiDigit(sql[j]))
        {
            return false;
        }

        while (j < sql.Length && sql[j] != '$')
        {
            if (!(IsIdentStart(sql[j]) || char.IsAsciiDigit(sql[j])))
            {
                return false;
            }

            j++;
        }

        if (j >= sql.Length)
        {
            return false;
        }

        tag = sql[i..(j + 1)];
        return true;
    }
}
