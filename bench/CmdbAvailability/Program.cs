using HospitalOps.Bench.CmdbAvailability;

var nodes = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
var edges = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 500_000;
var report = AvailabilityBenchmark.Run(nodes, edges);
Console.WriteLine(report);
