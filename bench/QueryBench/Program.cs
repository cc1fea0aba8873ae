using System.Globalization;
using HospitalOps.Bench.QueryBench;

// Usage:
//   QueryBench gen --dir DIR --hour-start UNIXSECONDS --files 8 --longterm-end UNIXSECONDS --longterm-days 30
//       writes DIR/hour-NN.om (200,000 series, one hour at 15 s) and DIR/longterm.om (50 series, 30 days at 60 s)
//   QueryBench run --queries FILE --out RESULTS.tsv --prom URL --prom-pid PID --hops URL --hops-pid PID --token TOKEN
//       [--runs 200] [--warmup 5] [--warmup-seconds 5] [--max-seconds 300]
//       asks every query of FILE (see BenchQuery.Read) of both and appends a line per query and system to RESULTS.tsv
//   QueryBench sqlite-in --db HISTORY.db [--metric node_network_receive_bytes_total] [--repeats 7]
//       a side experiment: the raw-chunk read of 20,000 series with the IN lists bound four ways (see SqliteInLists.cs)
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: QueryBench gen … | run …");
    return 2;
}

string Arg(string name, string? fallback = null)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback ?? throw new ArgumentException($"{name} is required");
}

long Long(string name, long? fallback = null) => long.Parse(Arg(name, fallback?.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

switch (args[0])
{
    case "gen":
    {
        var dir = Arg("--dir");
        var started = System.Diagnostics.Stopwatch.StartNew();
        var files = DataSet.WriteHour(dir, Long("--hour-start"), (int)Long("--files", 8));
        var longTerm = DataSet.WriteLongTerm(dir, Long("--longterm-end"), (int)Long("--longterm-days", 30));
        foreach (var f in files.Append(longTerm))
        {
            Console.WriteLine(f);
        }

        Console.Error.WriteLine($"generated {files.Count + 1} files, {files.Append(longTerm).Sum(f => new FileInfo(f).Length):N0} bytes in {started.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    case "run":
    {
        using var prometheus = new Target("prometheus", Arg("--prom"), string.Empty, null, (int)Long("--prom-pid", 0));
        using var hops = new Target("hospitalops", Arg("--hops"), "/prometheus", Arg("--token"), (int)Long("--hops-pid", 0));
        return await Runner.RunAsync(BenchQuery.Read(Arg("--queries")), prometheus, hops, (int)Long("--runs", 200), (int)Long("--warmup", 5), Long("--warmup-seconds", 5),
            double.Parse(Arg("--max-seconds", "300"), CultureInfo.InvariantCulture), Arg("--out"));
    }

    case "sqlite-in":
        return await SqliteInLists.RunAsync(Arg("--db"), Arg("--metric", "node_network_receive_bytes_total"), (int)Long("--repeats", 7));

    default:
        Console.Error.WriteLine($"unknown command {args[0]}");
        return 2;
}
