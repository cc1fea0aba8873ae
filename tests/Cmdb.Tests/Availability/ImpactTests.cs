using HospitalOps.Cmdb.Availability;

namespace HospitalOps.Cmdb.Tests.Availability;

public sealed class ImpactTests
{
    [Fact]
    public void Impact_HostAtBottomOfChainFails_EverythingAboveIsDownWithFullPath()
    {
        var (graph, t) = GraphScenarios.Chain();

        var result = graph.Impact([t["host-01"]]);

        result.Affected.Select(ci => ci.Id).ShouldBe([t["host-01"], t["vm-01"], t["his-db"], t["his-app"], t["outpatient"]]);
        result.Affected.ShouldAllBe(ci => ci.State == CiState.Down);
        result.Find(t["host-01"])!.Failed.ShouldBeTrue();
        result.Find(t["vm-01"])!.Failed.ShouldBeFalse();
        var business = result.Businesses.ShouldHaveSingleItem();
        business.Id.ShouldBe(t["outpatient"]);
        business.Path.ShouldBe([t["host-01"], t["vm-01"], t["his-db"], t["his-app"], t["outpatient"]]);
        business.SwitchTo.ShouldBeEmpty();
    }

    [Fact]
    public void Impact_MiddleOfChainFails_OnlyWhatDependsOnItIsDown()
    {
        var (graph, t) = GraphScenarios.Chain();

        var result = graph.Impact([t["his-db"]]);

        result.Affected.Select(ci => ci.Id).ShouldBe([t["his-db"], t["his-app"], t["outpatient"]]);
        result.StateOf(t["vm-01"]).ShouldBe(CiState.Up);
        result.StateOf(t["host-01"]).ShouldBe(CiState.Up);
    }

    [Fact]
    public void Impact_HotStandbyPrimaryFails_BusinessStaysUpAndOnlyPrimaryIsDown()
    {
        var (graph, t) = GraphScenarios.Standby(StandbyMode.Hot);

        var result = graph.Impact([t["db-primary"]]);

        result.Affected.Select(ci => ci.Id).ShouldBe([t["db-primary"]]);
        result.StateOf(t["emr"]).ShouldBe(CiState.Up);
        result.Businesses.ShouldBeEmpty();
    }

    [Fact]
    public void Impact_HotStandbyItselfFails_BusinessStaysUp()
    {
        var (graph, t) = GraphScenarios.Standby(StandbyMode.Hot);

        var result = graph.Impact([t["db-standby"]]);

        result.Affected.Select(ci => ci.Id).ShouldBe([t["db-standby"]]);
        result.StateOf(t["emr"]).ShouldBe(CiState.Up);
    }

    [Fact]
    public void Impact_HotPrimaryAndStandbyBothFail_BusinessIsDownThroughThePrimary()
    {
        var (graph, t) = GraphScenarios.Standby(StandbyMode.Hot);

        var result = graph.Impact([t["db-primary"], t["db-standby"]]);

        result.StateOf(t["emr-app"]).ShouldBe(CiState.Down);
        var business = result.Businesses.ShouldHaveSingleItem();
        business.State.ShouldBe(CiState.Down);
        business.Path.ShouldBe([t["db-primary"], t["emr-app"], t["emr"]]);
    }

    [Fact]
    public void Impact_ColdStandbyPrimaryFails_BusinessIsRecoverableBySwitchingToTheStandby()
    {
        var (graph, t) = GraphScenarios.Standby(StandbyMode.Cold);

        var result = graph.Impact([t["db-primary"]]);

        result.StateOf(t["db-primary"]).ShouldBe(CiState.Down);
        result.StateOf(t["db-standby"]).ShouldBe(CiState.Up);
        var app = result.Find(t["emr-app"])!;
        app.State.ShouldBe(CiState.Recoverable);
        app.SwitchTo.ShouldBe([t["db-standby"]]);
        var business = result.Businesses.ShouldHaveSingleItem();
        business.State.ShouldBe(CiState.Recoverable);
        business.SwitchTo.ShouldBe([t["db-standby"]]);
        business.Path.ShouldBe([t["db-primary"], t["emr-app"], t["emr"]]);
        result.Find(t["db-primary"])!.SwitchTo.ShouldBe([t["db-standby"]]);
    }

    [Fact]
    public void Impact_ColdPrimaryAndStandbyBothFail_BusinessIsDown()
    {
        var (graph, t) = GraphScenarios.Standby(StandbyMode.Cold);

        var result = graph.Impact([t["db-primary"], t["db-standby"]]);

        result.StateOf(t["emr"]).ShouldBe(CiState.Down);
        result.Find(t["emr"])!.SwitchTo.ShouldBeEmpty();
    }

    [Fact]
    public void Impact_RecoverableAndPlainDownPathsMeet_BusinessIsDown()
    {
        var t = new TestGraph();
        var business = t.Business("emergency");
        var app = t.Ci("app");
        var primary = t.Ci("db-primary");
        var standby = t.Ci("db-standby");
        var queue = t.Ci("queue");
        t.Needs(business, app).Needs(app, primary).Needs(app, queue).Cold(standby, primary);
        var graph = t.Build();

        var onlyRecoverable = graph.Impact([primary]);
        var both = graph.Impact([primary, queue]);

        onlyRecoverable.StateOf(business).ShouldBe(CiState.Recoverable);
        both.StateOf(business).ShouldBe(CiState.Down);
        both.Find(business)!.Path.ShouldBe([queue, app, business]);
    }

    [Fact]
    public void Impact_OneHostOfTwoOfThreeClusterFails_VmStaysUp()
    {
        var (graph, t) = GraphScenarios.HostCluster();

        var result = graph.Impact([t["host-a"]]);

        result.Affected.Select(ci => ci.Id).ShouldBe([t["host-a"]]);
        result.StateOf(t["cluster"]).ShouldBe(CiState.Up);
        result.StateOf(t["lis-vm"]).ShouldBe(CiState.Up);
    }

    [Fact]
    public void Impact_TwoHostsOfTwoOfThreeClusterFail_ClusterVmAndBusinessAreDown()
    {
        var (graph, t) = GraphScenarios.HostCluster();

        var result = graph.Impact([t["host-a"], t["host-c"]]);

        result.StateOf(t["cluster"]).ShouldBe(CiState.Down);
        result.StateOf(t["lis-vm"]).ShouldBe(CiState.Down);
        var business = result.Businesses.ShouldHaveSingleItem();
        business.Path.ShouldBe([t["host-a"], t["cluster"], t["lis-vm"], t["lis-app"], t["lis"]]);
    }

    [Fact]
    public void Impact_ClusterMemberCoveredByHotStandby_CountsAsAvailable()
    {
        var t = new TestGraph();
        var cluster = t.Ci("pool", minMembers: 2);
        var a = t.Ci("node-a");
        var b = t.Ci("node-b");
        var spare = t.Ci("node-a-spare");
        t.Member(a, cluster).Member(b, cluster).Hot(spare, a);
        var graph = t.Build();

        graph.Impact([a]).StateOf(cluster).ShouldBe(CiState.Up);
        graph.Impact([a, spare]).StateOf(cluster).ShouldBe(CiState.Down);
    }

    [Fact]
    public void Impact_ClusterShortOnlyByRecoverableMembers_ClusterIsRecoverable()
    {
        var t = new TestGraph();
        var cluster = t.Ci("pool", minMembers: 2);
        var a = t.Ci("node-a");
        var b = t.Ci("node-b");
        var spare = t.Ci("node-a-cold-spare");
        t.Member(a, cluster).Member(b, cluster).Cold(spare, a);
        var graph = t.Build();

        var result = graph.Impact([a]);

        result.StateOf(cluster).ShouldBe(CiState.Recoverable);
        result.Find(cluster)!.SwitchTo.ShouldBe([spare]);
        graph.Impact([a, b]).StateOf(cluster).ShouldBe(CiState.Down);
    }

    [Fact]
    public void Impact_ClusterWithoutMembers_IsUpUnlessItFailsItself()
    {
        var t = new TestGraph();
        var empty = t.Ci("empty-pool", minMembers: 3);
        var app = t.Ci("app");
        t.Needs(app, empty);
        var graph = t.Build();

        graph.Impact([]).Affected.ShouldBeEmpty();
        graph.Impact([empty]).StateOf(app).ShouldBe(CiState.Down);
    }

    [Fact]
    public void Impact_SharedStorageArrayFails_BothBusinessSystemsAreDown()
    {
        var (graph, t) = GraphScenarios.SharedStorage();

        var result = graph.Impact([t["array"]]);

        result.Businesses.Select(b => b.Id).Order().ShouldBe(new[] { t["pacs"], t["ris"] }.Order());
        result.Find(t["pacs"])!.Path.ShouldBe([t["array"], t["pacs-db"], t["pacs-app"], t["pacs"]]);
    }

    [Fact]
    public void Impact_InterfaceProviderFails_ConsumerAndItsBusinessAreDownThroughTheInterface()
    {
        var (graph, t) = GraphScenarios.Interface();

        var result = graph.Impact([t["his-app"]]);

        result.StateOf(t["his-orders-interface"]).ShouldBe(CiState.Down);
        result.StateOf(t["lis-app"]).ShouldBe(CiState.Down);
        result.Find(t["lis"])!.Path.ShouldBe([t["his-app"], t["his-orders-interface"], t["lis-app"], t["lis"]]);
        result.Businesses.Select(b => b.Id).Order().ShouldBe(new[] { t["his"], t["lis"] }.Order());
    }

    [Fact]
    public void Impact_InterfaceConsumerFails_ProviderIsUnaffected()
    {
        var (graph, t) = GraphScenarios.Interface();

        var result = graph.Impact([t["lis-app"]]);

        result.StateOf(t["his-app"]).ShouldBe(CiState.Up);
        result.StateOf(t["his-orders-interface"]).ShouldBe(CiState.Up);
        result.Businesses.Select(b => b.Id).ShouldBe([t["lis"]]);
    }

    [Fact]
    public void Impact_CycleWithNothingFailed_BothStayUp()
    {
        var (graph, _) = GraphScenarios.Cycle();

        graph.Impact([]).Affected.ShouldBeEmpty();
    }

    [Fact]
    public void Impact_OneNodeOfCycleFails_FailureGoesAroundTheCycleAndTerminates()
    {
        var (graph, t) = GraphScenarios.Cycle();

        var result = graph.Impact([t["a"]]);

        result.StateOf(t["a"]).ShouldBe(CiState.Down);
        result.StateOf(t["b"]).ShouldBe(CiState.Down);
        result.Find(t["b"])!.Path.ShouldBe([t["a"], t["b"]]);
        result.Find(t["portal"])!.Path.ShouldBe([t["a"], t["portal"]]);
    }

    [Fact]
    public void Impact_UnknownIds_AreIgnoredAndReported()
    {
        var (graph, t) = GraphScenarios.Chain();

        var result = graph.Impact([999_999, t["his-app"], -5, 999_999]);

        result.UnknownIds.ShouldBe([999_999L, -5L]);
        result.Affected.Select(ci => ci.Id).ShouldBe([t["his-app"], t["outpatient"]]);
    }

    [Fact]
    public void Impact_EmptyFailureList_NothingIsDown()
    {
        var (graph, _) = GraphScenarios.HostCluster();

        var result = graph.Impact([]);

        result.Affected.ShouldBeEmpty();
        result.Businesses.ShouldBeEmpty();
        result.UnknownIds.ShouldBeEmpty();
    }

    [Fact]
    public void Impact_SameGraphQueriedRepeatedly_PreviousScenarioLeavesNoTrace()
    {
        var (graph, t) = GraphScenarios.Standby(StandbyMode.Cold);

        graph.Impact([t["db-primary"], t["db-standby"]]);
        var afterwards = graph.Impact([t["db-standby"]]);

        afterwards.Affected.Select(ci => ci.Id).ShouldBe([t["db-standby"]]);
    }

    [Fact]
    public void Impact_ManyThreadsAtOnce_EachGetsItsOwnAnswer()
    {
        var (graph, t) = GraphScenarios.Chain();
        var failures = new[] { "host-01", "vm-01", "his-db", "his-app" };

        var counts = new int[400];
        Parallel.For(0, counts.Length, i => counts[i] = graph.Impact([t[failures[i % 4]]]).Affected.Count);

        for (var i = 0; i < counts.Length; i++)
        {
            counts[i].ShouldBe(5 - (i % 4));
        }
    }
}
