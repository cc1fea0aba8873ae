using System.Globalization;
using HospitalOps.Alerting.Baselines;
using HospitalOps.Bench.BaselineHarness;
using HospitalOps.Alerting.Tests.Baselines.Harness;

// Usage: BaselineHarness [--series 480] [--seed 20261122] [--threads 2] [--list-misses]
//        BaselineHarness --trace SERIES LOCAL-TIME HOURS [--series 480] [--seed 20261122]
// Prints the scores of the learned baselines and of static thresholds on the same generated series, as markdown;
// --list-misses adds the learned baseline's false positives and false negatives, one a line, to look into.
var series = Option("--series", 480);
var seed = Option("--seed", 20261122);
var threads = Option("--threads", 2);

var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
var generated = System.Diagnostics.Stopwatch.StartNew();
var data = SyntheticHospitalSeries.Generate(new SyntheticSettings { Seed = seed, SeriesCount = series }, zone);
Console.Error.WriteLine($"generated {series} series in {generated.Elapsed.TotalSeconds:0.0} s; replaying the test period …");
var traceAt = Array.IndexOf(args, "--trace");
if (traceAt >= 0)
{
    // One series around one local time: each point with its band and what each detector says there.
    var traced = data.Series[int.Parse(args[traceAt + 1], CultureInfo.InvariantCulture)];
    var from = new DateTimeOffset(DateTime.Parse(args[traceAt + 2], CultureInfo.InvariantCulture), zone.BaseUtcOffset).ToUnixTimeMilliseconds();
    Console.WriteLine(HarnessTable.Trace(data, traced, from, from + (long)(double.Parse(args[traceAt + 3], CultureInfo.InvariantCulture) * 3_600_000)));
    return;
}

var settings = new HarnessSettings { Threads = threads };
var result = BaselineHarness.Run(data, settings);
Console.WriteLine(HarnessTable.Markdown(data, settings, result));
if (args.Contains("--list-misses"))
{
    Console.WriteLine(HarnessTable.Misses(data, settings, result));
}

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}
