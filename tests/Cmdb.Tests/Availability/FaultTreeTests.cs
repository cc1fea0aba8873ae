using HospitalOps.Cmdb.Availability;

namespace HospitalOps.Cmdb.Tests.Availability;

public sealed class FaultTreeTests
{
    private static string[] Describe(AvailabilityGraph graph, TestGraph t, long business, int maxSize = 2)
    {
        var names = new Dictionary<long, string>();
        foreach (var node in graph.Nodes)
        {
            names[node.Id] = node.Name;
        }

        return graph.MinimalCutSets(business, maxSize)
            .Select(c => string.Join("+", c.CiIds.Select(id => names[id])) + (c.IsRecoverable ? " (recoverable)" : string.Empty))
            .ToArray();
    }

    [Fact]
    public void MinimalCutSets_Chain_EveryCiAloneIsACutSet()
    {
        var (graph, t) = GraphScenarios.Chain();

        Describe(graph, t, t["outpatient"]).ShouldBe(["outpatient", "his-app", "his-db", "vm-01", "host-01"]);
    }

    [Fact]
    public void MinimalCutSets_HotStandbyPair_PairIsACutSetButNeitherAlone()
    {
        var (graph, t) = GraphScenarios.Standby(StandbyMode.Hot);

        var cutSets = Describe(graph, t, t["emr"]);

        cutSets.ShouldBe(["emr", "emr-app", "db-primary+db-standby"]);
    }

    [Fact]
    public void MinimalCutSets_ColdStandby_PrimaryAloneIsRecoverableAndPairIsNotListed()
    {
        var (graph, t) = GraphScenarios.Standby(StandbyMode.Cold);

        var cutSets = graph.MinimalCutSets(t["emr"]);

        var primary = cutSets.Single(c => c.CiIds.SequenceEqual([t["db-primary"]]));
        primary.Result.ShouldBe(CiState.Recoverable);
        primary.IsRecoverable.ShouldBeTrue();
        cutSets.Where(c => c.CiIds.Count == 2).ShouldBeEmpty();
        cutSets.Single(c => c.CiIds.SequenceEqual([t["emr-app"]])).Result.ShouldBe(CiState.Down);
    }

    [Fact]
    public void MinimalCutSets_TwoOfThreeHostCluster_EveryPairOfHostsAndNoSingleHost()
    {
        var (graph, t) = GraphScenarios.HostCluster();

        var cutSets = Describe(graph, t, t["lis"]);

        cutSets.ShouldBe(["lis", "lis-app", "lis-vm", "cluster", "host-a+host-b", "host-a+host-c", "host-b+host-c"]);
    }

    [Fact]
    public void MinimalCutSets_ColdPrimaryWithHotPartner_PairRecoverableOnlyWhenItGoesThroughTheColdPrimary()
    {
        var t = new TestGraph();
        var business = t.Business("imaging");
        var app = t.Ci("app");
        var web = t.Ci("web");
        var webSpare = t.Ci("web-spare");
        var db = t.Ci("db");
        var dbCold = t.Ci("db-cold");
        t.Needs(business, app).Needs(app, web).Needs(app, db).Hot(webSpare, web).Cold(dbCold, db);
        var graph = t.Build();

        var cutSets = Describe(graph, t, business);

        cutSets.ShouldBe(["imaging", "app", "db (recoverable)", "web+web-spare"]);
    }

    [Fact]
    public void MinimalCutSets_MaxSizeOne_OnlySingles()
    {
        var (graph, t) = GraphScenarios.HostCluster();

        Describe(graph, t, t["lis"], maxSize: 1).ShouldBe(["lis", "lis-app", "lis-vm", "cluster"]);
    }

    [Fact]
    public void MinimalCutSets_UnsupportedSizeOrUnknownBusiness_Throws()
    {
        var (graph, t) = GraphScenarios.Chain();

        Should.Throw<ArgumentOutOfRangeException>(() => graph.MinimalCutSets(t["outpatient"], 3));
        Should.Throw<ArgumentOutOfRangeException>(() => graph.MinimalCutSets(t["outpatient"], 0));
        Should.Throw<ArgumentException>(() => graph.MinimalCutSets(12345));
    }

    [Fact]
    public void MinimalCutSets_Cycle_BothCycleMembersAreSingles()
    {
        var (graph, t) = GraphScenarios.Cycle();

        Describe(graph, t, t["portal"]).ShouldBe(["portal", "a", "b"]);
    }

    [Fact]
    public void Tree_Chain_OrGatesDownToTheHostEvent()
    {
        var (graph, t) = GraphScenarios.Chain();

        var tree = graph.Tree(t["outpatient"]);

        var root = tree.Nodes[tree.Root];
        root.Gate.ShouldBe(FaultTreeGate.Or);
        root.CiId.ShouldBe(t["outpatient"]);
        tree.Nodes.Count(n => n.Gate == FaultTreeGate.BasicEvent).ShouldBe(5);
        tree.Nodes.Count(n => n.Gate == FaultTreeGate.Or).ShouldBe(4);
        tree.Evaluate([t["host-01"]]).ShouldBeTrue();
        tree.Evaluate([]).ShouldBeFalse();
        tree.CyclicGates.ShouldBe(0);
    }

    [Fact]
    public void Tree_HotStandby_AndGateOverPrimaryAndStandby()
    {
        var (graph, t) = GraphScenarios.Standby(StandbyMode.Hot);

        var tree = graph.Tree(t["emr"]);

        var and = tree.Nodes.Where(n => n.Gate == FaultTreeGate.And).ShouldHaveSingleItem();
        and.CiId.ShouldBe(t["db-primary"]);
        and.Children.Select(c => tree.Nodes[c].CiId).ShouldBe([t["db-primary"], t["db-standby"]], ignoreOrder: true);
        tree.Evaluate([t["db-primary"]]).ShouldBeFalse();
        tree.Evaluate([t["db-primary"], t["db-standby"]]).ShouldBeTrue();
    }

    [Fact]
    public void Tree_ColdStandby_PrimaryEventMarkedRecoverableByTheStandby()
    {
        var (graph, t) = GraphScenarios.Standby(StandbyMode.Cold);

        var tree = graph.Tree(t["emr"]);

        var marked = tree.Nodes.Where(n => n.RecoverableVia.Count > 0).ShouldHaveSingleItem();
        marked.CiId.ShouldBe(t["db-primary"]);
        marked.RecoverableVia.ShouldBe([t["db-standby"]]);
        tree.Evaluate([t["db-primary"]]).ShouldBeTrue();
        tree.Render().ShouldContain($"recoverable by switching to {t["db-standby"]}");
    }

    [Fact]
    public void Tree_TwoOfThreeHostCluster_TwoOfThreeGateOverTheHosts()
    {
        var (graph, t) = GraphScenarios.HostCluster();

        var tree = graph.Tree(t["lis"]);

        var gate = tree.Nodes.Where(n => n.Gate == FaultTreeGate.AtLeast).ShouldHaveSingleItem();
        gate.Threshold.ShouldBe(2);
        gate.Children.Count.ShouldBe(3);
        tree.Evaluate([t["host-b"]]).ShouldBeFalse();
        tree.Evaluate([t["host-b"], t["host-c"]]).ShouldBeTrue();
    }

    [Fact]
    public void Tree_SharedStorage_SharedSubtreeAppearsOnce()
    {
        var t = new TestGraph();
        var business = t.Business("pacs");
        var app = t.Ci("app");
        var db1 = t.Ci("db-1");
        var db2 = t.Ci("db-2");
        var array = t.Ci("array");
        var san = t.Ci("san");
        t.Needs(business, app).Needs(app, db1).Needs(app, db2).Needs(db1, array).Needs(db2, array).Needs(array, san);
        var graph = t.Build();

        var tree = graph.Tree(business);

        tree.Nodes.Count(n => n.CiId == array).ShouldBe(2);
        tree.Nodes.Count(n => n.Gate == FaultTreeGate.BasicEvent && n.CiId == san).ShouldBe(1);
    }

    [Fact]
    public void Tree_Cycle_TerminatesAndEitherMemberTakesTheBusinessDown()
    {
        var (graph, t) = GraphScenarios.Cycle();

        var tree = graph.Tree(t["portal"]);

        tree.CyclicGates.ShouldBe(2);
        tree.Evaluate([t["a"]]).ShouldBeTrue();
        tree.Evaluate([t["b"]]).ShouldBeTrue();
        tree.Evaluate([]).ShouldBeFalse();
    }

    [Fact]
    public void Tree_CycleThroughHotStandby_UnrolledToTheLeastFixpoint()
    {
        var t = new TestGraph();
        var business = t.Business("identity");
        var dns = t.Ci("dns");
        var dnsSpare = t.Ci("dns-spare");
        var ad = t.Ci("ad");
        var adSpare = t.Ci("ad-spare");
        t.Needs(business, ad).Needs(ad, dns).Needs(dns, ad).Needs(adSpare, dns).Needs(dnsSpare, ad)
            .Hot(dnsSpare, dns).Hot(adSpare, ad);
        var graph = t.Build();

        var tree = graph.Tree(business);

        tree.CyclicGates.ShouldBeGreaterThan(0);
        foreach (var failed in new long[][] { [], [dns], [ad], [dns, dnsSpare], [ad, adSpare], [dns, adSpare], [ad, dnsSpare] })
        {
            tree.Evaluate(failed).ShouldBe(graph.Impact(failed).StateOf(business) != CiState.Up, string.Join(",", failed));
        }
    }
}
