using System.Globalization;

namespace HospitalOps.PromQL.Functions;

/// <summary>Float text the way Go's strconv reads and writes it (le labels, count_values).</summary>
internal static class GoFloat
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
        if (!r.Contains('E', StringComparison.Ordinal))
        {
            return r;
        }

        return decimal.TryParse(r, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d.ToString(CultureInfo.InvariantCulture)
            : v.ToString("F99", CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.');
    }
}
