using System.Buffers.Text;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace HospitalOps.Monitoring.Scrape;

/// <summary>
/// Numbers of the exposition formats: sample values (decimal, exponent, NaN, ±Inf) and
/// timestamps. Both formats follow Go's ParseFloat rules, which the OpenMetrics ABNF mirrors:
/// <c>nan</c>, <c>inf</c> and <c>infinity</c> in any case, a sign only on the infinities.
/// </summary>
internal static class ExpositionNumber
{
    // Powers of ten exactly representable as double: the Clinger fast path is correctly rounded with them.
    private static readonly double[] ExactPowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    private const ulong MaxExactMantissa = 1UL << 53;

    public static bool TryParseDouble(ReadOnlySpan<byte> text, out double value)
    {
        if (text.IsEmpty)
        {
            value = 0;
            return false;
        }

        var first = text[0];
        if (first is (byte)'n' or (byte)'N')
        {
            value = double.NaN;
            return text.Length == 3 && EqualsIgnoreCase(text, "nan"u8);
        }

        var i = 0;
        var negative = false;
        if (first is (byte)'+' or (byte)'-')
        {
            negative = first == (byte)'-';
            i = 1;
        }

        if (i < text.Length && (text[i] | 0x20) == (byte)'i')
        {
            var rest = text[i..];
            if (EqualsIgnoreCase(rest, "inf"u8) || EqualsIgnoreCase(rest, "infinity"u8))
            {
                value = negative ? double.NegativeInfinity : double.PositiveInfinity;
                return true;
            }

            value = 0;
            return false;
        }

        return TryParseDecimal(text, i, negative, out value);
    }

    /// <summary>Text format 0.0.4: integer milliseconds since the epoch (a sign is allowed, as Go's ParseInt allows it).</summary>
    public static bool TryParseTimestampMilliseconds(ReadOnlySpan<byte> text, out long milliseconds)
    {
        if (text.IsEmpty || text[0] == (byte)'+' && (text.Length == 1 || !IsDigit(text[1])))
        {
            milliseconds = 0;
            return false;
        }

        var digits = text[0] == (byte)'+' ? text[1..] : text;
        return Utf8Parser.TryParse(digits, out milliseconds, out var consumed) && consumed == digits.Length;
    }

    /// <summary>OpenMetrics: float seconds since the epoch, rounded to milliseconds.</summary>
    public static bool TryParseTimestampSeconds(ReadOnlySpan<byte> text, out long milliseconds)
    {
        milliseconds = 0;
        if (!TryParseDouble(text, out var seconds) || !double.IsFinite(seconds))
        {
            return false;
        }

        var ms = Math.Round(seconds * 1000.0, MidpointRounding.AwayFromZero);
        if (ms is > long.MaxValue / 2 or < long.MinValue / 2)
        {
            return false;
        }

        milliseconds = (long)ms;
        return true;
    }

    private static bool TryParseDecimal(ReadOnlySpan<byte> text, int start, bool negative, out double value)
    {
        value = 0;
        ulong mantissa = 0;
        var significantDigits = 0;
        var droppedDigits = false;
        var exponent10 = 0;
        var i = start;
        var integerDigits = 0;
        while (i < text.Length && IsDigit(text[i]))
        {
            AccumulateDigit(text[i], ref mantissa, ref significantDigits, ref droppedDigits, ref exponent10, fraction: false);
            i++;
            integerDigits++;
        }

        var fractionDigits = 0;
        if (i < text.Length && text[i] == (byte)'.')
        {
            i++;
            while (i < text.Length && IsDigit(text[i]))
            {
                AccumulateDigit(text[i], ref mantissa, ref significantDigits, ref droppedDigits, ref exponent10, fraction: true);
                i++;
                fractionDigits++;
            }
        }

        if (integerDigits + fractionDigits == 0)
        {
            return false;
        }

        if (i < text.Length && (text[i] | 0x20) == (byte)'e')
        {
            i++;
            var expNegative = false;
            if (i < text.Length && text[i] is (byte)'+' or (byte)'-')
            {
                expNegative = text[i] == (byte)'-';
                i++;
            }

            var expDigits = 0;
            var exp = 0;
            while (i < text.Length && IsDigit(text[i]))
            {
                if (exp < 100_000)
                {
                    exp = exp * 10 + (text[i] - '0');
                }

                i++;
                expDigits++;
            }

            if (expDigits == 0)
            {
                return false;
            }

            exponent10 += expNegative ? -exp : exp;
        }

        if (i != text.Length)
        {
            return false;
        }

        if (!droppedDigits && mantissa <= MaxExactMantissa && exponent10 is >= -22 and <= 22)
        {
            double result = mantissa;
            result = exponent10 < 0 ? result / ExactPowersOfTen[-exponent10] : result * ExactPowersOfTen[exponent10];
            value = negative ? -result : result;
            return true;
        }

        if (mantissa == 0 && !droppedDigits)
        {
            value = negative ? -0.0 : 0.0;
            return true;
        }

        // Rare: many digits or a large exponent. The syntax is checked above, so the BCL parser
        // only has to do the correctly rounded conversion.
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AccumulateDigit(byte digit, ref ulong mantissa, ref int significantDigits, ref bool droppedDigits, ref int exponent10, bool fraction)
    {
        if (significantDigits < 19)
        {
            mantissa = mantissa * 10 + (ulong)(digit - '0');
            if (mantissa != 0)
            {
                significantDigits++;
            }

            if (fraction)
            {
                exponent10--;
            }
        }
        else
        {
            droppedDigits |= digit != (byte)'0';
            if (!fraction)
            {
                exponent10++;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static bool EqualsIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> lowerAscii)
    {
        if (text.Length != lowerAscii.Length)
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if ((text[i] | 0x20) != lowerAscii[i])
            {
                return false;
            }
        }

        return true;
    }
}
