using System.Globalization;

using HospitalOps.Cmdb.Availability;
using HospitalOps.Cmdb.Tests.Availability;

namespace HospitalOps.Bench.CmdbAvailability;

/// <summary>Timings in milliseconds of one <see cref="AvailabilityBenchmark"/> run.</summary>
internal sealed record AvailabilityBenchmarkReport(
    int Nodes,
    int Edges,
    double BuildMs,
    long ApproximateBytes,
    double ImpactP50Ms,
    double ImpactP99Ms,
    double ImpactMaxMs,
    int ImpactMedianAffected,
    int ImpactMaxAffected,
    int MatrixBusinesses,
    int MatrixCells,
    double MatrixMs,
    double CutSetsMedianMs,
    double CutSetsMaxMs,
    int CutSetsMaxCount,
    double TreeMedianMs,
    double TreeMaxMs,
    int TreeMaxNodes)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"""
        graph: {Nodes:N0} nodes, {Edges:N0} edges, built in {BuildMs:F1} ms, ~{ApproximateBytes / 1024.0 / 1024.0:F1} MiB
        impact of one random failed CI: p50 {ImpactP50Ms:F3} ms, p99 {ImpactP99Ms:F3} ms, max {ImpactMaxMs:F3} ms (affected CIs: median {ImpactMedianAffected:N0}, max {ImpactMaxAffected:N0})
        failure matrix, {MatrixBusinesses} business systems: {MatrixMs:F1} ms ({MatrixCells:N0} cells)
        minimal cut sets (size <= 2) per business system, over the same {MatrixBusinesses}: median {CutSetsMedianMs:F1} ms, max {CutSetsMaxMs:F1} ms (up to {CutSetsMaxCount:N0} sets)
        fault tree per business system, over the same {MatrixBusinesses}: median {TreeMedianMs:F1} ms, max {TreeMaxMs:F1} ms (up to {TreeMaxNodes:N0} events)
        """);
}
