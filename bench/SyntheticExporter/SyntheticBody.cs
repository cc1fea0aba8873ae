using System.Buffers.Text;
using System.Text;

namespace HospitalOps.Bench.SyntheticExporter;

/// <summary>
/// One endpoint's exposition (text format 0.0.4): families shaped like node_exporter's with 3–6
/// labels per series. The text of every series up to its value is built once; a scrape only
/// advances the values (counters by small integers, gauges with two decimals and noise,
/// constants unchanged) and copies prefix + value into a reused buffer.
/// </summary>
internal sealed class SyntheticBody
{
    private enum Kind : byte
    {
        Counter,
        Gauge,
        Constant,
    }

    private readonly byte[][] _prefix;
    private readonly byte[]?[] _header;
    private readonly Kind[] _kind;
    private readonly long[] _value; // counters: the count; gauges and constants: hundredths
    private readonly long[] _gaugeBase;
    private readonly byte[] _step;
    private ulong _rng;

    public SyntheticBody(int series, int seed)
    {
        _prefix = new byte[series][];
        _header = new byte[series][];
        _kind = new Kind[series];
        _value = new long[series];
        _gaugeBase = new long[series];
        _step = new byte[series];
        _rng = (ulong)seed * 0x9E3779B97F4A7C15UL | 1;
        var random = new Random(seed);
        var written = 0;
        var family = 0;
        var lines = 0;
        while (written < series)
        {
            var shape = Shapes[family % Shapes.Length];
            // Later rounds of the same shapes get node1_, node2_… so every series stays distinct.
            var name = family < Shapes.Length ? shape.Name : shape.Name.Replace("node_", $"node{family / Shapes.Length}_", StringComparison.Ordinal);
            var header = Encoding.UTF8.GetBytes($"# HELP {name} {shape.Help}\n# TYPE {name} {(shape.Kind == Kind.Counter ? "counter" : "gauge")}\n");
            lines += 2;
            for (var j = 0; j < shape.PerFamily && written < series; j++, written++)
            {
                var labels = new StringBuilder();
                for (var l = 0; l < shape.Labels.Length; l++)
                {
                    var (labelName, values) = shape.Labels[l];
                    var divisor = 1;
                    for (var m = l + 1; m < shape.Labels.Length; m++)
                    {
                        divisor *= shape.Labels[m].Values.Length;
                    }

                    var v = values[j / divisor % values.Length];
                    labels.Append(l == 0 ? '{' : ',').Append(labelName).Append("=\"").Append(v.Replace("#", (j / divisor).ToString(System.Globalization.CultureInfo.InvariantCulture))).Append('"');
                }

                labels.Append("} ");
                _header[written] = j == 0 ? header : null;
                _prefix[written] = Encoding.UTF8.GetBytes(name + labels);
                _kind[written] = shape.Kind;
                _step[written] = (byte)random.Next(0, 8);
                _gaugeBase[written] = shape.Kind == Kind.Counter ? 0 : random.NextInt64(0, 10_000_000);
                _value[written] = shape.Kind == Kind.Counter ? random.NextInt64(0, 1L << 36) : _gaugeBase[written];
                lines++;
            }

            family++;
        }

        Lines = lines;
        Buffer = new byte[_prefix.Sum(p => p.Length + 24) + _header.Sum(h => h?.Length ?? 0)];
    }

    public SemaphoreSlim Gate { get; } = new(1, 1);

    public byte[] Buffer { get; }

    public int Lines { get; }

    /// <summary>Advances every value by one step and writes the exposition into <see cref="Buffer"/>; returns its length.</summary>
    public int Render()
    {
        var buffer = Buffer.AsSpan();
        var at = 0;
        for (var i = 0; i < _prefix.Length; i++)
        {
            if (_header[i] is { } header)
            {
                header.CopyTo(buffer[at..]);
                at += header.Length;
            }

            var prefix = _prefix[i];
            prefix.CopyTo(buffer[at..]);
            at += prefix.Length;
            var r = Next();
            long v;
            switch (_kind[i])
            {
                case Kind.Counter:
                    // Most counters move by a few units per scrape; a quarter stand still.
                    v = _value[i] += (long)(r & 7) * (_step[i] & 3);
                    Utf8Formatter.TryFormat(v, buffer[at..], out var w);
                    at += w;
                    break;
                case Kind.Gauge:
                    // A random walk around the base, in hundredths, with an occasional jump.
                    v = _value[i] + (long)(r % 201) - 100;
                    if ((r >> 40) % 64 == 0)
                    {
                        v = _gaugeBase[i] + (long)((r >> 8) % 100_000);
                    }

                    _value[i] = v < 0 ? -v : v;
                    at += WriteHundredths(_value[i], buffer[at..]);
                    break;
                default:
                    at += WriteHundredths(_value[i], buffer[at..]);
                    break;
            }

            buffer[at++] = (byte)'\n';
        }

        return at;
    }

    private static int WriteHundredths(long v, Span<byte> to)
    {
        Utf8Formatter.TryFormat(v / 100, to, out var w);
        var cents = v % 100;
        if (cents == 0)
        {
            return w;
        }

        to[w] = (byte)'.';
        to[w + 1] = (byte)('0' + (cents / 10));
        if (cents % 10 == 0)
        {
            return w + 2;
        }

        to[w + 2] = (byte)('0' + (cents % 10));
        return w + 3;
    }

    private ulong Next()
    {
        var x = _rng;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        _rng = x;
        return x;
    }

    private sealed record Shape(string Name, string Help, Kind Kind, int PerFamily, (string Name, string[] Values)[] Labels);

    private static readonly string[] Cpus = Enumerable.Range(0, 64).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    private static readonly string[] Modes = ["idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"];
    private static readonly string[] Disks = Enumerable.Range(0, 40).Select(i => $"sd{(char)('a' + (i % 26))}{i / 26}").ToArray();
    private static readonly string[] Nics = Enumerable.Range(0, 24).Select(i => $"eno{i}").ToArray();
    private static readonly string[] Mounts = Enumerable.Range(0, 30).Select(i => $"/var/lib/pacs/vol{i}").ToArray();
    private static readonly string[] Sites = ["his", "lis", "pacs", "emr", "ris"];
    private static readonly string[] Racks = ["r01", "r02", "r03", "r04"];
    private static readonly string[] Queues = Enumerable.Range(0, 16).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    private static readonly string[] Hosts = Enumerable.Range(0, 50).Select(i => $"vm-{i:D3}").ToArray();

    private static readonly Shape[] Shapes =
    [
        new("node_cpu_seconds_total", "Seconds the CPUs spent in each mode.", Kind.Counter, 2560, [("host", Hosts[..5]), ("cpu", Cpus), ("mode", Modes)]),
        new("node_cpu_guest_seconds_total", "Seconds the CPUs spent in guests (VMs) for each mode.", Kind.Counter, 640, [("host", Hosts[..5]), ("cpu", Cpus), ("mode", ["nice", "user"])]),
        new("node_disk_read_bytes_total", "The total number of bytes read successfully.", Kind.Counter, 800, [("site", Sites), ("rack", Racks), ("host", Hosts[..10]), ("device", Disks[..4])]),
        new("node_disk_io_time_seconds_total", "Total seconds spent doing I/Os.", Kind.Counter, 800, [("site", Sites), ("rack", Racks), ("host", Hosts[..10]), ("device", Disks[..4])]),
        new("node_disk_io_now", "The number of I/Os currently in progress.", Kind.Gauge, 800, [("site", Sites), ("rack", Racks), ("host", Hosts[..10]), ("device", Disks[..4])]),
        new("node_network_receive_bytes_total", "Network device statistic receive_bytes.", Kind.Counter, 1200, [("site", Sites), ("host", Hosts[..10]), ("device", Nics), ("queue", ["rx"])]),
        new("node_network_transmit_packets_total", "Network device statistic transmit_packets.", Kind.Counter, 1200, [("site", Sites), ("host", Hosts[..10]), ("device", Nics), ("queue", ["tx"])]),
        new("node_network_up", "Value is 1 if operstate is 'up', 0 otherwise.", Kind.Constant, 1200, [("site", Sites), ("host", Hosts[..10]), ("device", Nics)]),
        new("node_filesystem_avail_bytes", "Filesystem space available to non-root users in bytes.", Kind.Gauge, 1500, [("host", Hosts[..50]), ("device", ["/dev/mapper/vg0-data"]), ("fstype", ["xfs"]), ("mountpoint", Mounts)]),
        new("node_filesystem_size_bytes", "Filesystem size in bytes.", Kind.Constant, 1500, [("host", Hosts[..50]), ("device", ["/dev/mapper/vg0-data"]), ("fstype", ["xfs"]), ("mountpoint", Mounts)]),
        new("node_memory_MemAvailable_bytes", "Memory information field MemAvailable_bytes.", Kind.Gauge, 250, [("site", Sites), ("host", Hosts), ("numa", ["0"])]),
        new("node_load1", "1m load average.", Kind.Gauge, 250, [("site", Sites), ("host", Hosts), ("rack", ["r01"])]),
        new("node_softnet_processed_total", "Number of processed packets.", Kind.Counter, 1280, [("site", Sites[..1]), ("host", Hosts[..20]), ("cpu", Cpus), ("kind", ["processed"])]),
        new("node_hwmon_temp_celsius", "Hardware monitor for temperature (input).", Kind.Gauge, 800, [("site", Sites), ("host", Hosts[..10]), ("chip", ["platform_coretemp_0", "platform_coretemp_1"]), ("sensor", ["temp1", "temp2", "temp3", "temp4", "temp5", "temp6", "temp7", "temp8"])]),
        new("node_interrupts_total", "Interrupt details.", Kind.Counter, 1280, [("host", Hosts[..5]), ("cpu", Cpus), ("devices", ["nvme0q#"]), ("info", ["PCI-MSI"]), ("type", Queues[..4])]),
        new("node_systemd_unit_state", "Systemd unit.", Kind.Constant, 1000, [("site", Sites), ("host", Hosts[..10]), ("name", Enumerable.Range(0, 4).Select(i => $"unit{i}.service").ToArray()), ("state", ["activating", "active", "deactivating", "failed", "inactive"]), ("type", ["simple"])]),
    ];
}
