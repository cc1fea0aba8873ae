using HospitalOps.Kernel.Cluster;
using System.Collections.Concurrent;
using HospitalOps.Kernel.Observability;
using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.History;
using HospitalOps.Monitoring.Scrape;

namespace HospitalOps.Monitoring.Prometheus;

/// <summary>What a write request did: samples stored, and samples left out (older than what the series already has, or too far ahead).</summary>
internal sealed record RemoteWriteOutcome(int Stored, int OutOfOrder, int TooNew, int Histograms);

/// <summary>
/// Stores what a site's Prometheus sends by remote write. All series of a request are checked first, so a bad
/// request changes nothing; the samples then go into this node's remote-write head, which is flushed before the
/// request is acknowledged — a crash never loses an acknowledged write.
/// </summary>
internal sealed class RemoteWriteIngest(SeriesIndex index, HistoryStore store, MetricMetadataBook metadata, NodeIdentity node, TimeProvider clock, MetricsRegistry metrics)
{
    /// <summary>Samples further ahead of this node's clock than this are refused (a sender with a wrong clock).</summary>
    private const long MaxFutureMs = 3_600_000;

    private const int MaxCachedSeries = 1_000_000;

    private readonly ConcurrentDictionary<string, long> _ids = new(StringComparer.Ordinal);
    private readonly MetricsRegistry.CounterFamily _stored = metrics.Counter("hospitalops_remote_write_samples_total", "Samples received by remote write and stored.");
    private readonly MetricsRegistry.CounterFamily _dropped = metrics.Counter("hospitalops_remote_write_samples_dropped_total", "Samples received by remote write and left out (out of order, too far ahead, native histograms).");

    /// <summary>The history head holding remote-written series: one per node, with an id no target uses (targets count up from 1).</summary>
    internal long HeadId => -1 - (long)(StableHash(node.Name) & 0xFFFF_FFFF);

    /// <summary>Checks every series; the first problem found is returned in words and nothing is stored.</summary>
    public static string? Validate(ReceivedWrite write)
    {
        for (var i = 0; i < write.Series.Count; i++)
        {
            var labels = write.Series[i].Labels;
            string? metric = null;
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (name, value) in labels)
            {
                if (!names.Add(name))
                {
                    return $"series {i + 1}: the label {name} appears twice";
                }

                if (name == SeriesLabels.MetricLabel)
                {
                    metric = value;
                    if (!ExpositionSyntax.IsMetricName(value))
                    {
                        return $"series {i + 1}: \"{value}\" is not a valid metric name";
                    }
                }
                else if (!ExpositionSyntax.IsLabelName(name))
                {
                    return $"series {i + 1}: \"{name}\" is not a valid label name";
                }
            }

            if (metric is null)
            {
                return $"series {i + 1}: it has no metric name (__name__)";
            }
        }

        return null;
    }

    public async Task<RemoteWriteOutcome> StoreAsync(ReceivedWrite write, CancellationToken ct)
    {
        foreach (var m in write.Metadata)
        {
            metadata.Observe(m.Metric, m.Type, m.Help, m.Unit);
        }

        var histograms = write.Series.Sum(s => s.HistogramsDropped);
        var series = write.Series.Where(s => s.Samples.Count > 0).ToList();
        if (series.Count == 0)
        {
            _dropped.Inc(histograms);
            return new RemoteWriteOutcome(0, 0, 0, histograms);
        }

        var labels = series.Select(s => SeriesLabels.Of(
            s.Labels.First(l => l.Name == SeriesLabels.MetricLabel).Value,
            s.Labels.Where(l => l.Name != SeriesLabels.MetricLabel && l.Value.Length > 0).Select(l => new Label(l.Name, l.Value)))).ToList();
        var ids = await ResolveAsync(labels, ct);

        var head = await store.OpenHeadAsync(HeadId, ct);
        var latestAllowed = clock.GetUtcNow().ToUnixTimeMilliseconds() + MaxFutureMs;
        var tooNew = 0;
        var samples = new List<(long T, int Series, double V)>();
        for (var i = 0; i < series.Count; i++)
        {
            foreach (var (t, v) in series[i].Samples)
            {
                if (t > latestAllowed)
                {
                    tooNew++;
                    continue;
                }

                samples.Add((t, i, v));
            }
        }

        // Appended window by window in time order, so no chunk spans a window boundary.
        samples.Sort((a, b) => a.T != b.T ? a.T.CompareTo(b.T) : a.Series.CompareTo(b.Series));
        var stored = 0;
        var outOfOrder = 0;
        var start = 0;
        while (start < samples.Count)
        {
            var window = store.Options.AlignWindow(samples[start].T);
            var end = start;
            while (end < samples.Count && store.Options.AlignWindow(samples[end].T) == window)
            {
                end++;
            }

            using (var appender = store.BeginAppend(head, samples[start].T))
            {
                for (var k = start; k < end; k++)
                {
                    var (t, s, v) = samples[k];
                    if (appender.Append(appender.Series(ids[s]), t, v))
                    {
                        stored++;
                    }
                    else
                    {
                        outOfOrder++;
                    }
                }

                appender.Complete(markMissingStale: false);
            }

            start = end;
        }

        await store.FlushHeadAsync(head, ct);
        _stored.Inc(stored);
        _dropped.Inc(outOfOrder + tooNew + histograms);
        return new RemoteWriteOutcome(stored, outOfOrder, tooNew, histograms);
    }

    private async Task<long[]> ResolveAsync(List<SeriesLabels> labels, CancellationToken ct)
    {
        var ids = new long[labels.Count];
        var missing = new List<int>();
        for (var i = 0; i < labels.Count; i++)
        {
            if (!_ids.TryGetValue(labels[i].Text, out ids[i]))
            {
                missing.Add(i);
            }
        }

        if (missing.Count > 0)
        {
            var resolved = await index.ResolveAsync(missing.Select(i => labels[i]).ToList(), ct);
            if (_ids.Count + resolved.Length > MaxCachedSeries)
            {
                _ids.Clear();
            }

            for (var k = 0; k < missing.Count; k++)
            {
                ids[missing[k]] = resolved[k];
                _ids[labels[missing[k]].Text] = resolved[k];
            }
        }

        return ids;
    }

    private static ulong StableHash(string s)
    {
        var h = 14695981039346656037UL;
        foreach (var c in s)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return h;
    }
}
