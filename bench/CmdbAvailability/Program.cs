using System.Globalization;
using HospitalOps.Bench.CmdbAvailability;
using HospitalOps.Cmdb.Tests.Availability;

// Usage: CmdbAvailability [nodes] [edges] [--export DIR]
// --export writes the same generated graph as CSV (for the PostgreSQL peer) and the business ids.
var numbers = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal) && int.TryParse(a, out _)).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToList();
var nodes = numbers.Count > 0 ? numbers[0] : 100_000;
var edges = numbers.Count > 1 ? numbers[1] : 500_000;
var exportAt = Array.IndexOf(args, "--export");
if (exportAt >= 0 && exportAt + 1 < args.Length)
{
    var dir = args[exportAt + 1];
    Directory.CreateDirectory(dir);
    var (nodeList, edgeList) = SyntheticHospitalGroup.Generate(nodes, edges, 42);
    await File.WriteAllLinesAsync(Path.Combine(dir, "nodes.csv"), nodeList.Select(n => string.Create(CultureInfo.InvariantCulture, $"{n.Id},{n.Type},{(n.IsBusiness ? 1 : 0)},{n.MinMembers}")));
    await File.WriteAllLinesAsync(Path.Combine(dir, "edges.csv"), edgeList.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.From},{e.To},{e.Kind},{e.Mode}")));
    await File.WriteAllLinesAsync(Path.Combine(dir, "business.txt"), nodeList.Where(n => n.IsBusiness).Take(50).Select(n => n.Id.ToString(CultureInfo.InvariantCulture)));
}

Console.WriteLine(AvailabilityBenchmark.Run(nodes, edges));
