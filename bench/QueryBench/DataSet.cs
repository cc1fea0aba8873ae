using System.Buffers.Text;
using System.Text;

namespace HospitalOps.Bench.QueryBench;

/// <summary>
/// The data set of bench/query-latency.sh: 200,000 series of a hospital's hosts and applications, one sample every
/// 15 s for one hour, written as OpenMetrics text files (the input of both <c>promtool tsdb create-blocks-from
/// openmetrics</c> and <c>HospitalOps.Host history import --openmetrics</c>), split by host so that every series is in
/// exactly one file and no file reaches the import's 1 GiB limit. A second file holds 50 series over 30 days at 60 s
/// for the rollup query (HospitalOps only).
///
/// Per host (5,000 hosts, job = one of 10 hospital systems, instance vm-NNNN:9100, ci = the CMDB code):
///   node_load1 (1), node_cpu_seconds_total{cpu,mode} (4 × 8), node_network_receive_bytes_total{device} (4),
///   node_filesystem_avail_bytes{mountpoint} (2) = 39 series → 195,000;
/// and on the first 10 hosts of each job http_requests_total{path,code} (25 × 2) = 5,000 series (500 per job).
/// Values are deterministic (xorshift per series): counters grow by a random amount per step, gauges walk.
/// </summary>
internal static class DataSet
{
    public const int Hosts = 5000;
    public const int StepSeconds = 15;

    public static readonly string[] Jobs = ["his-app", "his-db", "emr-web", "pacs-gw", "lis-api", "ris-web", "hrp-app", "nis-web", "cdr-etl", "mq-broker"];
    private static readonly string[] Modes = ["idle", "user", "system", "iowait", "irq", "softirq", "steal", "nice"];
    private static readonly string[] Devices = ["eth0", "eth1", "bond0", "lo"];
    private static readonly string[] Mounts = ["/", "/data"];
    private static readonly string[] Paths =
    [
        "/api/v1/patients", "/api/v1/patients/{id}", "/api/v1/orders", "/api/v1/orders/{id}", "/api/v1/admissions",
        "/api/v1/discharges", "/api/v1/labs/results", "/api/v1/labs/orders", "/api/v1/imaging/studies", "/api/v1/imaging/reports",
        "/api/v1/pharmacy/prescriptions", "/api/v1/pharmacy/dispense", "/api/v1/billing/invoices", "/api/v1/billing/claims", "/api/v1/schedule",
        "/api/v1/beds", "/api/v1/wards", "/api/v1/nursing/notes", "/api/v1/vitals", "/api/v1/allergies",
        "/api/v1/diagnoses", "/api/v1/procedures", "/api/v1/documents", "/api/v1/auth/login", "/health",
    ];

    private static readonly string[] Codes = ["200", "500"];

    public static string Instance(int host) => $"vm-{host:D4}:9100";

    public static string Ci(int host) => $"{Jobs[host % Jobs.Length]}-{host:D4}";

    /// <summary>Hosts that serve http_requests_total: the first 10 hosts of every job.</summary>
    public static bool ServesHttp(int host) => host < 10 * Jobs.Length;

    /// <summary>The hosts that carry the 30-day series: the first 50 hosts of job his-db.</summary>
    public static IEnumerable<int> LongTermHosts() => Enumerable.Range(0, Hosts).Where(h => h % Jobs.Length == 1).Take(50);

    /// <summary>Writes <paramref name="files"/> files of the 200,000-series hour [start, start + 3600) (seconds); returns their paths.</summary>
    public static List<string> WriteHour(string dir, long start, int files)
    {
        Directory.CreateDirectory(dir);
        var paths = new List<string>();
        var perFile = (Hosts + files - 1) / files;
        var steps = 3600 / StepSeconds;
        Parallel.For(0, files, new ParallelOptions { MaxDegreeOfParallelism = 2 }, f =>
        {
            var path = Path.Combine(dir, $"hour-{f:D2}.om");
            lock (paths)
            {
                paths.Add(path);
            }

            var from = f * perFile;
            var to = Math.Min(Hosts, from + perFile);
            using var w = new LineWriter(path);
            Family(w, from, to, h => [Prefix("node_load1", h)], start, steps, Kind.Load);
            Family(w, from, to, h => Enumerable.Range(0, 4).SelectMany(c => Modes.Select(m => Prefix("node_cpu_seconds_total", h, ("cpu", c.ToString()), ("mode", m)))), start, steps, Kind.CpuSeconds);
            Family(w, from, to, h => Devices.Select(d => Prefix("node_network_receive_bytes_total", h, ("device", d))), start, steps, Kind.Bytes);
            Family(w, from, to, h => Mounts.Select(m => Prefix("node_filesystem_avail_bytes", h, ("mountpoint", m))), start, steps, Kind.FreeBytes);
            Family(w, from, to, h => ServesHttp(h) ? Paths.SelectMany(p => Codes.Select(c => Prefix("http_requests_total", h, ("path", p), ("code", c)))) : [], start, steps, Kind.Requests);
            w.Write("# EOF\n");
        });
        paths.Sort(StringComparer.Ordinal);
        return paths;
    }

    /// <summary>Writes node_memory_MemAvailable_bytes of the 50 long-term hosts, every 60 s over [end - days, end).</summary>
    public static string WriteLongTerm(string dir, long end, int days)
    {
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "longterm.om");
        using var w = new LineWriter(path);
        var steps = days * 1440;
        var start = end - (steps * 60L);
        foreach (var h in LongTermHosts())
        {
            var prefix = Prefix("node_memory_MemAvailable_bytes", h);
            var rng = new XorShift((ulong)(h + 1) * 0x9E3779B97F4A7C15UL);
            var baseline = 8e9 + (rng.NextDouble() * 8e9);
            for (var i = 0; i < steps; i++)
            {
                var t = start + (i * 60L);
                var daily = Math.Sin(2 * Math.PI * (t % 86_400) / 86_400.0);
                var value = Math.Round(baseline * (1 + (0.2 * daily)) + (rng.NextDouble() * 2e8));
                w.Sample(prefix, value, t);
            }
        }

        w.Write("# EOF\n");
        return path;
    }

    private enum Kind
    {
        Load,
        CpuSeconds,
        Bytes,
        FreeBytes,
        Requests,
    }

    private static void Family(LineWriter w, int from, int to, Func<int, IEnumerable<string>> series, long start, int steps, Kind kind)
    {
        for (var h = from; h < to; h++)
        {
            foreach (var prefix in series(h))
            {
                var rng = new XorShift(Hash(prefix));
                double value = kind switch
                {
                    Kind.Load => Math.Round(rng.NextDouble() * 4, 2),
                    Kind.CpuSeconds => Math.Round(rng.NextDouble() * 1e6, 2),
                    Kind.Bytes => Math.Floor(rng.NextDouble() * 1e12),
                    Kind.FreeBytes => Math.Floor(1e10 + (rng.NextDouble() * 1e11)),
                    _ => Math.Floor(rng.NextDouble() * 1e7),
                };
                for (var i = 0; i < steps; i++)
                {
                    w.Sample(prefix, value, start + (i * (long)StepSeconds));
                    value = kind switch
                    {
                        Kind.Load => Math.Max(0, Math.Round(value + ((rng.NextDouble() - 0.5) * 0.4), 2)),
                        Kind.CpuSeconds => Math.Round(value + (rng.NextDouble() * 7.5), 2),
                        Kind.Bytes => value + Math.Floor(rng.NextDouble() * 2e7),
                        Kind.FreeBytes => value + Math.Floor((rng.NextDouble() - 0.5) * 1e7),
                        _ => value + Math.Floor(rng.NextDouble() * 300),
                    };
                }
            }
        }
    }

    private static string Prefix(string metric, int host, params (string Name, string Value)[] extra)
    {
        var sb = new StringBuilder(metric).Append("{job=\"").Append(Jobs[host % Jobs.Length]).Append("\",instance=\"").Append(Instance(host))
            .Append("\",ci=\"").Append(Ci(host)).Append('"');
        foreach (var (name, value) in extra)
        {
            sb.Append(',').Append(name).Append("=\"").Append(value).Append('"');
        }

        return sb.Append("} ").ToString();
    }

    private static ulong Hash(string s)
    {
        var h = 14695981039346656037UL;
        foreach (var c in s)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return h | 1;
    }

    private struct XorShift(ulong seed)
    {
        private ulong _s = Mix(seed);

        /// <summary>splitmix64 of the seed, so that similar seeds start far apart.</summary>
        private static ulong Mix(ulong z)
        {
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return z == 0 ? 0x2545F4914F6CDD1DUL : z;
        }

        public double NextDouble()
        {
            _s ^= _s << 13;
            _s ^= _s >> 7;
            _s ^= _s << 17;
            return (_s >> 11) * (1.0 / (1UL << 53));
        }
    }

    /// <summary>Buffered UTF-8 lines with numbers formatted without allocations.</summary>
    private sealed class LineWriter(string path) : IDisposable
    {
        private readonly FileStream _file = new(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        private readonly byte[] _buffer = new byte[1 << 20];
        private string? _lastPrefix;
        private byte[] _lastBytes = [];
        private int _used;

        public void Write(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            Reserve(bytes.Length);
            bytes.CopyTo(_buffer, _used);
            _used += bytes.Length;
        }

        public void Sample(string prefix, double value, long timestampSeconds)
        {
            if (!ReferenceEquals(prefix, _lastPrefix))
            {
                _lastPrefix = prefix;
                _lastBytes = Encoding.UTF8.GetBytes(prefix);
            }

            var bytes = _lastBytes;
            Reserve(bytes.Length + 64);
            bytes.CopyTo(_buffer, _used);
            _used += bytes.Length;
            value.TryFormat(_buffer.AsSpan(_used), out var n, default, System.Globalization.CultureInfo.InvariantCulture);
            _used += n;
            _buffer[_used++] = (byte)' ';
            Utf8Formatter.TryFormat(timestampSeconds, _buffer.AsSpan(_used), out n);
            _used += n;
            _buffer[_used++] = (byte)'\n';
        }

        private void Reserve(int bytes)
        {
            if (_used + bytes > _buffer.Length)
            {
                _file.Write(_buffer, 0, _used);
                _used = 0;
            }
        }

        public void Dispose()
        {
            _file.Write(_buffer, 0, _used);
            _file.Dispose();
        }
    }
}
