using System.Text;
using HospitalOps.Monitoring.Scrape;

namespace HospitalOps.Monitoring.Tests.Scrape;

/// <summary>A copy of an <see cref="ExpositionEntry"/> that tests can keep and compare.</summary>
internal sealed record ParsedEntry(
    ExpositionEntryKind Kind,
    int Line,
    string Series,
    string Name,
    (string Name, string Value)[] Labels,
    double Value,
    long? TimestampMs,
    string Text,
    ExpositionMetricType MetricType,
    ExpositionErrorReason Reason)
{
    public static List<ParsedEntry> ParseAll(string body, ExpositionFormat format, int maxLineBytes = ExpositionReader.DefaultMaxLineBytes) =>
        ParseAll(Encoding.UTF8.GetBytes(body), format, maxLineBytes);

    public static List<ParsedEntry> ParseAll(byte[] body, ExpositionFormat format, int maxLineBytes = ExpositionReader.DefaultMaxLineBytes)
    {
        var result = new List<ParsedEntry>();
        var reader = new ExpositionReader(body, format, maxLineBytes);
        while (reader.Next(out var entry))
        {
            var labels = new List<(string, string)>();
            foreach (var label in entry.Labels)
            {
                labels.Add((label.NameString(), label.ValueString()));
            }

            result.Add(new ParsedEntry(
                entry.Kind,
                entry.Line,
                Encoding.UTF8.GetString(entry.Series),
                Encoding.UTF8.GetString(entry.MetricName),
                labels.ToArray(),
                entry.Value,
                entry.TimestampMs,
                Encoding.UTF8.GetString(entry.Text),
                entry.MetricType,
                entry.Reason));
        }

        return result;
    }
}
