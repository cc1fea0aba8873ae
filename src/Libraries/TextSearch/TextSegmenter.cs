using System.Globalization;
using System.Text;

namespace HospitalOps.TextSearch;

/// <summary>The two kinds of run the text is cut into.</summary>
internal enum SegmentKind
{
    /// <summary>Han, Kana or Hangul characters, written without spaces between words.</summary>
    Cjk,

    /// <summary>Letters and digits of the other scripts, possibly a compound such as <c>ora-00060</c>.</summary>
    Word,
}

/// <summary>
/// One run of normalized text. For a CJK run, <see cref="Parts"/> are its characters; for a word,
/// its parts between joiners and <see cref="Joiners"/> the joiner before each part after the first.
/// </summary>
internal sealed record Segment(SegmentKind Kind, IReadOnlyList<string> Parts, IReadOnlyList<char> Joiners, int Start, int End);

/// <summary>
/// Normalizes text (NFKC, lower case) and cuts it into CJK runs and words. Index terms and query
/// terms are both made from these segments, so what is indexed and what is looked for agree.
/// </summary>
internal static class TextSegmenter
{
    /// <summary>
    /// Characters that join two letters/digits into one compound (<c>ora-00060</c>, <c>10.1.2.3</c>,
    /// <c>his_db</c>, <c>/u01/app</c>, <c>09:30</c>, <c>dba@hospital</c>). Only a single joiner between
    /// two word characters joins; anywhere else it is punctuation.
    /// </summary>
    public const string JoinerCharacters = "-_./:@";

    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        // Lone surrogates make Normalize throw; text from a browser or a paste can carry them.
        // EnumerateRunes replaces them with U+FFFD, which is then ignored like any symbol.
        var clean = text;
        if (text.Any(char.IsSurrogate))
        {
            var builder = new StringBuilder(text.Length);
            foreach (var rune in text.EnumerateRunes())
            {
                builder.Append(rune.ToString());
            }

            clean = builder.ToString();
        }

        return clean.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
    }

    public static List<Segment> Segment(string normalized)
    {
        var segments = new List<Segment>();
        var runes = new List<(Rune Rune, int Index)>();
        foreach (var rune in normalized.EnumerateRunes())
        {
            runes.Add((rune, runes.Count == 0 ? 0 : runes[^1].Index + runes[^1].Rune.Utf16SequenceLength));
        }

        var i = 0;
        while (i < runes.Count)
        {
            var kind = Classify(runes[i].Rune);
            if (kind == CharKind.Cjk)
            {
                var start = i;
                var parts = new List<string>();
                while (i < runes.Count && Classify(runes[i].Rune) is CharKind.Cjk or CharKind.Mark)
                {
                    // A mark after a CJK character (a variation selector) carries nothing to search for.
                    if (Classify(runes[i].Rune) == CharKind.Cjk)
                    {
                        parts.Add(runes[i].Rune.ToString());
                    }

                    i++;
                }

                segments.Add(new Segment(SegmentKind.Cjk, parts, [], runes[start].Index, EndOf(runes, i)));
            }
            else if (kind == CharKind.Word)
            {
                var start = i;
                var parts = new List<string>();
                var joiners = new List<char>();
                var part = new StringBuilder();
                while (i < runes.Count)
                {
                    var k = Classify(runes[i].Rune);
                    if (k is CharKind.Word or CharKind.Mark)
                    {
                        part.Append(runes[i].Rune.ToString());
                        i++;
                    }
                    else if (k == CharKind.Joiner && i + 1 < runes.Count && Classify(runes[i + 1].Rune) == CharKind.Word)
                    {
                        parts.Add(part.ToString());
                        part.Clear();
                        joiners.Add((char)runes[i].Rune.Value);
                        i++;
                    }
                    else
                    {
                        break;
                    }
                }

                parts.Add(part.ToString());
                segments.Add(new Segment(SegmentKind.Word, parts, joiners, runes[start].Index, EndOf(runes, i)));
            }
            else
            {
                i++;
            }
        }

        return segments;
    }

    /// <summary>The searchable characters of a text, without anything between them, for literal comparison.</summary>
    public static string Squeeze(string normalized)
    {
        var builder = new StringBuilder(normalized.Length);
        foreach (var segment in Segment(normalized))
        {
            builder.Append(normalized, segment.Start, segment.End - segment.Start);
        }

        return builder.ToString();
    }

    private static int EndOf(List<(Rune Rune, int Index)> runes, int i) =>
        i < runes.Count ? runes[i].Index : runes[^1].Index + runes[^1].Rune.Utf16SequenceLength;

    private enum CharKind { Other, Cjk, Word, Mark, Joiner }

    private static CharKind Classify(Rune rune)
    {
        if (IsCjk(rune.Value))
        {
            return CharKind.Cjk;
        }

        if (rune.IsAscii)
        {
            var c = (char)rune.Value;
            return char.IsAsciiLetterOrDigit(c) ? CharKind.Word : JoinerCharacters.Contains(c) ? CharKind.Joiner : CharKind.Other;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => CharKind.Word,
            UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark => CharKind.Mark,
            _ => CharKind.Other,
        };
    }

    // Scripts written without spaces between words: every character may start a word, so each is indexed with its neighbour.
    private static bool IsCjk(int c) =>
        c is >= 0x4E00 and <= 0x9FFF      // CJK Unified Ideographs
            or >= 0x3400 and <= 0x4DBF    // Extension A
            or >= 0x20000 and <= 0x2FA1F  // Extensions B–F, compatibility ideographs supplement
            or >= 0x30000 and <= 0x323AF  // Extensions G, H
            or >= 0xF900 and <= 0xFAFF    // Compatibility ideographs
            or 0x3005 or 0x3006 or 0x3007 // 々 〆 〇
            or >= 0x3040 and <= 0x309F    // Hiragana
            or >= 0x30A0 and <= 0x30FF    // Katakana
            or >= 0x31F0 and <= 0x31FF    // Katakana phonetic extensions
            or >= 0xAC00 and <= 0xD7AF    // Hangul syllables
            or >= 0x1100 and <= 0x11FF    // Hangul Jamo
            or >= 0x3130 and <= 0x318F;   // Hangul compatibility Jamo
}
