using System.Globalization;
using System.Text;

namespace HospitalOps.Bench.ExpositionParse;

/// <summary>A body shaped like node_exporter's: HELP/TYPE per family, 1–6 labels, counters, gauges and histograms.</summary>
internal static class SyntheticNodeExporterBody
{
    public static byte[] Create(int series, int seed = 1)
    {
        var random = new Random(seed);
        var text = new StringBuilder(series * 90);
        var written = 0;
        var family = 0;
        string[] modes = ["idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"];
        while (written < series)
        {
            family++;
            switch (family % 5)
            {
                case 0:
                    Header(text, $"node_cpu{family}_seconds_total", "Seconds the CPUs spent in each mode.", "counter");
                    for (var cpu = 0; cpu < 64 && written < series; cpu++)
                    {
                        foreach (var mode in modes)
                        {
                            text.Append(CultureInfo.InvariantCulture, $"node_cpu{family}_seconds_total{{cpu=\"{cpu}\",mode=\"{mode}\"}} {random.Next(0, 10_000_000) / 100.0}\n");
                            written++;
                        }
                    }

                    break;
                case 1:
                    Header(text, $"node_filesystem{family}_avail_bytes", "Filesystem space available to non-root users in bytes.", "gauge");
                    for (var d = 0; d < 200 && written < series; d++, written++)
                    {
                        text.Append(CultureInfo.InvariantCulture, $"node_filesystem{family}_avail_bytes{{device=\"/dev/mapper/vg{d}-lv_data\",fstype=\"xfs\",mountpoint=\"/var/lib/pacs/{d}\"}} {random.NextDouble() * 1e12:E}\n");
                    }

                    break;
                case 2:
                    Header(text, $"node_network{family}_receive_bytes_total", "Network device statistic receive_bytes.", "counter");
                    for (var d = 0; d < 100 && written < series; d++, written++)
                    {
                        text.Append(CultureInfo.InvariantCulture, $"node_network{family}_receive_bytes_total{{device=\"eth{d}\"}} {random.NextInt64(0, 1L << 50)}\n");
                    }

                    break;
                case 3:
                    Header(text, $"http{family}_request_duration_seconds", "Request latency.", "histogram");
                    foreach (var le in new[] { "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf" })
                    {
                        text.Append(CultureInfo.InvariantCulture, $"http{family}_request_duration_seconds_bucket{{handler=\"/api/v1/patients\",method=\"GET\",code=\"200\",le=\"{le}\"}} {random.Next(0, 100000)}\n");
                        written++;
                    }

                    text.Append(CultureInfo.InvariantCulture, $"http{family}_request_duration_seconds_sum{{handler=\"/api/v1/patients\",method=\"GET\",code=\"200\"}} {random.NextDouble() * 1000}\n");
                    text.Append(CultureInfo.InvariantCulture, $"http{family}_request_duration_seconds_count{{handler=\"/api/v1/patients\",method=\"GET\",code=\"200\"}} {random.Next(0, 100000)}\n");
                    written += 2;
                    break;
                default:
                    Header(text, $"node_load{family}", "Load average.", "gauge");
                    text.Append(CultureInfo.InvariantCulture, $"node_load{family} {random.NextDouble() * 8:F2}\n");
                    written++;
                    break;
            }
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void Header(StringBuilder text, string name, string help, string type) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append("\n# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
}
