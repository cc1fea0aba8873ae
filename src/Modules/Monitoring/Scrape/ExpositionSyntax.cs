using System.Runtime.CompilerServices;

namespace HospitalOps.Monitoring.Scrape;

/// <summary>Character classes of the exposition formats, by table lookup.</summary>
internal static class ExpositionSyntax
{
    private const byte NameStart = 1;
    private const byte NameChar = 2;
    private const byte Colon = 4;

    // For each ASCII byte: NameStart for [a-zA-Z_], NameChar for [a-zA-Z0-9_], Colon for ':'.
    private static ReadOnlySpan<byte> Classes =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 4, 0, 0, 0, 0, 0,
        0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
        3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 3,
        0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
        3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0,
    ];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t';

    /// <summary>Length of the metric name (<c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>) at the start of <paramref name="text"/>; 0 when none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MetricNameLength(ReadOnlySpan<byte> text)
    {
        var classes = Classes;
        if (text.IsEmpty || text[0] >= 128 || (classes[text[0]] & (NameStart | Colon)) == 0)
        {
            return 0;
        }

        var i = 1;
        while (i < text.Length && text[i] < 128 && (classes[text[i]] & (NameStart | NameChar | Colon)) != 0)
        {
            i++;
        }

        return i;
    }

    /// <summary>Length of the label name (<c>[a-zA-Z_][a-zA-Z0-9_]*</c>) at the start of <paramref name="text"/>; 0 when none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LabelNameLength(ReadOnlySpan<byte> text)
    {
        var classes = Classes;
        if (text.IsEmpty || text[0] >= 128 || (classes[text[0]] & NameStart) == 0)
        {
            return 0;
        }

        var i = 1;
        while (i < text.Length && text[i] < 128 && (classes[text[i]] & (NameStart | NameChar)) != 0)
        {
            i++;
        }

        return i;
    }

    public static bool IsMetricName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = c < 128 && (Classes[c] & (i == 0 ? NameStart | Colon : NameStart | NameChar | Colon)) != 0;
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsLabelName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = c < 128 && (Classes[c] & (i == 0 ? NameStart : NameStart | NameChar)) != 0;
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SkipSpaces(ReadOnlySpan<byte> text, int i)
    {
        while (i < text.Length && IsSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>End of the token starting at <paramref name="i"/>: the next space, tab, or the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int TokenEnd(ReadOnlySpan<byte> text, int i)
    {
        var rest = text[i..].IndexOfAny((byte)' ', (byte)'\t');
        return rest < 0 ? text.Length : i + rest;
    }
}
