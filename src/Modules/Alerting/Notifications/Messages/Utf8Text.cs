using System.Text;

namespace HospitalOps.Alerting.Notifications.Messages;

/// <summary>Channel limits are in UTF-8 bytes (a Chinese character takes three): cut text to fit, never inside a character.</summary>
internal static class Utf8Text
{
    private const string Ellipsis = "…";

    public static string Truncate(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var budget = maxBytes - Encoding.UTF8.GetByteCount(Ellipsis);
        if (budget <= 0)
        {
            return string.Empty;
        }

        var used = 0;
        var end = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (used + rune.Utf8SequenceLength > budget)
            {
                break;
            }

            used += rune.Utf8SequenceLength;
            end += rune.Utf16SequenceLength;
        }

        return text[..end] + Ellipsis;
    }
}
