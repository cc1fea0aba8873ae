namespace HospitalOps.Monitoring.Collectors.Database;

internal enum SqlTokenKind
{
    /// <summary>An unquoted identifier or keyword; <see cref="SqlToken.Text"/> is lower-cased.</summary>
    Word,

    /// <summary>A "quoted identifier"; the text is its exact value.</summary>
    QuotedIdentifier,

    /// <summary>Any string constant ('…', E'…', $tag$…$tag$); the text is not kept.</summary>
    String,

    Number,

    Symbol,

    Semicolon,
}

/// <summary>One lexical token of PostgreSQL SQL, comments and whitespace dropped.</summary>
internal readonly record struct SqlToken(SqlTokenKind Kind, string Text);
