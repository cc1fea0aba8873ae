using HospitalOps.Monitoring.History;
using HospitalOps.PromQL.Model;
using HospitalOps.PromQL.Parsing;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Monitoring.Prometheus;

/// <summary><c>series</c>, <c>labels</c>, <c>label/&lt;name&gt;/values</c>, <c>metadata</c> and <c>status/buildinfo</c>.</summary>
internal static class SeriesEndpoints
{
    /// <summary>Series one call returns at most; Grafana's label browser asks with narrow selectors.</summary>
    private const int MaxSeries = 100_000;

    public static Task Series(HttpContext context, SeriesIndex index) => QueryEndpoints.RunAsync(context, async (p, ct) =>
    {
        var matches = p.GetAll("match[]");
        if (matches.Count == 0)
        {
            throw new BadParameterException("no match[] parameter provided");
        }

        p.Time("start", PrometheusParameters.MinTime);
        p.Time("end", PrometheusParameters.MaxTime);
        var found = await SelectAsync(index, matches, ct);
        await PrometheusJson.WriteSuccessAsync(context, w =>
        {
            w.WriteStartArray();
            foreach (var labels in found.Values)
            {
                w.WriteStartObject();
                foreach (var l in labels.WithName())
                {
                    w.WriteString(l.Name, l.Value);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    });

    public static Task Labels(HttpContext context, SeriesIndex index) => QueryEndpoints.RunAsync(context, async (p, ct) =>
    {
        var matches = p.GetAll("match[]");
        IEnumerable<string> names = matches.Count == 0
            ? await index.LabelNamesAsync(ct)
            : (await SelectAsync(index, matches, ct)).Values.SelectMany(s => s.WithName().Select(l => l.Name)).Distinct(StringComparer.Ordinal);
        await WriteStringsAsync(context, names);
    });

    public static Task LabelValues(HttpContext context, string name, SeriesIndex index) => QueryEndpoints.RunAsync(context, async (p, ct) =>
    {
        if (!Scrape.ExpositionSyntax.IsLabelName(name))
        {
            throw new BadParameterException($"invalid label name: \"{name}\"");
        }

        var matches = p.GetAll("match[]");
        IEnumerable<string> values = matches.Count == 0
            ? await index.LabelValuesAsync(name, 1_000_000, ct)
            : (await SelectAsync(index, matches, ct)).Values.Select(s => s.Get(name)).OfType<string>().Where(v => v.Length > 0).Distinct(StringComparer.Ordinal);
        await WriteStringsAsync(context, values);
    });

    public static Task Metadata(HttpContext context, MetricMetadataBook book) => QueryEndpoints.RunAsync(context, async (p, ct) =>
    {
        var limit = int.TryParse(p.Get("limit"), out var l) && l > 0 ? l : int.MaxValue;
        var all = await book.ListAsync(p.Get("metric"), ct);
        await PrometheusJson.WriteSuccessAsync(context, w =>
        {
            w.WriteStartObject();
            foreach (var m in all.Take(limit))
            {
                w.WriteStartArray(m.Metric);
                w.WriteStartObject();
                w.WriteString("type", m.Type);
                w.WriteString("help", m.Help);
                w.WriteString("unit", m.Unit);
                w.WriteEndObject();
                w.WriteEndArray();
            }

            w.WriteEndObject();
        });
    });

    /// <summary>Grafana reads the version to know which API features to use; HospitalOps answers as the 2.42 API it implements.</summary>
    public static Task BuildInfo(HttpContext context) => PrometheusJson.WriteSuccessAsync(context, w =>
    {
        w.WriteStartObject();
        w.WriteString("version", "2.42.0");
        w.WriteString("revision", "hospitalops-" + (typeof(SeriesEndpoints).Assembly.GetName().Version?.ToString() ?? "dev"));
        w.WriteString("branch", "hospitalops");
        w.WriteString("buildUser", "hospitalops");
        w.WriteString("buildDate", string.Empty);
        w.WriteString("goVersion", string.Empty);
        w.WriteString("application", "HospitalOps");
        w.WriteEndObject();
    });

    /// <summary>For clients that ask for exemplars or rules (Grafana does): HospitalOps stores neither here.</summary>
    public static Task EmptyList(HttpContext context) => PrometheusJson.WriteSuccessAsync(context, w => { w.WriteStartArray(); w.WriteEndArray(); });

    public static Task NoRules(HttpContext context) => PrometheusJson.WriteSuccessAsync(context, w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("groups");
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static async Task<SortedDictionary<string, SeriesLabels>> SelectAsync(SeriesIndex index, IReadOnlyList<string> matches, CancellationToken ct)
    {
        var found = new SortedDictionary<string, SeriesLabels>(StringComparer.Ordinal);
        foreach (var match in matches)
        {
            IReadOnlyList<Matcher> matchers;
            try
            {
                matchers = PromQLParser.ParseMetricSelector(match);
            }
            catch (PromQLParseException ex)
            {
                throw new BadParameterException($"invalid parameter \"match[]\": {ex.Message}");
            }

            var storeMatchers = matchers.Select(Query.HistorySeriesSource.ToStoreMatcher).ToList();
            foreach (var (_, labels) in await index.SelectAsync(storeMatchers, MaxSeries, ct))
            {
                found[labels.Text] = labels;
            }
        }

        return found;
    }

    private static Task WriteStringsAsync(HttpContext context, IEnumerable<string> values) => PrometheusJson.WriteSuccessAsync(context, w =>
    {
        w.WriteStartArray();
        foreach (var v in values.Order(StringComparer.Ordinal))
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    });
}
