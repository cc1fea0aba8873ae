using System.Globalization;
using System.Text;

namespace HospitalOps.PromQL.Parsing;

/// <summary>Number, duration and string literal decoding with the rules Prometheus (Go) applies.</summary>
internal static class Literals
{
    private const long Second = 1000;

    /// <summary>Parses a float the way Go's ParseFloat does (Inf, NaN, hex integers, exponents), without culture.</summary>
    public static bool TryParseFloat(string text, out double value)
    {
        var s = text.Trim();
        var body = s.TrimStart('+', '-');
        var negative = s.StartsWith('-');
        if (s.Length - body.Length > 1)
        {
            value = 0;
            return false;
        }

        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        if (body.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return s.Length == body.Length;
        }

        if (body.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            if (ulong.TryParse(body.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
            {
                value = negative ? -(double)hex : hex;
                return true;
            }

            value = 0;
            return false;
        }

        if (body.Length == 0 || !(char.IsAsciiDigit(body[0]) || body[0] == '.'))
        {
            value = 0;
            return false;
        }

        return double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Prometheus durations: unit groups y, w, d, h, m, s, ms in this order, each at most once.</summary>
    public static bool TryParseDuration(string text, out long ms)
    {
        ms = 0;
        if (text.Length == 0)
        {
            return false;
        }

        string[] units = ["y", "w", "d", "h", "m", "s", "ms"];
        long[] sizes = [365 * 24 * 3600 * Second, 7 * 24 * 3600 * Second, 24 * 3600 * Second, 3600 * Second, 60 * Second, Second, 1];
        var p = 0;
        var nextUnit = 0;
        while (p < text.Length)
        {
            var digitsStart = p;
            while (p < text.Length && char.IsAsciiDigit(text[p]))
            {
                p++;
            }

            if (p == digitsStart || !long.TryParse(text.AsSpan(digitsStart, p - digitsStart), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return false;
            }

            var unitStart = p;
            while (p < text.Length && char.IsAsciiLetter(text[p]))
            {
                p++;
            }

            var unit = text[unitStart..p];
            var idx = Array.IndexOf(units, unit, nextUnit);
            if (idx < 0)
            {
                return false;
            }

            nextUnit = idx + 1;
            ms = checked(ms + (n * sizes[idx]));
        }

        return true;
    }

    /// <summary>Decodes a quoted literal: double or single quotes with Go escapes, or a raw backtick string.</summary>
    public static string Unquote(string quoted)
    {
        var q = quoted[0];
        var body = quoted.AsSpan(1, quoted.Length - 2);
        if (q == '`')
        {
            return body.ToString();
        }

        var sb = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            if (++i >= body.Length)
            {
                throw new FormatException("invalid syntax");
            }

            c = body[i];
            switch (c)
            {
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case '\\': sb.Append('\\'); break;
                case '"' or '\'':
                    sb.Append(c);
                    break;
                case 'x':
                    sb.Append((char)ParseHex(body, ref i, 2));
                    break;
                case 'u':
                    sb.Append((char)ParseHex(body, ref i, 4));
                    break;
                case 'U':
                    sb.Append(char.ConvertFromUtf32(ParseHex(body, ref i, 8)));
                    break;
                case >= '0' and <= '7':
                    if (i + 2 >= body.Length)
                    {
                        throw new FormatException("invalid syntax");
                    }

                    sb.Append((char)Convert.ToInt32(body.Slice(i, 3).ToString(), 8));
                    i += 2;
                    break;
                default:
                    throw new FormatException("invalid syntax");
            }
        }

        return sb.ToString();
    }

    private static int ParseHex(ReadOnlySpan<char> body, ref int i, int digits)
    {
        if (i + digits >= body.Length)
        {
            throw new FormatException("invalid syntax");
        }

        if (!int.TryParse(body.Slice(i + 1, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v))
        {
            throw new FormatException("invalid syntax");
        }

        i += digits;
        return v;
    }
}
