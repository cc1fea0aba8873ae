using System.Net;
using Dapper;
using HospitalOps.Tests.Support;

namespace HospitalOps.Cmdb.Tests.Cis;

public sealed class CiLifecycleTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private ApiClient _engineer = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync();
        (_engineer, _) = await _host.UserAsync("eng.ci", "engineer");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Update_WithStaleVersion_Returns409AndKeepsTheFirstChange()
    {
        var id = await _engineer.CiAsync("database", "db-emr", "EMR 数据库", new { engine = "oracle", version = "11g" });
        (await _engineer.PutAsync($"/api/v1/cmdb/cis/{id}", new { code = "db-emr", name = "EMR 数据库", attributes = new { engine = "oracle", version = "19c" }, version = 1 })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var stale = await _engineer.PutAsync($"/api/v1/cmdb/cis/{id}", new { code = "db-emr", name = "EMR 数据库", attributes = new { engine = "oracle", version = "12c" }, version = 1 });
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await (await _engineer.GetAsync($"/api/v1/cmdb/cis/{id}")).JsonAsync()).GetProperty("attributes").GetProperty("version").GetString().ShouldBe("19c");
    }

    [Fact]
    public async Task History_RecordsWhoWhenAndTheDiff_AndAsOfReadsThePast()
    {
        var id = await _engineer.CiAsync("database", "db-his", "HIS 数据库", new { engine = "cache-iris", version = "2018.1" });
        var created = DateTimeOffset.UtcNow;
        _host.Clock.Advance(TimeSpan.FromMinutes(10));
        var between = _host.Clock.GetUtcNow();
        _host.Clock.Advance(TimeSpan.FromMinutes(10));
        (await _engineer.PutAsync($"/api/v1/cmdb/cis/{id}", new { code = "db-his", name = "HIS 数据库", attributes = new { engine = "cache-iris", version = "2022.1" }, version = 1 })).EnsureSuccessStatusCode();

        var history = await (await _engineer.GetAsync($"/api/v1/cmdb/cis/{id}/history")).JsonAsync();
        var entries = history.GetProperty("items").EnumerateArray().ToList();
        entries.Count.ShouldBe(2);
        entries[0].GetProperty("action").GetString().ShouldBe("update");
        entries[0].GetProperty("userName").GetString().ShouldBe("eng.ci");
        var change = entries[0].GetProperty("changes").EnumerateArray().Single();
        change.GetProperty("field").GetString().ShouldBe("attributes.version");
        change.GetProperty("before").GetString().ShouldBe("2018.1");
        change.GetProperty("after").GetString().ShouldBe("2022.1");

        var past = await (await _engineer.GetAsync($"/api/v1/cmdb/cis/{id}?asOf={Uri.EscapeDataString(between.ToString("O"))}")).JsonAsync();
        past.GetProperty("attributes").GetProperty("version").GetString().ShouldBe("2018.1");
        past.GetProperty("version").GetInt32().ShouldBe(1);
        (await _engineer.GetAsync($"/api/v1/cmdb/cis/{id}?asOf={Uri.EscapeDataString(created.AddDays(-1).ToString("O"))}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task SecretAttribute_IsEncryptedAtRest_MaskedInAnswers_AndKeptWhenSentBackMasked()
    {
        var id = await _engineer.CiAsync("database", "db-lis", "LIS 数据库", new { engine = "sqlserver", password = "Db#Secret-42" });
        var ci = await (await _engineer.GetAsync($"/api/v1/cmdb/cis/{id}")).JsonAsync();
        ci.GetProperty("attributes").GetProperty("password").GetString().ShouldBe("******");
        await using (var connection = await _host.Databases.Config.OpenAsync())
        {
            var stored = await connection.ExecuteScalarAsync<string>("SELECT attributes FROM cmdb_cis WHERE id = @id", new { id });
            stored!.ShouldNotContain("Db#Secret-42");
            var history = string.Join("", await connection.QueryAsync<string>("SELECT changes || coalesce(snapshot, '') FROM cmdb_ci_history WHERE ci_id = @id", new { id }));
            history.ShouldNotContain("Db#Secret-42");
        }

        (await _engineer.PutAsync($"/api/v1/cmdb/cis/{id}", new { code = "db-lis", name = "LIS 数据库（主）", attributes = new { engine = "sqlserver", password = "******" }, version = 1 })).EnsureSuccessStatusCode();
        await using var check = await _host.Databases.Config.OpenAsync();
        var after = await check.ExecuteScalarAsync<string>("SELECT attributes FROM cmdb_cis WHERE id = @id", new { id });
        after!.ShouldContain("enc:");
        var protector = (HospitalOps.Kernel.Security.ISecretProtector)_host.Services.GetService(typeof(HospitalOps.Kernel.Security.ISecretProtector))!;
        var encrypted = System.Text.Json.JsonDocument.Parse(after!).RootElement.GetProperty("password").GetString()!;
        protector.Unprotect(encrypted["enc:".Length..]).ShouldBe("Db#Secret-42");
    }

    [Theory]
    [InlineData("ip", "10.1.2.300", "invalid_ip")]
    [InlineData("ip", "10.0.0.0/33", "invalid_ip")]
    public async Task IpAttribute_RejectsBadAddresses(string attribute, string value, string code)
    {
        var response = await _engineer.PostAsync("/api/v1/cmdb/cis", new { type = "os-instance", code = "os-x", name = "x", attributes = new Dictionary<string, object> { [attribute] = value } });
        (await response.FieldErrorAsync("attributes." + attribute)).ShouldBe(code);
    }

    [Fact]
    public async Task Reference_ToMissingOrWrongTypeCi_IsRefused()
    {
        var person = await _engineer.CiAsync("person", "p-1", "张三");
        var wrong = await _engineer.PostAsync("/api/v1/cmdb/cis", new { type = "contract", code = "c-1", name = "维保合同", attributes = new { vendor = person } });
        (await wrong.FieldErrorAsync("attributes.vendor")).ShouldBe("invalid_reference");
        var vendor = await _engineer.CiAsync("vendor", "v-1", "华医信息");
        await _engineer.CiAsync("contract", "c-2", "维保合同", new { vendor, start = "2026-01-01", end = "2026/12/31" });
        var page = await (await _engineer.GetAsync("/api/v1/cmdb/cis?type=contract")).JsonAsync();
        page.GetProperty("items")[0].GetProperty("attributes").GetProperty("end").GetString().ShouldBe("2026-12-31");
    }

    [Fact]
    public async Task List_FiltersByAttributeAndRelation()
    {
        var oracle = await _engineer.CiAsync("database", "db-a", "A", new { engine = "oracle" });
        await _engineer.CiAsync("database", "db-b", "B", new { engine = "mysql" });
        var vm = await _engineer.CiAsync("vm", "vm-a", "VM A");
        (await _engineer.RelateAsync("runs-on", oracle, vm)).StatusCode.ShouldBe(HttpStatusCode.Created);

        var byAttribute = await (await _engineer.GetAsync("/api/v1/cmdb/cis?type=database&attr.engine=ORACLE")).JsonAsync();
        byAttribute.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()).ShouldBe(["db-a"]);
        var byRelation = await (await _engineer.GetAsync($"/api/v1/cmdb/cis?relatedTo={vm}&relation=runs-on")).JsonAsync();
        byRelation.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()).ShouldBe(["db-a"]);
        (await _engineer.GetAsync("/api/v1/cmdb/cis?attr.bad%20name=1")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Delete_RemovesRelations_KeepsHistory()
    {
        var app = await _engineer.CiAsync("application", "app-x", "应用 X");
        var vm = await _engineer.CiAsync("vm", "vm-x", "VM X");
        (await _engineer.RelateAsync("runs-on", app, vm)).EnsureSuccessStatusCode();
        (await _engineer.DeleteAsync($"/api/v1/cmdb/cis/{vm}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _engineer.GetAsync($"/api/v1/cmdb/cis/{vm}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var relations = await (await _engineer.GetAsync($"/api/v1/cmdb/cis/{app}/relations")).JsonAsync();
        relations.GetProperty("outgoing").GetArrayLength().ShouldBe(0);
        var history = await (await _engineer.GetAsync($"/api/v1/cmdb/cis/{vm}/history")).JsonAsync();
        history.GetProperty("items")[0].GetProperty("action").GetString().ShouldBe("delete");
        var appHistory = await (await _engineer.GetAsync($"/api/v1/cmdb/cis/{app}/history")).JsonAsync();
        appHistory.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ShouldContain("relation-removed");
    }
}
