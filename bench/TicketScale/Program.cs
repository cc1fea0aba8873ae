using System.Globalization;
using HospitalOps.Bench.TicketScale;

// Usage (bench/ticket-scale.sh runs these in turn):
//   TicketScale generate --data-dir DIR [--config CONNSTRING] --summary FILE [--tickets 1000000] [--open 10000] [--resolved 1000] [--years 3] [--seed 42]
//     Migrations and the demo hospital's people, calendars and CMDB through the server's own services, then the tickets with their
//     timeline, SLA clocks, breaches, CIs and search rows (the product's tokenizer); writes facts about the data set to FILE.
//   TicketScale lists --url URL --data-dir DIR [--config CONNSTRING] --summary FILE --out FILE [--requests 200] [--warmup 20] [--page-size 20] [--cases "q=,P1"]
//     Each list of Lists.cs through the HTTP API (an admin session) and, beside it, its two statements run directly on the database.
//   TicketScale board --url URL --data-dir DIR --out FILE [--changes 100]
//     Board stream latency after ticket changes made through the API, and how long each board takes to build.
//   TicketScale sweep --data-dir DIR [--config CONNSTRING] --out FILE [--sweeps 3] [--interval 15]
//     The server's SLA sweep, in-process on the data directory (the server stopped), timed: the first of a process, the periodic
//     ones --interval seconds apart, and the one after the public holidays are saved.
//   TicketScale hold-sweep-lease|release-sweep-lease --data-dir DIR [--config CONNSTRING]
//     Keeps the server's own SLA sweep idle while lists and boards are measured (the sweep is measured on its own).
var o = new Options(args);
return args.Length == 0 ? Usage() : args[0] switch
{
    "generate" => await Generate.RunAsync(o),
    "lists" => await Lists.RunAsync(o),
    "board" => await BoardLatency.RunAsync(o),
    "sweep" => await Sweep.RunAsync(o),
    "hold-sweep-lease" => await Sweep.LeaseAsync(o, hold: true),
    "release-sweep-lease" => await Sweep.LeaseAsync(o, hold: false),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: TicketScale generate|lists|board|sweep|hold-sweep-lease|release-sweep-lease … (see Program.cs)");
    return 2;
}

namespace HospitalOps.Bench.TicketScale
{
    internal sealed class Options(string[] args)
    {
        public string? Opt(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        public string Arg(string name) => Opt(name) ?? throw new ArgumentException($"{name} is required");

        public int Int(string name, int fallback) => Opt(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
    }

    internal static class Stats
    {
        /// <summary>The p-th percentile (nearest rank) of milliseconds.</summary>
        public static double Percentile(IReadOnlyList<double> sorted, double p) =>
            sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

        public static Dictionary<string, double> Summary(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return new Dictionary<string, double>
            {
                ["n"] = sorted.Count,
                ["p50"] = Percentile(sorted, 50),
                ["p95"] = Percentile(sorted, 95),
                ["p99"] = Percentile(sorted, 99),
                ["max"] = sorted.Count == 0 ? double.NaN : sorted[^1],
            };
        }

        public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[..3] is var l ? string.Join(' ', l) : "";

        /// <summary>Busy and total jiffies of the whole machine (the first line of /proc/stat).</summary>
        public static (long Busy, long Total) MachineCpu()
        {
            var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
            var idle = f[3] + f[4];
            var total = f.Take(8).Sum();
            return (total - idle, total);
        }

        /// <summary>utime + stime of a process and its waited-for children, in jiffies.</summary>
        public static long ProcessCpu(int pid)
        {
            if (pid <= 0 || !File.Exists($"/proc/{pid}/stat"))
            {
                return 0;
            }

            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(f[11]) + long.Parse(f[12]) + long.Parse(f[13]) + long.Parse(f[14]);
        }
    }
}
