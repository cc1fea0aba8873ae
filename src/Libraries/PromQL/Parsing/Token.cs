namespace HospitalOps.PromQL.Parsing;

internal enum TokenKind
{
    Eof,
    Identifier,
    MetricIdentifier,
    Number,
    Duration,
    String,
    LeftParen,
    RightParen,
    LeftBrace,
    RightBrace,
    LeftBracket,
    RightBracket,
    Comma,
    Colon,
    Assign,
    EqlRegex,
    NeqRegex,
    Neq,
    Eql,
    Lss,
    Lte,
    Gtr,
    Gte,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    At,
}

/// <summary>A lexed token; <see cref="Text"/> is the raw source text (strings still quoted).</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Pos)
{
    public int End => Pos + Text.Length;

    /// <summary>How Prometheus names a token in "unexpected ..." messages.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.Eof => "end of input",
        TokenKind.Identifier => "identifier \"" + Text + "\"",
        TokenKind.MetricIdentifier => "metric identifier \"" + Text + "\"",
        TokenKind.Number => "number \"" + Text + "\"",
        TokenKind.Duration => "duration \"" + Text + "\"",
        TokenKind.String => "string " + Text,
        TokenKind.LeftParen => "\"(\"",
        TokenKind.RightParen => "\")\"",
        TokenKind.LeftBrace => "\"{\"",
        TokenKind.RightBrace => "\"}\"",
        TokenKind.LeftBracket => "\"[\"",
        TokenKind.RightBracket => "\"]\"",
        TokenKind.Comma => "\",\"",
        TokenKind.Colon => "\":\"",
        TokenKind.At => "\"@\"",
        TokenKind.Assign => "\"=\"",
        _ => "<op:" + Text + ">",
    };
}
