using HospitalOps.Kernel.Files;
using System.Net;
using System.Text.Json;
using HospitalOps.Host.Platform;
using HospitalOps.Tests.Support;

namespace HospitalOps.Cmdb.Tests.Analysis;

/// <summary>The analyses over the API, on the demo hospital whose deliberate weak spots are known.</summary>
public sealed class DemoHospitalAnalysisTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private ApiClient _engineer = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync();
        await PlatformStartup.LoadDemoAsync(_host.Services, default);
        (_engineer, _) = await _host.UserAsync("eng.analysis", "engineer");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<long> IdAsync(string code)
    {
        var page = await (await _engineer.GetAsync("/api/v1/cmdb/cis?query=" + Uri.EscapeDataString(code) + "&pageSize=500")).JsonAsync();
        return page.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("code").GetString() == code).GetProperty("id").GetInt64();
    }

    private async Task<Dictionary<(string Business, string Component), string>> MatrixAsync()
    {
        var matrix = await (await _engineer.GetAsync("/api/v1/cmdb/failure-matrix")).JsonAsync();
        var codes = matrix.GetProperty("businesses").EnumerateArray().Concat(matrix.GetProperty("components").EnumerateArray())
            .ToDictionary(c => c.GetProperty("id").GetInt64(), c => c.GetProperty("code").GetString()!);
        return matrix.GetProperty("cells").EnumerateArray().ToDictionary(
            c => (codes[c.GetProperty("businessId").GetInt64()], codes[c.GetProperty("componentId").GetInt64()]),
            c => c.GetProperty("cell").GetString()!);
    }

    [Fact]
    public async Task FailureMatrix_FindsTheDemoHospitalsSinglePointsAndItsCoverage()
    {
        var m = await MatrixAsync();
        m[("his-outpatient", "storage-main")].ShouldBe("X");
        m[("pacs-ris", "srv-pacs-db")].ShouldBe("X");
        m[("pacs-ris", "storage-imaging")].ShouldBe("X");
        m[("follow-up", "fw-dmz")].ShouldBe("X");
        m[("his-outpatient", "db-his")].ShouldBe("A");
        m[("his-outpatient", "srv-his-db-2")].ShouldBe("A");
        m[("emr", "rac-node-1")].ShouldBe("A");
        m[("emr", "esxi-01")].ShouldBe("A");
        m[("emr", "core-sw-1")].ShouldBe("A");
        m[("lis", "db-lis")].ShouldBe("M");
        m[("lis", "srv-lis-db-1")].ShouldBe("M");
        m.ContainsKey(("oa", "srv-pacs-db")).ShouldBeFalse();
    }

    [Fact]
    public async Task Impact_OfTheMainStorage_TakesDownHisAndEmr_WithThePath()
    {
        var storage = await IdAsync("storage-main");
        var response = await _engineer.PostAsync("/api/v1/cmdb/impact", new { failed = new[] { storage, 999_999_999L } });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var impact = await response.JsonAsync();
        impact.GetProperty("unknownIds").EnumerateArray().Select(i => i.GetInt64()).ShouldBe([999_999_999L]);
        var businesses = impact.GetProperty("businesses").EnumerateArray().ToDictionary(b => b.GetProperty("ci").GetProperty("code").GetString()!, b => b);
        businesses.ShouldContainKey("his-outpatient");
        businesses.ShouldContainKey("emr");
        businesses["emr"].GetProperty("state").GetString().ShouldBe("down");
        var path = businesses["emr"].GetProperty("path").EnumerateArray().Select(p => p.GetProperty("code").GetString()).ToList();
        path[0].ShouldBe("storage-main");
        path[^1].ShouldBe("emr");
    }

    [Fact]
    public async Task Impact_OfTheLisPrimary_IsRecoverableBySwitchingToItsStandby()
    {
        var impact = await (await _engineer.PostAsync("/api/v1/cmdb/impact", new { failed = new[] { await IdAsync("db-lis") } })).JsonAsync();
        var lis = impact.GetProperty("businesses").EnumerateArray().Single(b => b.GetProperty("ci").GetProperty("code").GetString() == "lis");
        lis.GetProperty("state").GetString().ShouldBe("recoverable");
        var dbLis = impact.GetProperty("affected").EnumerateArray().Single(a => a.GetProperty("ci").GetProperty("code").GetString() == "db-lis");
        dbLis.GetProperty("switchTo").EnumerateArray().Select(s => s.GetProperty("code").GetString()).ShouldContain("db-lis-standby");
    }

    [Fact]
    public async Task Impact_OfOneHypervisorHost_AffectsNothing_TwoHostsTakeTheClusterDown()
    {
        var one = await (await _engineer.PostAsync("/api/v1/cmdb/impact", new { failed = new[] { await IdAsync("esxi-01") } })).JsonAsync();
        one.GetProperty("businesses").GetArrayLength().ShouldBe(0);
        var two = await (await _engineer.PostAsync("/api/v1/cmdb/impact", new { failed = new[] { await IdAsync("esxi-01"), await IdAsync("esxi-02") } })).JsonAsync();
        two.GetProperty("businesses").GetArrayLength().ShouldBe(50);
    }

    [Fact]
    public async Task TypicalFaults_OfHis_IncludeTheStorageAloneAndTheMirrorPair()
    {
        var his = await IdAsync("his-outpatient");
        var faults = await (await _engineer.GetAsync($"/api/v1/cmdb/business/{his}/typical-faults")).JsonAsync();
        var sets = faults.EnumerateArray().Select(f => string.Join("+", f.GetProperty("cis").EnumerateArray().Select(c => c.GetProperty("code").GetString()).Order())).ToList();
        sets.ShouldContain("storage-main");
        sets.ShouldContain("db-his+db-his-mirror");
        sets.ShouldNotContain("db-his");
        (await _engineer.GetAsync($"/api/v1/cmdb/business/{await IdAsync("db-his")}/typical-faults")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task FaultTree_AndServiceModel_DescribeTheBusinessSystem()
    {
        var emr = await IdAsync("emr");
        var tree = await (await _engineer.GetAsync($"/api/v1/cmdb/business/{emr}/fault-tree")).JsonAsync();
        var gates = tree.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("gate").GetString()).ToHashSet();
        gates.ShouldContain("or");
        gates.ShouldContain("atleast");
        gates.ShouldContain("basicevent");
        tree.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("label").GetString()!).ShouldContain(l => l.Contains("自身故障"));
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/cmdb/business/{emr}/fault-tree");
        request.Headers.AcceptLanguage.ParseAdd("en-US");
        var english = await (await _engineer.Http.SendAsync(request)).JsonAsync();
        english.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("label").GetString()!).ShouldContain(l => l.EndsWith(" fails"));

        var model = await (await _engineer.GetAsync($"/api/v1/cmdb/business/{emr}/service-model")).JsonAsync();
        var layers = model.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("layer").GetString()).ToList();
        layers.ShouldBe(["business", "application", "data", "integration", "os", "virtualization", "hardware", "infrastructure"]);
        model.GetProperty("edges").GetArrayLength().ShouldBeGreaterThan(10);
    }

    [Fact]
    public async Task FailureMatrix_ExportsAsXlsx()
    {
        var response = await _engineer.GetAsync("/api/v1/cmdb/failure-matrix?format=xlsx");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var rows = XlsxTable.Read(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        rows.Count.ShouldBeGreaterThan(50);
        rows.SelectMany(r => r.Values).ShouldContain("X");
    }

    [Fact]
    public async Task Impact_WithoutFailedCis_IsRefused()
    {
        (await (await _engineer.PostAsync("/api/v1/cmdb/impact", new { failed = Array.Empty<long>() })).FieldErrorAsync("failed")).ShouldBe("required");
    }

    [Fact]
    public async Task Graph_FollowsChanges_MadeThroughTheApi()
    {
        var pacsServer = await IdAsync("srv-pacs-db");
        var before = await MatrixAsync();
        before[("pacs-ris", "db-pacs")].ShouldBe("X");
        // Add a hot standby PACS database on another server: the PACS database stops being a single point.
        var standby = await _engineer.CiAsync("database", "db-pacs-standby", "PACS 数据库（AlwaysOn 副本）", new { engine = "sqlserver" });
        var server2 = await _engineer.CiAsync("physical-server", "srv-pacs-db-2", "PACS 数据库服务器 2");
        (await _engineer.RelateAsync("runs-on", standby, server2)).EnsureSuccessStatusCode();
        (await _engineer.RelateAsync("backs-up", standby, await IdAsync("db-pacs"), new { mode = "hot" })).EnsureSuccessStatusCode();
        var after = await MatrixAsync();
        after[("pacs-ris", "db-pacs")].ShouldBe("A");
        after[("pacs-ris", "srv-pacs-db")].ShouldBe("A");
        pacsServer.ShouldBeGreaterThan(0);
    }
}
