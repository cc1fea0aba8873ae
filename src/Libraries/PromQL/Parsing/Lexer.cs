namespace HospitalOps.PromQL.Parsing;

/// <summary>
/// Splits a query into tokens. Like Prometheus's lexer it knows whether it is inside braces (label matchers) or
/// brackets (ranges, where durations and the subquery colon appear) and reports unbalanced delimiters itself.
/// </summary>
internal sealed class Lexer(string input)
{
    private readonly List<Token> _tokens = [];
    private int _pos;
    private int _parenDepth;
    private bool _inBraces;
    private bool _inBrackets;

    public List<Token> Tokenize()
    {
        while (true)
        {
            SkipSpace();
            if (_pos >= input.Length)
            {
                if (_inBraces)
                {
                    throw Error(_pos, "unexpected end of input inside braces");
                }

                if (_inBrackets)
                {
                    throw Error(_pos, "unclosed left bracket");
                }

                if (_parenDepth > 0)
                {
                    throw Error(_pos, "unclosed left parenthesis");
                }

                _tokens.Add(new Token(TokenKind.Eof, string.Empty, _pos));
                return _tokens;
            }

            LexOne();
        }
    }

    private void SkipSpace()
    {
        while (_pos < input.Length)
        {
            var c = input[_pos];
            if (c is ' ' or '\t' or '\n' or '\r')
            {
                _pos++;
            }
            else if (c == '#')
            {
                while (_pos < input.Length && input[_pos] != '\n')
                {
                    _pos++;
                }
            }
            else
            {
                return;
            }
        }
    }

    private void LexOne()
    {
        var start = _pos;
        var c = input[_pos];
        switch (c)
        {
            case '"' or '\'':
                LexQuoted(c);
                return;
            case '`':
                LexRaw();
                return;
            case '(':
                _parenDepth++;
                Emit(TokenKind.LeftParen, 1);
                return;
            case ')':
                if (_parenDepth == 0)
                {
                    throw Error(start, "unexpected right parenthesis ')'");
                }

                _parenDepth--;
                Emit(TokenKind.RightParen, 1);
                return;
            case '{':
                if (_inBraces)
                {
                    throw Error(start, "unexpected left brace '{'");
                }

                _inBraces = true;
                Emit(TokenKind.LeftBrace, 1);
                return;
            case '}':
                if (!_inBraces)
                {
                    throw Error(start, "unexpected right brace '}'");
                }

                _inBraces = false;
                Emit(TokenKind.RightBrace, 1);
                return;
            case '[':
                if (_inBrackets)
                {
                    throw Error(start, "unexpected left bracket '['");
                }

                _inBrackets = true;
                Emit(TokenKind.LeftBracket, 1);
                return;
            case ']':
                if (!_inBrackets)
                {
                    throw Error(start, "unexpected right bracket ']'");
                }

                _inBrackets = false;
                Emit(TokenKind.RightBracket, 1);
                return;
            case ',':
                Emit(TokenKind.Comma, 1);
                return;
            case '@':
                Emit(TokenKind.At, 1);
                return;
            case '=':
                if (Peek(1) == '=')
                {
                    Emit(TokenKind.Eql, 2);
                }
                else if (Peek(1) == '~')
                {
                    Emit(TokenKind.EqlRegex, 2);
                }
                else
                {
                    Emit(TokenKind.Assign, 1);
                }

                return;
            case '!':
                if (Peek(1) == '=')
                {
                    Emit(TokenKind.Neq, 2);
                }
                else if (Peek(1) == '~')
                {
                    Emit(TokenKind.NeqRegex, 2);
                }
                else
                {
                    throw Error(start, "unexpected character after '!': " + QuoteChar(Peek(1)));
                }

                return;
            case '<':
                Emit(Peek(1) == '=' ? TokenKind.Lte : TokenKind.Lss, Peek(1) == '=' ? 2 : 1);
                return;
            case '>':
                Emit(Peek(1) == '=' ? TokenKind.Gte : TokenKind.Gtr, Peek(1) == '=' ? 2 : 1);
                return;
            case '+':
                Emit(TokenKind.Add, 1);
                return;
            case '-':
                Emit(TokenKind.Sub, 1);
                return;
            case '*':
                Emit(TokenKind.Mul, 1);
                return;
            case '/':
                Emit(TokenKind.Div, 1);
                return;
            case '%':
                Emit(TokenKind.Mod, 1);
                return;
            case '^':
                Emit(TokenKind.Pow, 1);
                return;
        }

        if (c == ':' && _inBrackets)
        {
            Emit(TokenKind.Colon, 1);
            return;
        }

        if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(Peek(1))))
        {
            LexNumberOrDuration();
            return;
        }

        if (char.IsAsciiLetter(c) || c == '_' || (c == ':' && !_inBraces))
        {
            var end = _pos;
            var hasColon = false;
            while (end < input.Length && (char.IsAsciiLetterOrDigit(input[end]) || input[end] == '_' || (input[end] == ':' && !_inBraces && !_inBrackets)))
            {
                hasColon |= input[end] == ':';
                end++;
            }

            Emit(hasColon ? TokenKind.MetricIdentifier : TokenKind.Identifier, end - _pos);
            return;
        }

        throw Error(start, "unexpected character: " + QuoteChar(c));
    }

    private void LexNumberOrDuration()
    {
        var start = _pos;
        var p = _pos;
        if (input[p] == '0' && (Peek(1) == 'x' || Peek(1) == 'X') && p + 2 < input.Length && Uri.IsHexDigit(input[p + 2]))
        {
            p += 2;
            while (p < input.Length && Uri.IsHexDigit(input[p]))
            {
                p++;
            }
        }
        else
        {
            var digitsOnly = true;
            while (p < input.Length && char.IsAsciiDigit(input[p]))
            {
                p++;
            }

            if (p < input.Length && input[p] == '.')
            {
                digitsOnly = false;
                p++;
                while (p < input.Length && char.IsAsciiDigit(input[p]))
                {
                    p++;
                }
            }

            if (p < input.Length && (input[p] == 'e' || input[p] == 'E'))
            {
                var q = p + 1;
                if (q < input.Length && (input[q] == '+' || input[q] == '-'))
                {
                    q++;
                }

                if (q < input.Length && char.IsAsciiDigit(input[q]))
                {
                    digitsOnly = false;
                    p = q;
                    while (p < input.Length && char.IsAsciiDigit(input[p]))
                    {
                        p++;
                    }
                }
            }

            if (digitsOnly && p < input.Length && IsDurationUnitStart(input[p]))
            {
                // A duration: one or more <digits><unit> groups.
                p = start;
                while (p < input.Length && char.IsAsciiDigit(input[p]))
                {
                    while (p < input.Length && char.IsAsciiDigit(input[p]))
                    {
                        p++;
                    }

                    if (p + 1 < input.Length && input[p] == 'm' && input[p + 1] == 's')
                    {
                        p += 2;
                    }
                    else if (p < input.Length && IsDurationUnitStart(input[p]))
                    {
                        p++;
                    }
                    else
                    {
                        throw Error(start, "bad number or duration syntax: \"" + input[start..Math.Min(input.Length, p + 1)] + "\"");
                    }
                }

                if (p < input.Length && (char.IsAsciiLetterOrDigit(input[p]) || input[p] == '_'))
                {
                    throw Error(start, "bad number or duration syntax: \"" + input[start..(p + 1)] + "\"");
                }

                _pos = start;
                Emit(TokenKind.Duration, p - start);
                return;
            }
        }

        if (p < input.Length && (char.IsAsciiLetter(input[p]) || input[p] == '_'))
        {
            throw Error(start, "bad number or duration syntax: \"" + input[start..(p + 1)] + "\"");
        }

        Emit(TokenKind.Number, p - start);
    }

    private static bool IsDurationUnitStart(char c) => c is 'y' or 'w' or 'd' or 'h' or 'm' or 's';

    private void LexQuoted(char quote)
    {
        var start = _pos;
        var p = _pos + 1;
        while (true)
        {
            if (p >= input.Length || input[p] == '\n')
            {
                throw Error(start, "unterminated quoted string");
            }

            if (input[p] == '\\')
            {
                p += 2;
                continue;
            }

            if (input[p] == quote)
            {
                p++;
                break;
            }

            p++;
        }

        Emit(TokenKind.String, p - start);
    }

    private void LexRaw()
    {
        var start = _pos;
        var end = input.IndexOf('`', _pos + 1);
        if (end < 0)
        {
            throw Error(start, "unterminated raw string");
        }

        Emit(TokenKind.String, end + 1 - start);
    }

    private char Peek(int ahead) => _pos + ahead < input.Length ? input[_pos + ahead] : '\0';

    private void Emit(TokenKind kind, int length)
    {
        _tokens.Add(new Token(kind, input.Substring(_pos, length), _pos));
        _pos += length;
    }

    private static string QuoteChar(char c) => c == '\0' ? "EOF" : "'" + c + "'";

    private ParseFailure Error(int pos, string message) => new(pos, message);
}
