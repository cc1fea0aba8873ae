namespace HospitalOps.Monitoring.History;

/// <summary>One copy of each label name and value for the series index in memory. Not thread-safe.</summary>
internal sealed class StringPool
{
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    public string Get(ReadOnlySpan<char> text)
    {
        var lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(text, out var known))
        {
            return known;
        }

        var copy = text.ToString();
        _strings[copy] = copy;
        return copy;
    }
}
