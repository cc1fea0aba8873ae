using System.Globalization;
using HospitalOps.Bench.AlertStorm;

// Usage:
//   AlertStorm storm --system hospitalops|alertmanager --target URL --out DIR --receiver-port PORT [--token TOKEN]
//       [--label TEXT] [--server-pid PID] [--database-pid PID] [--hops-db PATH|CONNSTRING] [--cis 5000] [--names 4] [--seconds 60]
//       [--rate 10000] [--post-size 1000] [--concurrency 4] [--timeout 30] [--drain-seconds 600] [--settle-seconds 5]
//     Starts the counting webhook receiver on 127.0.0.1:PORT (/hook/NAME), sends the storm (StormPlan) to URL, waits until
//     every alert is notified (Alertmanager: named in a webhook notification) or planned (HospitalOps: a firing message in
//     the outbox of --hops-db, read-only), then writes DIR/summary.json, DIR/posts.tsv and DIR/timeline.tsv.
//     --database-pid: a database server whose CPU (with its children's) is measured too (PostgreSQL's postmaster).
if (args.Length == 0 || args[0] != "storm")
{
    Console.Error.WriteLine("usage: AlertStorm storm --system hospitalops|alertmanager --target URL --out DIR --receiver-port PORT …");
    return 2;
}

string? Opt(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

string Arg(string name) => Opt(name) ?? throw new ArgumentException($"{name} is required");

int Int(string name, int fallback) => Opt(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

var system = Arg("--system");
var plan = new StormPlan(Int("--cis", 5000), Int("--names", 4), Int("--seconds", 60), Int("--rate", 10_000), Int("--post-size", 1000));
var options = new StormOptions(
    system,
    Opt("--label") ?? system,
    new Uri(Arg("--target")),
    Opt("--token"),
    Int("--receiver-port", 0),
    Arg("--out"),
    Int("--server-pid", 0),
    Int("--database-pid", 0),
    Opt("--hops-db"),
    Int("--concurrency", 4),
    TimeSpan.FromSeconds(Int("--timeout", 30)),
    TimeSpan.FromSeconds(Int("--drain-seconds", 600)),
    TimeSpan.FromSeconds(Int("--settle-seconds", 5)));
return await Storm.RunAsync(plan, options);
