using System.Text;
using HospitalOps.Monitoring.Collection;

namespace HospitalOps.Monitoring.History;

/// <summary>
/// A series' identity: its metric name and labels, sorted by name, with one canonical text form
/// (<c>metric{a="1",b="2"}</c>) that the series index stores and compares.
/// </summary>
internal sealed class SeriesLabels : IEquatable<SeriesLabels>
{
    public const string MetricLabel = "__name__";

    private SeriesLabels(string metric, Label[] labels, string text)
    {
        Metric = metric;
        Labels = labels;
        Text = text;
        Hash = Fnv64(text);
    }

    public string Metric { get; }

    /// <summary>The labels other than the metric name, sorted by name, without empty values.</summary>
    public Label[] Labels { get; }

    public string Text { get; }

    public long Hash { get; }

    /// <summary>Builds the canonical form; empty label values mean "no label", as in Prometheus.</summary>
    public static SeriesLabels Of(string metric, IEnumerable<Label> labels)
    {
        var sorted = labels.Where(l => l.Value.Length > 0 && l.Name != MetricLabel)
            .GroupBy(l => l.Name, StringComparer.Ordinal).Select(g => g.Last())
            .OrderBy(l => l.Name, StringComparer.Ordinal).ToArray();
        return new SeriesLabels(metric, sorted, Format(metric, sorted));
    }

    public string? Get(string name) => name == MetricLabel ? Metric : Array.Find(Labels, l => l.Name == name).Value;

    /// <summary>All labels including <c>__name__</c>, as matchers see them.</summary>
    public IEnumerable<Label> WithName()
    {
        yield return new Label(MetricLabel, Metric);
        foreach (var l in Labels)
        {
            yield return l;
        }
    }

    public static string Format(string metric, IReadOnlyList<Label> labels)
    {
        var sb = new StringBuilder(metric.Length + labels.Count * 24);
        sb.Append(metric).Append('{');
        for (var i = 0; i < labels.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append(labels[i].Name).Append("=\"");
            foreach (var ch in labels[i].Value)
            {
                switch (ch)
                {
                    case '\\': sb.Append("\\\\"); break;
                    case '"': sb.Append("\\\""); break;
                    case '\n': sb.Append("\\n"); break;
                    default: sb.Append(ch); break;
                }
            }

            sb.Append('"');
        }

        return sb.Append('}').ToString();
    }

    /// <summary>
    /// Reads the canonical text back (the inverse of <see cref="Format"/>). With <paramref name="strings"/>, names and
    /// values come from that pool, so the many series that share them hold one copy (the index in memory does).
    /// </summary>
    public static SeriesLabels Parse(string text, StringPool? strings = null)
    {
        var open = text.IndexOf('{', StringComparison.Ordinal);
        var metric = strings?.Get(text.AsSpan(0, open)) ?? text[..open];
        var labels = new List<Label>();
        var i = open + 1;
        while (i < text.Length && text[i] != '}')
        {
            var eq = text.IndexOf('=', i);
            var name = strings?.Get(text.AsSpan(i, eq - i)) ?? text[i..eq];
            i = eq + 2;
            var start = i;
            StringBuilder? escaped = null;
            while (text[i] != '"')
            {
                if (text[i] == '\\')
                {
                    escaped ??= new StringBuilder().Append(text, start, i - start);
                    i++;
                    escaped.Append(text[i] == 'n' ? '\n' : text[i]);
                }
                else
                {
                    escaped?.Append(text[i]);
                }

                i++;
            }

            var value = escaped is not null ? escaped.ToString() : strings?.Get(text.AsSpan(start, i - start)) ?? text[start..i];
            labels.Add(new Label(name, escaped is not null && strings is not null ? strings.Get(value) : value));
            i++;
            if (i < text.Length && text[i] == ',')
            {
                i++;
            }
        }

        return new SeriesLabels(metric, labels.ToArray(), text);
    }

    public bool Equals(SeriesLabels? other) => other is not null && other.Text == Text;

    public override bool Equals(object? obj) => Equals(obj as SeriesLabels);

    public override int GetHashCode() => (int)Hash;

    public override string ToString() => Text;

    /// <summary>FNV-1a over the UTF-16 code units; stable across processes (string.GetHashCode is not).</summary>
    private static long Fnv64(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var ch in text)
        {
            hash = (hash ^ ch) * 1099511628211UL;
        }

        return (long)hash;
    }
}
