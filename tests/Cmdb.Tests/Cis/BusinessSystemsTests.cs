using System.Net;
using HospitalOps.Host.Platform;
using HospitalOps.Tests.Support;

namespace HospitalOps.Cmdb.Tests.Cis;

public sealed class BusinessSystemsTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync();
        await PlatformStartup.LoadDemoAsync(_host.Services, default);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Demo_LoadsTheSeedsBusinessSystems_WithLevelOneForCoreClinicalSystems()
    {
        var (reader, _) = await _host.UserAsync("reader.one", "readonly");
        var page = await (await reader.GetAsync("/api/v1/cmdb/cis?type=business&pageSize=100")).JsonAsync();
        page.GetProperty("total").GetInt64().ShouldBeGreaterThanOrEqualTo(25);
        var levels = page.GetProperty("items").EnumerateArray().ToDictionary(
            ci => ci.GetProperty("code").GetString()!,
            ci => ci.GetProperty("attributes").GetProperty("level").GetString());
        foreach (var core in new[] { "his-outpatient", "his-inpatient", "emr", "lis", "pacs-ris", "emergency", "icu" })
        {
            levels[core].ShouldBe("1", core);
        }

        levels.ShouldContainKey("follow-up");
        levels.ShouldContainKey("blood-bank");
        levels.ShouldContainKey("pathology");
    }

    [Fact]
    public async Task Demo_LoadedTwice_AddsNothing()
    {
        var (reader, _) = await _host.UserAsync("reader.two", "readonly");
        var before = (await (await reader.GetAsync("/api/v1/cmdb/cis")).JsonAsync()).GetProperty("total").GetInt64();
        await PlatformStartup.LoadDemoAsync(_host.Services, default);
        (await (await reader.GetAsync("/api/v1/cmdb/cis")).JsonAsync()).GetProperty("total").GetInt64().ShouldBe(before);
    }

    [Fact]
    public async Task TextFilter_FindsByNameInChinese()
    {
        var (engineer, _) = await _host.UserAsync("eng.cmdb", "engineer");
        var page = await (await engineer.GetAsync("/api/v1/cmdb/cis?query=" + Uri.EscapeDataString("电子病历"))).JsonAsync();
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()).ShouldContain("emr");
        page.GetProperty("items").EnumerateArray().ShouldAllBe(i => i.GetProperty("name").GetString()!.Contains("电子病历") || i.GetProperty("attributes").ToString().Contains("电子病历"));
    }

    [Theory]
    [InlineData("华医", true)]
    [InlineData("达梦", true)]
    [InlineData("_", false)]
    [InlineData("%", false)]
    public async Task TextFilter_MatchesAttributeValuesLiterally(string query, bool expectHits)
    {
        var (engineer, _) = await _host.UserAsync("eng.query", "engineer");
        var page = await (await engineer.GetAsync("/api/v1/cmdb/cis?query=" + Uri.EscapeDataString(query))).JsonAsync();
        (page.GetProperty("total").GetInt64() > 0).ShouldBe(expectHits);
    }

    [Fact]
    public async Task Auditor_HasNoCmdbAccess()
    {
        var (auditor, _) = await _host.UserAsync("auditor.cmdb", "auditor");
        (await auditor.GetAsync("/api/v1/cmdb/cis")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Types_ListTheBusinessTypeWithItsAttributeSchema()
    {
        var admin = await _host.AdminAsync();
        var types = await (await admin.GetAsync("/api/v1/cmdb/types")).JsonAsync();
        var business = types.EnumerateArray().Single(t => t.GetProperty("code").GetString() == "business");
        business.GetProperty("layer").GetString().ShouldBe("business");
        business.GetProperty("attributeSchema").EnumerateArray().Select(a => a.GetProperty("name").GetString()).ShouldContain("level");
    }
}
