using HospitalOps.Cmdb.Availability;

namespace HospitalOps.Cmdb.Tests.Availability;

public sealed class SyntheticHospitalGroupTests
{
    [Fact]
    public void Generate_SameSeed_SameGraphWithTheRequestedCounts()
    {
        var (nodes, edges) = SyntheticHospitalGroup.Generate(12_000, 60_000, 7);
        var (again, againEdges) = SyntheticHospitalGroup.Generate(12_000, 60_000, 7);

        nodes.Count.ShouldBe(12_000);
        edges.Count.ShouldBe(60_000);
        again.ShouldBe(nodes);
        againEdges.ShouldBe(edges);
        var graph = new AvailabilityGraph(nodes, edges);
        graph.EdgeCount.ShouldBe(60_000);
    }

    [Fact]
    public void Generate_HospitalShape_HasEveryLayerClustersBackupsAndCycles()
    {
        var (nodes, edges) = SyntheticHospitalGroup.Generate(10_000, 50_000, 1);

        var types = nodes.Select(n => n.Type).ToHashSet();
        types.ShouldBe(["switch", "san-switch", "storage", "host-cluster", "host", "vm", "database", "middleware-pool", "middleware", "application", "interface", "business", "device"], ignoreOrder: true);
        nodes.Count(n => n.IsBusiness).ShouldBeGreaterThan(100);
        edges.ShouldContain(e => e.Kind == EdgeKind.MemberOf);
        edges.ShouldContain(e => e.Kind == EdgeKind.BacksUp && e.Mode == StandbyMode.Hot);
        edges.ShouldContain(e => e.Kind == EdgeKind.BacksUp && e.Mode == StandbyMode.Cold);
        var graph = new AvailabilityGraph(nodes, edges);
        graph.Tree(nodes.First(n => n.IsBusiness).Id).CyclicGates.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Generate_FewerEdgesThanTheStructureNeeds_ReturnsExactlyTheRequestedCount()
    {
        var (nodes, edges) = SyntheticHospitalGroup.Generate(5_000, 2_000, 3);

        nodes.Count.ShouldBe(5_000);
        edges.Count.ShouldBe(2_000);
    }
}
