using HospitalOps.Cmdb.Availability;

namespace HospitalOps.Cmdb.Tests.Availability;

public sealed class FailureMatrixTests
{
    [Fact]
    public void Matrix_Chain_EveryComponentIsSinglePointOfFailure()
    {
        var (graph, t) = GraphScenarios.Chain();

        var matrix = graph.Matrix();

        var row = matrix.Rows.ShouldHaveSingleItem();
        row.BusinessId.ShouldBe(t["outpatient"]);
        row.Cells.Keys.ShouldBe([t["his-app"], t["his-db"], t["vm-01"], t["host-01"]]);
        row.Cells.Values.ShouldAllBe(cell => cell == FailureCell.X);
    }

    [Fact]
    public void Matrix_HotStandbyPair_BothAreCovered()
    {
        var (graph, t) = GraphScenarios.Standby(StandbyMode.Hot);

        var matrix = graph.Matrix();

        matrix.Cell(t["emr"], t["db-primary"]).ShouldBe(FailureCell.A);
        matrix.Cell(t["emr"], t["db-standby"]).ShouldBe(FailureCell.A);
        matrix.Cell(t["emr"], t["emr-app"]).ShouldBe(FailureCell.X);
    }

    [Fact]
    public void Matrix_ColdStandbyPair_PrimaryIsManualAndStandbyCovered()
    {
        var (graph, t) = GraphScenarios.Standby(StandbyMode.Cold);

        var matrix = graph.Matrix();

        matrix.Cell(t["emr"], t["db-primary"]).ShouldBe(FailureCell.M);
        matrix.Cell(t["emr"], t["db-standby"]).ShouldBe(FailureCell.A);
    }

    [Fact]
    public void Matrix_TwoOfThreeHostCluster_NoHostIsSinglePointOfFailure()
    {
        var (graph, t) = GraphScenarios.HostCluster();

        var matrix = graph.Matrix();

        foreach (var host in new[] { "host-a", "host-b", "host-c" })
        {
            matrix.Cell(t["lis"], t[host]).ShouldBe(FailureCell.A);
        }

        matrix.Cell(t["lis"], t["cluster"]).ShouldBe(FailureCell.X);
        matrix.Cell(t["lis"], t["lis-vm"]).ShouldBe(FailureCell.X);
    }

    [Fact]
    public void Matrix_SharedStorageArray_IsSinglePointOfFailureForBothBusinessSystems()
    {
        var (graph, t) = GraphScenarios.SharedStorage();

        var matrix = graph.Matrix();

        matrix.Cell(t["pacs"], t["array"]).ShouldBe(FailureCell.X);
        matrix.Cell(t["ris"], t["array"]).ShouldBe(FailureCell.X);
        matrix.Cell(t["pacs"], t["ris-db"]).ShouldBeNull();
        matrix.ComponentIds.ShouldContain(t["array"]);
    }

    [Fact]
    public void Matrix_InterfaceProvider_IsSinglePointOfFailureForTheConsumerButBusinessNodesHaveNoCells()
    {
        var (graph, t) = GraphScenarios.Interface();

        var matrix = graph.Matrix([t["lis"]]);

        var row = matrix.Rows.ShouldHaveSingleItem();
        row.Cells.Keys.ShouldBe([t["his-app"], t["his-orders-interface"], t["lis-app"]], ignoreOrder: true);
        row.Cells.Values.ShouldAllBe(cell => cell == FailureCell.X);
    }

    [Fact]
    public void Matrix_Cycle_BothMembersAreSinglePointsOfFailure()
    {
        var (graph, t) = GraphScenarios.Cycle();

        var matrix = graph.Matrix();

        matrix.Cell(t["portal"], t["a"]).ShouldBe(FailureCell.X);
        matrix.Cell(t["portal"], t["b"]).ShouldBe(FailureCell.X);
    }

    [Fact]
    public void Matrix_UnknownAndRepeatedBusinessIds_UnknownReportedRepeatsIgnored()
    {
        var (graph, t) = GraphScenarios.SharedStorage();

        var matrix = graph.Matrix([t["pacs"], 42, t["pacs"]]);

        matrix.Rows.Select(r => r.BusinessId).ShouldBe([t["pacs"]]);
        matrix.UnknownIds.ShouldBe([42L]);
    }

    [Fact]
    public void Matrix_ColdReplicaSharingTheNetwork_PrimaryManualReplicaCoveredNetworkSinglePoint()
    {
        var t = new TestGraph();
        var business = t.Business("ward");
        var app = t.Ci("app");
        var storage = t.Ci("storage");
        var replica = t.Ci("storage-replica");
        var network = t.Ci("network");
        t.Needs(business, app).Needs(app, storage).Needs(replica, network).Needs(storage, network).Cold(replica, storage);
        var graph = t.Build();

        var matrix = graph.Matrix();

        matrix.Cell(business, storage).ShouldBe(FailureCell.M);
        matrix.Cell(business, replica).ShouldBe(FailureCell.A);
        matrix.Cell(business, network).ShouldBe(FailureCell.X);
    }
}
