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
}
