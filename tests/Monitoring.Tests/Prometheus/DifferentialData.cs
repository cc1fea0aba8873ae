using System.Globalization;
using System.Text;

namespace HospitalOps.Monitoring.Tests.Prometheus;

/// <summary>
/// A deterministic data set for the differential check, as an OpenMetrics file both systems load: counters with
/// resets, gauges, a classic histogram, a series that stops half way and an info metric, at 15 s for two hours.
/// </summary>
internal static class DifferentialData
{
    public const int StepSeconds = 15;

    public static string Build(long startSeconds, long endSeconds, int seed)
    {
        var random = new Random(seed);
        var series = new SortedDictionary<string, List<(long T, double V)>>(StringComparer.Ordinal);
        void Add(string key, long t, double v)
        {
            if (!series.TryGetValue(key, out var points))
            {
                series[key] = points = [];
            }

            points.Add((t, v));
        }

        string[] instances = ["his-app-01:9100", "his-app-02:9100", "emr-db-01:9100"];
        string[] paths = ["/api/orders", "/api/patients", "/login"];
        string[] codes = ["200", "500"];
        double[] bounds = [0.05, 0.1, 0.5, 1, 5];
        var counters = new Dictionary<string, double>();
        var gauges = new Dictionary<string, double>();
        for (var t = startSeconds; t <= endSeconds; t += StepSeconds)
        {
            foreach (var instance in instances)
            {
                foreach (var path in paths)
                {
                    foreach (var code in codes)
                    {
                        var key = $"diff_requests_total{{instance=\"{instance}\",job=\"his\",path=\"{path}\",code=\"{code}\"}}";
                        var value = counters.GetValueOrDefault(key) + random.Next(0, code == "500" ? 3 : 40);
                        if (random.NextDouble() < 0.003)
                        {
                            value = random.Next(0, 5);
                        }

                        counters[key] = value;
                        Add(key, t, value);
                    }
                }

                var temperature = $"diff_temperature_celsius{{instance=\"{instance}\",job=\"his\",sensor=\"cpu\"}}";
                gauges[temperature] = gauges.GetValueOrDefault(temperature, 45) + ((random.NextDouble() - 0.5) * 2);
                Add(temperature, t, Math.Round(gauges[temperature], 3));

                var memory = $"diff_memory_used_bytes{{instance=\"{instance}\",job=\"his\"}}";
                Add(memory, t, 8e9 + (random.Next(0, 1000) * 1e6));

                // A latency histogram: cumulative buckets, sum and count.
                var observations = random.Next(5, 30);
                var baseKey = $"instance=\"{instance}\",job=\"his\"";
                var cumulative = 0.0;
                foreach (var bound in bounds)
                {
                    var key = $"diff_latency_seconds_bucket{{{baseKey},le=\"{bound.ToString(CultureInfo.InvariantCulture)}\"}}";
                    cumulative += Math.Round(observations * (bound < 0.5 ? 0.3 : 0.1) * random.NextDouble());
                    counters[key] = counters.GetValueOrDefault(key) + cumulative;
                    Add(key, t, counters[key]);
                }

                var infKey = $"diff_latency_seconds_bucket{{{baseKey},le=\"+Inf\"}}";
                counters[infKey] = counters.GetValueOrDefault(infKey) + Math.Max(cumulative, observations);
                Add(infKey, t, counters[infKey]);
                var countKey = $"diff_latency_seconds_count{{{baseKey}}}";
                counters[countKey] = counters[infKey];
                Add(countKey, t, counters[countKey]);
                var sumKey = $"diff_latency_seconds_sum{{{baseKey}}}";
                counters[sumKey] = Math.Round(counters.GetValueOrDefault(sumKey) + (observations * 0.3 * random.NextDouble()), 4);
                Add(sumKey, t, counters[sumKey]);
            }

            // A series that stops half way (a decommissioned host) and one with a gap.
            if (t < startSeconds + ((endSeconds - startSeconds) / 2))
            {
                Add("diff_up{instance=\"old-host:9100\",job=\"his\"}", t, 1);
            }

            if (t % 1800 < 1200)
            {
                Add("diff_queue_length{instance=\"mq-01:9100\",job=\"mq\"}", t, random.Next(0, 50));
            }

            Add("diff_build_info{job=\"his\",version=\"5.2.1\"}", t, 1);
        }

        var text = new StringBuilder();
        foreach (var (key, points) in series)
        {
            foreach (var (t, v) in points)
            {
                text.Append(key).Append(' ').Append(v.ToString("R", CultureInfo.InvariantCulture)).Append(' ').Append(t.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        text.Append("# EOF\n");
        return text.ToString();
    }
}
