using System.Text;

namespace HospitalOps.Monitoring.Scrape;

/// <summary>
/// One label of a parsed sample: spans into the scraped body. <see cref="Value"/> is the raw
/// value itself unless it holds escapes; only then is an unescaped copy allocated.
/// </summary>
internal readonly ref struct ExpositionLabel
{
    public ExpositionLabel(ReadOnlySpan<byte> name, ReadOnlySpan<byte> rawValue, bool hasEscapes)
    {
        Name = name;
        RawValue = rawValue;
        HasEscapes = hasEscapes;
    }

    public ReadOnlySpan<byte> Name { get; }

    /// <summary>The value as written between the quotes, escapes included.</summary>
    public ReadOnlySpan<byte> RawValue { get; }

    public bool HasEscapes { get; }

    /// <summary>The unescaped value (UTF-8); allocates only when the value holds escapes.</summary>
    public ReadOnlySpan<byte> Value => HasEscapes ? ExpositionEscapes.Unescape(RawValue) : RawValue;

    public string NameString() => Encoding.UTF8.GetString(Name);

    public string ValueString() => HasEscapes ? Encoding.UTF8.GetString(ExpositionEscapes.Unescape(RawValue)) : Encoding.UTF8.GetString(RawValue);
}
