using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.History;
using HospitalOps.Monitoring.Targets;

namespace HospitalOps.Monitoring.Scrape;

/// <summary>
/// The scrape path into the history: parse the exposition, look every series up in the target's
/// scrape cache (one hash lookup for a known series), work out the labels only for new ones
/// (target labels per honor_labels, then metric relabelling), resolve their ids, then append.
/// More series than the sample limit fail the whole scrape, as in Prometheus.
/// </summary>
internal sealed class ScrapeIngest(SeriesIndex index, MonitoringOptions options, MetricMetadataBook metadata)
{
    internal sealed class Prepared
    {
        public List<(ScrapeCache.Entry Entry, double Value, long? T)> Known { get; } = [];

        public List<(byte[] Raw, SeriesLabels Labels, double Value, long? T)> New { get; } = [];

        public List<byte[]> Dropped { get; } = [];

        public long[] NewIds { get; set; } = [];

        public int Malformed { get; set; }

        public List<string> FirstErrors { get; } = [];

        public CollectionFailure? Failure { get; set; }

        /// <summary>Empties the lists for the next scrape of the same target, keeping their capacity.</summary>
        public void Reset()
        {
            Known.Clear();
            New.Clear();
            Dropped.Clear();
            NewIds = [];
            Malformed = 0;
            FirstErrors.Clear();
            Failure = null;
        }
    }

    public Prepared Prepare(TargetRuntime runtime, ScrapedBody body)
    {
        // One per target, reused: collections of a target never overlap, and a scrape lists every series.
        var prepared = runtime.ScrapeScratch ??= new Prepared();
        prepared.Reset();
        var settings = runtime.Target.SettingsObject;
        var limit = settings.Int("sampleLimit") is int own and > 0 ? own : options.SampleLimit;
        var honorLabels = settings.Bool("honorLabels") == true;
        var honorTimestamps = settings.Bool("honorTimestamps") != false;
        var relabeler = Relabeler(runtime, settings);
        var generation = runtime.Head.Generation + 1;
        var targetLabels = runtime.Labels.ToArray();
        var reader = new ExpositionReader(body.Span, body.OpenMetrics ? ExpositionFormat.OpenMetrics : ExpositionFormat.PrometheusText);
        var samples = 0;
        // Metadata changes rarely: it is read from the first scrape of a target and then every hundredth.
        var readMetadata = runtime.ScrapesUntilMetadata-- <= 0;
        if (readMetadata)
        {
            runtime.ScrapesUntilMetadata = 100;
        }

        while (reader.Next(out var entry))
        {
            if (entry.Kind == ExpositionEntryKind.Error)
            {
                prepared.Malformed++;
                if (prepared.FirstErrors.Count < 5)
                {
                    prepared.FirstErrors.Add(string.Create(CultureInfo.InvariantCulture, $"line {entry.Line}: {entry.Reason}"));
                }

                continue;
            }

            if (entry.Kind != ExpositionEntryKind.Sample)
            {
                if (readMetadata)
                {
                    ObserveMetadata(entry);
                }

                continue;
            }

            if (++samples > limit)
            {
                prepared.Failure = new CollectionFailure("monitoring.scrape.sample_limit", ("limit", limit.ToString(CultureInfo.InvariantCulture)));
                prepared.Known.Clear();
                prepared.New.Clear();
                return prepared;
            }

            var t = honorTimestamps ? entry.TimestampMs : null;
            if (runtime.ScrapeCache.TryGet(entry.Series, out var cached))
            {
                cached.LastUsed = generation;
                if (cached.Series is not null)
                {
                    prepared.Known.Add((cached, entry.Value, t));
                }

                continue;
            }

            var merged = HonorLabels.Merge(entry.ToLabels(includeName: true), targetLabels, honorLabels);
            var relabelled = relabeler.Apply(merged);
            if (relabelled.Dropped || relabelled.Labels!.All(l => l.Name != SeriesLabels.MetricLabel))
            {
                prepared.Dropped.Add(entry.Series.ToArray());
                continue;
            }

            var name = relabelled.Labels!.First(l => l.Name == SeriesLabels.MetricLabel).Value;
            prepared.New.Add((entry.Series.ToArray(), SeriesLabels.Of(name, relabelled.Labels!), entry.Value, t));
        }

        foreach (var raw in prepared.Dropped)
        {
            runtime.ScrapeCache.Add(raw, new ScrapeCache.Entry(null) { LastUsed = generation });
        }

        return prepared;
    }

    private void ObserveMetadata(ExpositionEntry entry)
    {
        switch (entry.Kind)
        {
            case ExpositionEntryKind.Type:
                metadata.Observe(entry.MetricNameString(), type: TypeName(entry.MetricType));
                break;
            case ExpositionEntryKind.Help:
                metadata.Observe(entry.MetricNameString(), help: entry.HelpString());
                break;
            case ExpositionEntryKind.Unit:
                metadata.Observe(entry.MetricNameString(), unit: entry.HelpString());
                break;
        }
    }

    /// <summary>The type as Prometheus's metadata API names it.</summary>
    internal static string TypeName(ExpositionMetricType type) => type switch
    {
        ExpositionMetricType.Counter => "counter",
        ExpositionMetricType.Gauge => "gauge",
        ExpositionMetricType.Histogram => "histogram",
        ExpositionMetricType.Summary => "summary",
        ExpositionMetricType.GaugeHistogram => "gaugehistogram",
        ExpositionMetricType.StateSet => "stateset",
        ExpositionMetricType.Info => "info",
        _ => "unknown",
    };

    public async Task ResolveAsync(Prepared prepared, CancellationToken ct) =>
        prepared.NewIds = await index.ResolveAsync(prepared.New.Select(n => n.Labels).ToList(), ct);

    /// <summary>Appends under the head's lock; returns the samples appended.</summary>
    public static int Append(TargetRuntime runtime, Prepared prepared, HeadAppender appender)
    {
        var appended = 0;
        foreach (var (entry, value, t) in prepared.Known)
        {
            entry.Series = appender.Attach(entry.Series!);
            appender.Append(entry.Series, t ?? appender.Timestamp, value);
            appended++;
        }

        for (var i = 0; i < prepared.New.Count; i++)
        {
            var (raw, _, value, t) = prepared.New[i];
            var series = appender.Series(prepared.NewIds[i]);
            runtime.ScrapeCache.Add(raw, new ScrapeCache.Entry(series) { LastUsed = runtime.Head.Generation });
            appender.Append(series, t ?? appender.Timestamp, value);
            appended++;
        }

        return appended;
    }

    private static MetricRelabeler Relabeler(TargetRuntime runtime, JsonObject settings)
    {
        if (runtime.Relabeler is { } compiled)
        {
            return compiled;
        }

        var rules = ReadRules(settings);
        runtime.Relabeler = MetricRelabeler.TryCreate(rules, out var relabeler, out _) ? relabeler : MetricRelabeler.None;
        return runtime.Relabeler;
    }

    /// <summary>The <c>relabel</c> setting: a list of rules with Prometheus' field names in camelCase.</summary>
    public static IReadOnlyList<RelabelRule> ReadRules(JsonObject settings)
    {
        if (settings["relabel"] is not JsonArray array)
        {
            return [];
        }

        try
        {
            return array.Deserialize<List<RelabelRule>>(new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
