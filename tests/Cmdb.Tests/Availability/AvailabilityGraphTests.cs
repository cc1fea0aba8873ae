using HospitalOps.Cmdb.Availability;

namespace HospitalOps.Cmdb.Tests.Availability;

public sealed class AvailabilityGraphTests
{
    [Fact]
    public void Constructor_EdgesToUnknownNodesSelfLoopsAndRepeats_AreNotKept()
    {
        var t = new TestGraph();
        var a = t.Ci("a");
        var b = t.Ci("b");
        t.Needs(a, b).Needs(a, b).Needs(a, 9_999).Needs(9_999, b).Needs(a, a).Member(b, a).Hot(b, a).Edge(new GraphEdge(b, a, EdgeKind.BacksUp, StandbyMode.Cold));

        var graph = t.Build();

        graph.NodeCount.ShouldBe(2);
        graph.EdgeCount.ShouldBe(3);
        graph.ApproximateBytes.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Constructor_SamePairBackedUpHotAndCold_CountsAsHot()
    {
        var t = new TestGraph();
        var business = t.Business("b");
        var primary = t.Ci("primary");
        var standby = t.Ci("standby");
        t.Needs(business, primary).Cold(standby, primary).Hot(standby, primary);

        var graph = t.Build();

        graph.Impact([primary]).StateOf(business).ShouldBe(CiState.Up);
    }

    [Fact]
    public void Constructor_BackupWithoutMode_CountsAsCold()
    {
        var t = new TestGraph();
        var business = t.Business("b");
        var primary = t.Ci("primary");
        var standby = t.Ci("standby");
        t.Needs(business, primary).Edge(new GraphEdge(standby, primary, EdgeKind.BacksUp));

        var graph = t.Build();

        graph.Impact([primary]).StateOf(business).ShouldBe(CiState.Recoverable);
    }

    [Fact]
    public void Constructor_RepeatedNodeId_FirstDefinitionWins()
    {
        var graph = new AvailabilityGraph(
            [new GraphNode(1, "business", "first", true), new GraphNode(1, "ci", "second", false), new GraphNode(2, "ci", "db", false)],
            [new GraphEdge(1, 2, EdgeKind.Needs)]);

        graph.NodeCount.ShouldBe(2);
        graph.Impact([2]).Businesses.ShouldHaveSingleItem().Id.ShouldBe(1);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    [InlineData(7, 3)]
    public void Constructor_MinMembersOutsideOneToMemberCount_IsClamped(int minMembers, int expectedRequired)
    {
        var t = new TestGraph();
        var cluster = t.Ci("cluster", minMembers: minMembers);
        var hosts = new[] { t.Ci("h1"), t.Ci("h2"), t.Ci("h3") };
        foreach (var host in hosts)
        {
            t.Member(host, cluster);
        }

        var graph = t.Build();

        graph.Impact([]).Affected.ShouldBeEmpty();
        var tolerated = 3 - expectedRequired;
        graph.Impact(hosts.Take(tolerated).ToArray()).StateOf(cluster).ShouldBe(CiState.Up);
        graph.Impact(hosts.Take(tolerated + 1).ToArray()).StateOf(cluster).ShouldBe(CiState.Down);
    }
}
