using System.Text;

namespace HospitalOps.Monitoring.Collectors.Hl7;

/// <summary>
/// The separators a message declares in MSH-1 and MSH-2 (usually | and ^~\&amp;), with the escape
/// sequences that stand for them inside field text.
/// </summary>
internal sealed record Hl7Delimiters(char Field, char Component, char Repetition, char Escape, char Subcomponent)
{
    public static Hl7Delimiters Standard { get; } = new('|', '^', '~', '\\', '&');

    public string EncodingCharacters => $"{Component}{Repetition}{Escape}{Subcomponent}";

    /// <summary>Reads MSH-1 and MSH-2 from a segment starting "MSH"; null when it cannot.</summary>
    public static Hl7Delimiters? FromHeader(string msh)
    {
        if (msh.Length < 5 || !msh.StartsWith("MSH", StringComparison.Ordinal))
        {
            return null;
        }

        var field = msh[3];
        var end = msh.IndexOf(field, 4);
        var encoding = end < 0 ? msh[4..] : msh[4..end];
        if (encoding.Length == 0 || char.IsLetterOrDigit(field) || encoding.Contains(field, StringComparison.Ordinal))
        {
            return null;
        }

        return new Hl7Delimiters(
            field,
            encoding[0],
            encoding.Length > 1 ? encoding[1] : Standard.Repetition,
            encoding.Length > 2 ? encoding[2] : Standard.Escape,
            encoding.Length > 3 ? encoding[3] : Standard.Subcomponent);
    }

    /// <summary>Escapes the separators that may not appear literally in a field value; components and subcomponents are left to the caller.</summary>
    public string EscapeField(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c == Escape)
            {
                text.Append(Escape).Append('E').Append(Escape);
            }
            else if (c == Field)
            {
                text.Append(Escape).Append('F').Append(Escape);
            }
            else if (c == Repetition)
            {
                text.Append(Escape).Append('R').Append(Escape);
            }
            else if (c is not ('\r' or '\n'))
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    /// <summary>Turns the escape sequences of a received value back into text (\F\ \S\ \T\ \R\ \E\ and \.br\).</summary>
    public string Unescape(string value)
    {
        if (!value.Contains(Escape, StringComparison.Ordinal))
        {
            return value;
        }

        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var close = value[i] == Escape ? value.IndexOf(Escape, i + 1) : -1;
            if (close < 0)
            {
                text.Append(value[i]);
                continue;
            }

            var sequence = value[(i + 1)..close];
            text.Append(sequence switch
            {
                "F" => Field.ToString(),
                "S" => Component.ToString(),
                "T" => Subcomponent.ToString(),
                "R" => Repetition.ToString(),
                "E" => Escape.ToString(),
                ".br" => " ",
                _ => "",
            });
            i = close;
        }

        return text.ToString();
    }
}
