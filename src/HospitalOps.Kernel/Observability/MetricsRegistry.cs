using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace HospitalOps.Kernel.Observability;

/// <summary>
/// The server's own metrics, exposed at /metrics in the Prometheus text format 0.0.4.
/// Small on purpose: counters and histograms keyed by label values, and gauges read at scrape time.
/// </summary>
public sealed class MetricsRegistry
{
    private readonly ConcurrentDictionary<string, Family> _families = new(StringComparer.Ordinal);

    public CounterFamily Counter(string name, string help, params string[] labelNames) =>
        (CounterFamily)_families.GetOrAdd(name, _ => new CounterFamily(name, help, labelNames));

    public HistogramFamily Histogram(string name, string help, double[] buckets, params string[] labelNames) =>
        (HistogramFamily)_families.GetOrAdd(name, _ => new HistogramFamily(name, help, buckets, labelNames));

    /// <summary>A gauge whose samples are read when scraped.</summary>
    public void Gauge(string name, string help, Func<IEnumerable<(string[] LabelValues, double Value)>> read, params string[] labelNames) =>
        _families[name] = new GaugeFamily(name, help, labelNames, read);

    public void Gauge(string name, string help, Func<double> read) =>
        Gauge(name, help, () => [([], read())]);

    public string Render()
    {
        var sb = new StringBuilder(4096);
        foreach (var family in _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            family.Render(sb);
        }

        return sb.ToString();
    }

    public abstract class Family(string name, string help, string type, string[] labelNames)
    {
        public string Name { get; } = name;

        protected string[] LabelNames { get; } = labelNames;

        public void Render(StringBuilder sb)
        {
            sb.Append("# HELP ").Append(Name).Append(' ').Append(help.Replace("\\", "\\\\").Replace("\n", "\\n")).Append('\n');
            sb.Append("# TYPE ").Append(Name).Append(' ').Append(type).Append('\n');
            RenderSamples(sb);
        }

        protected abstract void RenderSamples(StringBuilder sb);

        protected static void AppendSample(StringBuilder sb, string name, string[] names, string[] values, string? extraName, string? extraValue, double value)
        {
            sb.Append(name);
            if (names.Length > 0 || extraName is not null)
            {
                sb.Append('{');
                var first = true;
                for (var i = 0; i < names.Length; i++)
                {
                    AppendLabel(sb, names[i], values[i], ref first);
                }

                if (extraName is not null)
                {
                    AppendLabel(sb, extraName, extraValue!, ref first);
                }

                sb.Append('}');
            }

            sb.Append(' ').Append(FormatValue(value)).Append('\n');
        }

        private static void AppendLabel(StringBuilder sb, string name, string value, ref bool first)
        {
            if (!first)
            {
                sb.Append(',');
            }

            first = false;
            sb.Append(name).Append("=\"").Append(value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n")).Append('"');
        }

        protected static string FormatValue(double v) =>
            double.IsPositiveInfinity(v) ? "+Inf" : double.IsNegativeInfinity(v) ? "-Inf" : double.IsNaN(v) ? "NaN" : v.ToString("R", CultureInfo.InvariantCulture);

        protected static string Key(string[] values) => string.Join('\u001f', values);
    }

    public sealed class CounterFamily(string name, string help, string[] labelNames) : Family(name, help, "counter", labelNames)
    {
        private readonly ConcurrentDictionary<string, (string[] Values, StrongBox Box)> _series = new(StringComparer.Ordinal);

        public void Inc(double by = 1, params string[] labelValues)
        {
            var entry = _series.GetOrAdd(Key(labelValues), _ => (labelValues, new StrongBox()));
            entry.Box.Add(by);
        }

        public double Value(params string[] labelValues) => _series.TryGetValue(Key(labelValues), out var e) ? e.Box.Value : 0;

        protected override void RenderSamples(StringBuilder sb)
        {
            foreach (var (values, box) in _series.Values)
            {
                AppendSample(sb, Name, LabelNames, values, null, null, box.Value);
            }
        }
    }

    public sealed class HistogramFamily(string name, string help, double[] buckets, string[] labelNames) : Family(name, help, "histogram", labelNames)
    {
        private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);

        public void Observe(double value, params string[] labelValues)
        {
            var s = _series.GetOrAdd(Key(labelValues), _ => new Series(labelValues, buckets.Length));
            lock (s)
            {
                for (var i = 0; i < buckets.Length; i++)
                {
                    if (value <= buckets[i])
                    {
                        s.Counts[i]++;
                    }
                }

                s.Count++;
                s.Sum += value;
            }
        }

        protected override void RenderSamples(StringBuilder sb)
        {
            foreach (var s in _series.Values)
            {
                lock (s)
                {
                    for (var i = 0; i < buckets.Length; i++)
                    {
                        AppendSample(sb, Name + "_bucket", LabelNames, s.Values, "le", FormatValue(buckets[i]), s.Counts[i]);
                    }

                    AppendSample(sb, Name + "_bucket", LabelNames, s.Values, "le", "+Inf", s.Count);
                    AppendSample(sb, Name + "_sum", LabelNames, s.Values, null, null, s.Sum);
                    AppendSample(sb, Name + "_count", LabelNames, s.Values, null, null, s.Count);
                }
            }
        }

        private sealed class Series(string[] values, int buckets)
        {
            public string[] Values { get; } = values;

            public long[] Counts { get; } = new long[buckets];

            public long Count { get; set; }

            public double Sum { get; set; }
        }
    }

    private sealed class GaugeFamily(string name, string help, string[] labelNames, Func<IEnumerable<(string[] LabelValues, double Value)>> read)
        : Family(name, help, "gauge", labelNames)
    {
        protected override void RenderSamples(StringBuilder sb)
        {
            foreach (var (values, value) in read())
            {
                AppendSample(sb, Name, LabelNames, values, null, null, value);
            }
        }
    }

    public sealed class StrongBox
    {
        private double _value;

        public double Value => Volatile.Read(ref _value);

        public void Add(double by)
        {
            double initial, computed;
            do
            {
                initial = _value;
                computed = initial + by;
            }
            while (Interlocked.CompareExchange(ref _value, computed, initial) != initial);
        }
    }
}
