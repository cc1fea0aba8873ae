using HospitalOps.Cmdb.Contracts;
using HospitalOps.Host.Platform;
using HospitalOps.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Cmdb.Tests.Directory;

/// <summary>The business systems and which relies on which, as other modules (the service desk's service model board) read them.</summary>
public sealed class BusinessGraphTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync();
        await PlatformStartup.LoadDemoAsync(_host.Services, default);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<BusinessGraph> GraphAsync()
    {
        using var scope = _host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ICmdbDirectory>().BusinessGraphAsync(default);
    }

    [Fact]
    public async Task BusinessGraph_OfTheDemo_LinksConsumersToProvidersThroughTheirInterfaces_AndNotThroughSharedDatabases()
    {
        var graph = await GraphAsync();
        var code = graph.Systems.ToDictionary(s => s.Id, s => s.Code);
        graph.Systems.Count.ShouldBe(50);
        graph.Systems.Single(s => s.Code == "emr").Level.ShouldBe(1);
        graph.Systems.Single(s => s.Code == "follow-up").Level.ShouldBe(3);

        var links = graph.Links.Select(l => (From: code[l.FromId], To: code[l.ToId], l.Kind, l.InterfaceName)).ToList();
        links.ShouldContain(("lis", "his-inpatient", "interface", "HIS→LIS 检验申请（HL7 ORM）"));
        links.ShouldContain(("emr", "lis", "interface", "LIS→EMR 检验结果（HL7 ORU）"));
        links.ShouldContain(("emr", "pacs-ris", "interface", "PACS→EMR 影像报告（Web 服务）"));
        links.ShouldContain(("his-outpatient", "insurance", "interface", "医保结算接口"));
        links.ShouldContain(("follow-up", "integration", "interface", "集成平台→随访 出院患者推送"));
        // HIS outpatient and emergency share the HIS database; that is shared infrastructure, not a relation between them.
        links.ShouldNotContain(l => (l.From == "emergency" && l.To == "his-outpatient") || (l.From == "his-outpatient" && l.To == "emergency"));
        links.ShouldAllBe(l => l.From != l.To);
    }

    [Fact]
    public void BusinessGraph_FollowsDirectRelationsBetweenParts_AndIgnoresWhatNoSystemOwns()
    {
        BusinessSystemNode a = new(1, "a", "A", 1), b = new(2, "b", "B", 2);
        var relations = new List<(string, long, long, string)>
        {
            ("composed-of", 1, 10, "needs"),
            ("composed-of", 10, 11, "needs"),
            ("composed-of", 2, 20, "needs"),
            ("depends-on", 11, 20, "needs"),
            ("accesses", 10, 99, "needs"),
            ("accesses", 20, 99, "needs"),
            // a modality (owned by no system) consuming B's interface 50
            ("provides", 20, 50, "needed-by"),
            ("consumes", 77, 50, "needs"),
        };
        var graph = HospitalOps.Cmdb.Directory.BusinessGraphReader.Build([a, b], relations, new Dictionary<long, string> { [50] = "B 接口" });
        graph.Links.ShouldBe([new BusinessLink(1, 2, "depends", null, null)]);
    }
}
