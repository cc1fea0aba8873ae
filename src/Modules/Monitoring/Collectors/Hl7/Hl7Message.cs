namespace HospitalOps.Monitoring.Collectors.Hl7;

/// <summary>
/// A received HL7 v2 message in ER7 (pipe) form, read just far enough for an acknowledgement:
/// segments, fields, first repetition, components. Field numbers follow the standard, so for
/// MSH the field separator itself is MSH-1 and the encoding characters MSH-2.
/// </summary>
internal sealed class Hl7Message
{
    private readonly List<string[]> _segments;

    private Hl7Message(Hl7Delimiters delimiters, List<string[]> segments)
    {
        Delimiters = delimiters;
        _segments = segments;
    }

    public Hl7Delimiters Delimiters { get; }

    public IEnumerable<string> SegmentNames => _segments.Select(s => s[0]);

    /// <summary>Splits the text into segments (CR, also tolerating LF and CRLF); null with a reason when it has no valid MSH first.</summary>
    public static Hl7Message? TryParse(string text, out string? problem)
    {
        var lines = text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var first = lines.Length == 0 ? "" : lines[0].TrimStart('\uFEFF');
        var delimiters = Hl7Delimiters.FromHeader(first);
        if (delimiters is null)
        {
            problem = lines.Length == 0
                ? "the reply is empty"
                : $"the reply does not start with an MSH segment with encoding characters but with \"{Shorten(first, 40)}\"";
            return null;
        }

        lines[0] = first;
        var segments = new List<string[]>(lines.Length);
        foreach (var line in lines)
        {
            var fields = line.Split(delimiters.Field);
            if (fields[0].Length > 0)
            {
                segments.Add(fields);
            }
        }

        problem = null;
        return new Hl7Message(delimiters, segments);
    }

    public bool HasSegment(string name) => _segments.Any(s => s[0] == name);

    /// <summary>The raw (still escaped) value of field <paramref name="number"/> of the first segment named <paramref name="segment"/>; empty when absent.</summary>
    public string Field(string segment, int number)
    {
        var fields = _segments.FirstOrDefault(s => s[0] == segment);
        if (fields is null || number < 1)
        {
            return "";
        }

        if (segment == "MSH")
        {
            return number == 1 ? Delimiters.Field.ToString() : At(fields, number - 1);
        }

        return At(fields, number);
    }

    /// <summary>Component <paramref name="number"/> (1-based) of the first repetition of a field, unescaped.</summary>
    public string Component(string segment, int field, int number) => Delimiters.Unescape(RawComponent(segment, field, number));

    /// <summary>Subcomponent <paramref name="subcomponent"/> (1-based) of a component, unescaped.</summary>
    public string Subcomponent(string segment, int field, int component, int subcomponent)
    {
        var parts = RawComponent(segment, field, component).Split(Delimiters.Subcomponent);
        return subcomponent <= parts.Length ? Delimiters.Unescape(parts[subcomponent - 1]) : "";
    }

    /// <summary>The first repetition of a field as text: components joined by a space, unescaped.</summary>
    public string Text(string segment, int field)
    {
        var value = FirstRepetition(Field(segment, field));
        var parts = value.Split(Delimiters.Component, Delimiters.Subcomponent)
            .Select(Delimiters.Unescape)
            .Where(p => p.Length > 0);
        return string.Join(' ', parts);
    }

    internal static string Shorten(string text, int max)
    {
        var clean = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return clean.Length <= max ? clean : clean[..max] + "…";
    }

    private string RawComponent(string segment, int field, int number)
    {
        var components = FirstRepetition(Field(segment, field)).Split(Delimiters.Component);
        return number <= components.Length ? components[number - 1] : "";
    }

    private string FirstRepetition(string value)
    {
        var repetition = value.IndexOf(Delimiters.Repetition);
        return repetition < 0 ? value : value[..repetition];
    }

    private static string At(string[] fields, int index) => index < fields.Length ? fields[index] : "";
}
