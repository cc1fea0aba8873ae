using System.Globalization;

namespace HospitalOps.PromQL.Functions;

/// <summary>Float text the way Go's strconv reads and writes it (le labels, count_values).</summary>
public static class GoFloat
{
    public static bool TryParse(string? text, out double value)
    {
        value = 0;
        return text != null && Parsing.Literals.TryParseFloat(text, out value);
    }

    public static string Format(double v)
    {
        if (double.IsNaN(v))
        {
            return "NaN";
        }

        if (double.IsPositiveInfinity(v))
        {
            return "+Inf";
        }

        if (double.IsNegativeInfinity(v))
        {
            return "-Inf";
        }

        // Shortest round-trip digits, never in exponent form (Go's 'f' format with precision -1).
        var r = v.ToString("R", CultureInfo.InvariantCulture);
        var e = r.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return r;
        }

        var negative = r[0] == '-';
        var mantissa = r[(negative ? 1 : 0)..e].Replace(".", string.Empty, StringComparison.Ordinal);
        var pointAt = 1 + int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        string digits;
        if (pointAt <= 0)
        {
            digits = "0." + new string('0', -pointAt) + mantissa;
        }
        else if (pointAt >= mantissa.Length)
        {
            digits = mantissa + new string('0', pointAt - mantissa.Length);
        }
        else
        {
            digits = mantissa[..pointAt] + "." + mantissa[pointAt..];
        }

        return negative ? "-" + digits : digits;
    }

    /// <summary>
    /// <see cref="Format"/> written as UTF-8 into <paramref name="into"/> (at least 32 bytes for the fast paths; the
    /// longest fixed-notation doubles need up to 330): the number of bytes, or -1 when it does not fit.
    /// </summary>
    public static int FormatUtf8(double v, Span<byte> into)
    {
        if (TryFormatShortDecimal(v, into, out var written))
        {
            return written;
        }

        if (double.IsFinite(v) && v.TryFormat(into, out written, "R", CultureInfo.InvariantCulture) && into[..written].IndexOf((byte)'E') < 0)
        {
            return written;
        }

        var text = Format(v);
        return System.Text.Encoding.UTF8.TryGetBytes(text, into, out written) ? written : -1;
    }

    /// <summary>
    /// Most samples are short decimals (0.12, 1536, 99.5), written here by integer formatting, several times faster than
    /// the general shortest-digits search. At the most decimals k (at most 9) that keep m = round(v·10^k) below 2^50,
    /// the doubles lie closer together than 10^-k, so at most one decimal with k places reads back as v: if m/10^k does,
    /// m without its trailing zeros holds the shortest round-trip digits, the ones Go writes.
    /// </summary>
    private static bool TryFormatShortDecimal(double v, Span<byte> into, out int written)
    {
        written = 0;
        const double Limit = 1L << 50;
        if (v == 0 || !(Math.Abs(v) < Limit) || into.Length < 32)
        {
            // Zero keeps its sign ("-0"), and NaN, the infinities and large magnitudes take the general path.
            return false;
        }

        var k = 9;
        var scale = 1e9;
        while (!(Math.Abs(v * scale) < Limit))
        {
            k--;
            scale /= 10;
        }

        var m = Math.Round(v * scale);
        if (m / scale != v)
        {
            return false;
        }

        // Trailing zeros stripped 8, 4, 2, then 1 at a time (at most nine), by constants the JIT turns into multiplications.
        var digits = (ulong)Math.Abs(m);
        if (k >= 8 && digits % 100_000_000 == 0)
        {
            digits /= 100_000_000;
            k -= 8;
        }

        if (k >= 4 && digits % 10_000 == 0)
        {
            digits /= 10_000;
            k -= 4;
        }

        if (k >= 2 && digits % 100 == 0)
        {
            digits /= 100;
            k -= 2;
        }

        if (k >= 1 && digits % 10 == 0)
        {
            digits /= 10;
            k -= 1;
        }

        var at = 0;
        if (m < 0)
        {
            into[at++] = (byte)'-';
        }

        Span<byte> text = stackalloc byte[20];
        digits.TryFormat(text, out var count, default, CultureInfo.InvariantCulture);
        if (k == 0)
        {
            text[..count].CopyTo(into[at..]);
            written = at + count;
            return true;
        }

        if (count <= k)
        {
            // 0.0012: a zero, the point, then the zeros the digits do not fill.
            into[at++] = (byte)'0';
            into[at++] = (byte)'.';
            into.Slice(at, k - count).Fill((byte)'0');
            at += k - count;
            text[..count].CopyTo(into[at..]);
            written = at + count;
            return true;
        }

        text[..(count - k)].CopyTo(into[at..]);
        at += count - k;
        into[at++] = (byte)'.';
        text[(count - k)..count].CopyTo(into[at..]);
        written = at + k;
        return true;
    }
}
