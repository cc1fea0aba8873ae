using System.Text;
using HospitalOps.Monitoring.Collection;

namespace HospitalOps.Monitoring.Scrape;

/// <summary>
/// One reported line of an exposition body; every span points into the body given to the
/// <see cref="ExpositionReader"/>. Which members are meaningful depends on <see cref="Kind"/>:
/// <list type="bullet">
/// <item>Sample: <see cref="Series"/>, <see cref="MetricName"/>, <see cref="Labels"/>, <see cref="Value"/>, <see cref="TimestampMs"/>.</item>
/// <item>Help / Unit: <see cref="MetricName"/> and <see cref="Text"/> (HELP still escaped: see <see cref="HelpString"/>).</item>
/// <item>Type: <see cref="MetricName"/>, <see cref="MetricType"/> and <see cref="Text"/>.</item>
/// <item>Error: <see cref="Reason"/> and <see cref="Text"/> (the whole line).</item>
/// </list>
/// </summary>
internal readonly ref struct ExpositionEntry
{
    internal ExpositionEntry(
        ExpositionEntryKind kind,
        int line,
        ReadOnlySpan<byte> series,
        ReadOnlySpan<byte> metricName,
        ReadOnlySpan<byte> labelText,
        ReadOnlySpan<byte> text,
        double value,
        long? timestampMs,
        ExpositionMetricType metricType,
        ExpositionErrorReason reason)
    {
        Kind = kind;
        Line = line;
        Series = series;
        MetricName = metricName;
        LabelText = labelText;
        Text = text;
        Value = value;
        TimestampMs = timestampMs;
        MetricType = metricType;
        Reason = reason;
    }

    public ExpositionEntryKind Kind { get; }

    /// <summary>1-based line number in the body.</summary>
    public int Line { get; }

    /// <summary><c>name{labels}</c> exactly as written: a cache key for "same series as last scrape".</summary>
    public ReadOnlySpan<byte> Series { get; }

    public ReadOnlySpan<byte> MetricName { get; }

    /// <summary>The text between the braces of a sample (empty without labels).</summary>
    public ReadOnlySpan<byte> LabelText { get; }

    /// <summary>HELP/UNIT text, the TYPE word, or the offending line of an Error.</summary>
    public ReadOnlySpan<byte> Text { get; }

    public double Value { get; }

    /// <summary>Milliseconds since the Unix epoch, when the sample carries a timestamp.</summary>
    public long? TimestampMs { get; }

    public ExpositionMetricType MetricType { get; }

    public ExpositionErrorReason Reason { get; }

    public ExpositionLabelEnumerator Labels => new(LabelText);

    public string MetricNameString() => Encoding.UTF8.GetString(MetricName);

    /// <summary>The HELP text unescaped.</summary>
    public string HelpString() => ExpositionEscapes.UnescapeToString(Text);

    /// <summary>The labels as strings, <c>__name__</c> first (for relabelling; allocates).</summary>
    public Label[] ToLabels(bool includeName = true)
    {
        var count = includeName ? 1 : 0;
        foreach (var _ in Labels)
        {
            count++;
        }

        var labels = new Label[count];
        var i = 0;
        if (includeName)
        {
            labels[i++] = new Label("__name__", MetricNameString());
        }

        foreach (var label in Labels)
        {
            labels[i++] = new Label(label.NameString(), label.ValueString());
        }

        return labels;
    }
}
