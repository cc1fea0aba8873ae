using System.Diagnostics;

using HospitalOps.Cmdb.Availability;
using HospitalOps.Cmdb.Tests.Availability;

namespace HospitalOps.Bench.CmdbAvailability;

/// <summary>
/// Times the engine on a <see cref="SyntheticHospitalGroup"/> graph, so that numbers in reports come from one
/// repeatable procedure. Run it from a Release build; the first call of each operation is a warm-up and not timed.
/// </summary>
internal static class AvailabilityBenchmark
{
    public static AvailabilityBenchmarkReport Run(int nodes = 100_000, int edges = 500_000, int seed = 42, int impactRuns = 1_000, int matrixBusinesses = 50)
    {
        var (nodeList, edgeList) = SyntheticHospitalGroup.Generate(nodes, edges, seed);

        var clock = Stopwatch.StartNew();
        var graph = new AvailabilityGraph(nodeList, edgeList);
        var build = clock.Elapsed;

        var random = new Random(seed);
        var ids = new long[graph.NodeCount];
        Array.Copy(graph.Ids, ids, ids.Length);
        graph.Impact([ids[0]]);

        var impactTimes = new double[impactRuns];
        var affected = new int[impactRuns];
        for (var i = 0; i < impactRuns; i++)
        {
            var failed = ids[random.Next(ids.Length)];
            clock.Restart();
            var result = graph.Impact([failed]);
            impactTimes[i] = clock.Elapsed.TotalMilliseconds;
            affected[i] = result.Affected.Count;
        }

        var businesses = new List<long>();
        for (var v = 0; v < graph.NodeCount; v++)
        {
            if (graph.IsBusiness[v])
            {
                businesses.Add(graph.Ids[v]);
            }
        }

        var chosen = businesses.OrderBy(_ => random.Next()).Take(matrixBusinesses).ToArray();
        graph.Matrix(chosen.Take(1).ToArray());
        clock.Restart();
        var matrix = graph.Matrix(chosen);
        var matrixTime = clock.Elapsed;
        var cells = matrix.Rows.Sum(r => r.Cells.Count);

        // Cut sets and trees for every chosen business system: one system alone could be an easy one.
        var cutSetTimes = new List<double>();
        var treeTimes = new List<double>();
        var cutSetCounts = new List<int>();
        var treeSizes = new List<int>();
        if (chosen.Length > 0)
        {
            graph.MinimalCutSets(chosen[0]);
            graph.Tree(chosen[0]);
        }

        foreach (var business in chosen)
        {
            clock.Restart();
            cutSetCounts.Add(graph.MinimalCutSets(business).Count);
            cutSetTimes.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            treeSizes.Add(graph.Tree(business).Nodes.Count);
            treeTimes.Add(clock.Elapsed.TotalMilliseconds);
        }

        Array.Sort(impactTimes);
        Array.Sort(affected);
        return new AvailabilityBenchmarkReport(
            graph.NodeCount,
            graph.EdgeCount,
            build.TotalMilliseconds,
            graph.ApproximateBytes,
            Percentile(impactTimes, 0.50),
            Percentile(impactTimes, 0.99),
            impactTimes.Length == 0 ? 0 : impactTimes[^1],
            affected.Length == 0 ? 0 : affected[affected.Length / 2],
            affected.Length == 0 ? 0 : affected[^1],
            chosen.Length,
            cells,
            matrixTime.TotalMilliseconds,
            Median(cutSetTimes),
            cutSetTimes.DefaultIfEmpty().Max(),
            cutSetCounts.DefaultIfEmpty().Max(),
            Median(treeTimes),
            treeTimes.DefaultIfEmpty().Max(),
            treeSizes.DefaultIfEmpty().Max());
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
