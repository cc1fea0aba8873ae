using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HospitalOps.Alerting.Rules;
using HospitalOps.Alerting.Templates;
using HospitalOps.PromQL.Model;

namespace HospitalOps.Alerting.Evaluation;

/// <summary>A rule ready to evaluate: its templates parsed once, and how an alert's labels and fingerprint are made.</summary>
internal sealed class CompiledRule
{
    private readonly IReadOnlyList<(string Name, AlertTemplate Template)> _labels;
    private readonly IReadOnlyList<(string Name, AlertTemplate Template)> _annotations;

    public CompiledRule(AlertRuleRow row)
    {
        Row = row;
        _labels = row.LabelMap.Select(l => (l.Key, AlertTemplate.Parse(l.Value))).ToList();
        _annotations = row.AnnotationMap.Select(a => (a.Key, AlertTemplate.Parse(a.Value))).ToList();
    }

    public AlertRuleRow Row { get; }

    public long Id => Row.Id;

    /// <summary>
    /// The alert's labels: the series' own (without the metric name), the rule's (rendered), then <c>alertname</c> and
    /// <c>severity</c>, sorted by name.
    /// </summary>
    public SortedDictionary<string, string> AlertLabels(Labels series, double value)
    {
        var own = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in series.AsSpan())
        {
            if (label.Name != Labels.MetricName)
            {
                own[label.Name] = label.Value;
            }
        }

        var labels = new SortedDictionary<string, string>(own, StringComparer.Ordinal);
        foreach (var (name, template) in _labels)
        {
            labels[name] = template.Render(own, value);
        }

        labels["alertname"] = Row.Name;
        labels["severity"] = Row.Severity;
        return labels;
    }

    public SortedDictionary<string, string> Annotations(IReadOnlyDictionary<string, string> labels, double value)
    {
        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, template) in _annotations)
        {
            annotations[name] = template.Render(labels, value);
        }

        return annotations;
    }

    /// <summary>A stable identity of the label set (the same labels give the same fingerprint on every node).</summary>
    public static string Fingerprint(IReadOnlyDictionary<string, string> sortedLabels)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in sortedLabels)
        {
            text.Append(name).Append('\0').Append(value).Append('\0');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())).AsSpan(0, 16));
    }

    public static string Json(IReadOnlyDictionary<string, string> map) => JsonSerializer.Serialize(map);
}
