using System.Globalization;
using System.Text;

namespace HospitalOps.ServiceDesk.Attachments;

/// <summary>
/// A file name as the uploader's device gave it, made safe to store, show and send back in Content-Disposition: the last part of
/// a path only, no control or direction-changing characters, none of the characters file systems refuse, not hidden, at most
/// <see cref="MaxLength"/> characters with the extension kept, and an extension that says what the content is.
/// </summary>
internal static class AttachmentNames
{
    public const int MaxLength = 120;

    private const string Fallback = "attachment";

    private static readonly HashSet<string> ReservedOnWindows = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    public static string Sanitise(string? raw, AttachmentKind kind)
    {
        var name = raw ?? "";
        name = name[(name.LastIndexOfAny(['/', '\\']) + 1)..];
        var text = new StringBuilder(name.Length);
        foreach (var rune in name.Normalize(NormalizationForm.FormC).EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                continue;
            }

            if (Rune.IsWhiteSpace(rune))
            {
                if (text.Length > 0 && text[^1] != ' ')
                {
                    text.Append(' ');
                }

                continue;
            }

            text.Append(rune.IsAscii && "<>:\"|?*".Contains((char)rune.Value) ? "_" : rune.ToString());
        }

        name = text.ToString().Trim(' ', '.');
        var extension = Path.GetExtension(name);
        var stem = extension.Length > 0 ? name[..^extension.Length].TrimEnd(' ', '.') : name;
        if (stem.Length == 0)
        {
            stem = Fallback;
        }

        if (ReservedOnWindows.Contains(stem))
        {
            stem = "_" + stem;
        }

        // A name whose extension says something else gets the right one added: "scan.html" that is a PNG becomes
        // "scan.html.png", so whoever saves it opens it with an image viewer.
        if (!kind.Extensions.Contains(extension.ToLowerInvariant()))
        {
            stem += extension;
            extension = kind.Extensions[0];
        }

        var room = MaxLength - extension.Length;
        if (stem.Length > room)
        {
            stem = stem[..room];
            if (char.IsHighSurrogate(stem[^1]))
            {
                stem = stem[..^1];
            }

            stem = stem.TrimEnd(' ', '.');
        }

        return stem + extension;
    }
}
