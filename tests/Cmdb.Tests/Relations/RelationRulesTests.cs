using System.Net;
using HospitalOps.Tests.Support;

namespace HospitalOps.Cmdb.Tests.Relations;

public sealed class RelationRulesTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private ApiClient _engineer = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync();
        (_engineer, _) = await _host.UserAsync("eng.rel", "engineer");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task RunsOn_FromWrongTypes_IsRefusedWithTheReason()
    {
        var zone = await _engineer.CiAsync("network-zone", "zone-a", "核心区");
        var vm = await _engineer.CiAsync("vm", "vm-1", "VM 1");
        var response = await _engineer.RelateAsync("runs-on", zone, vm);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.FieldErrorAsync("sourceId")).ShouldBe("source_type_not_allowed");
        var app = await _engineer.CiAsync("application", "app-1", "App 1");
        var reversed = await _engineer.RelateAsync("runs-on", vm, app);
        (await reversed.FieldErrorAsync("targetId")).ShouldBe("target_type_not_allowed");
    }

    [Fact]
    public async Task ComposedOf_ClosingACycle_IsRefused_ButDependsOnMayCycle()
    {
        var a = await _engineer.CiAsync("application", "a", "A");
        var b = await _engineer.CiAsync("application", "b", "B");
        var c = await _engineer.CiAsync("application", "c", "C");
        (await _engineer.RelateAsync("composed-of", a, b)).EnsureSuccessStatusCode();
        (await _engineer.RelateAsync("composed-of", b, c)).EnsureSuccessStatusCode();
        var cycle = await _engineer.RelateAsync("composed-of", c, a);
        cycle.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await cycle.CodeAsync()).ShouldBe("relation_cycle");

        (await _engineer.RelateAsync("depends-on", a, b)).EnsureSuccessStatusCode();
        (await _engineer.RelateAsync("depends-on", b, a)).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task MemberOf_Cycle_IsRefused()
    {
        var c1 = await _engineer.CiAsync("cluster", "cl-1", "集群 1");
        var c2 = await _engineer.CiAsync("cluster", "cl-2", "集群 2");
        (await _engineer.RelateAsync("member-of", c1, c2)).EnsureSuccessStatusCode();
        (await (await _engineer.RelateAsync("member-of", c2, c1)).CodeAsync()).ShouldBe("relation_cycle");
    }

    [Fact]
    public async Task BacksUp_NeedsHotOrCold_AndAStandbyBacksUpOnePrimary()
    {
        var primary = await _engineer.CiAsync("database", "db-p", "主库");
        var standby = await _engineer.CiAsync("database", "db-s", "备库");
        var other = await _engineer.CiAsync("database", "db-o", "另一个主库");
        (await (await _engineer.RelateAsync("backs-up", standby, primary)).FieldErrorAsync("attributes.mode")).ShouldBe("backup_mode_required");
        (await (await _engineer.RelateAsync("backs-up", standby, primary, new { mode = "warm" })).FieldErrorAsync("attributes.mode")).ShouldBe("backup_mode_required");
        var ok = await _engineer.RelateAsync("backs-up", standby, primary, new { mode = "HOT" });
        ok.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await ok.JsonAsync()).GetProperty("attributes").GetProperty("mode").GetString().ShouldBe("hot");
        (await (await _engineer.RelateAsync("backs-up", standby, other, new { mode = "cold" })).CodeAsync()).ShouldBe("cardinality_exceeded");
    }

    [Fact]
    public async Task Interface_HasOneProvider_ManyConsumers_AndDuplicatesAreRefused()
    {
        var his = await _engineer.CiAsync("application", "his", "HIS");
        var lis = await _engineer.CiAsync("application", "lis", "LIS");
        var emr = await _engineer.CiAsync("application", "emr", "EMR");
        var orders = await _engineer.CiAsync("interface", "if-his-lis-orders", "HIS→LIS 检验申请", new { protocol = "hl7v2-mllp", endpoint = "10.1.1.20:6661" });
        (await _engineer.RelateAsync("provides", his, orders)).EnsureSuccessStatusCode();
        (await (await _engineer.RelateAsync("provides", emr, orders)).CodeAsync()).ShouldBe("cardinality_exceeded");
        (await _engineer.RelateAsync("consumes", lis, orders)).EnsureSuccessStatusCode();
        (await _engineer.RelateAsync("consumes", emr, orders)).EnsureSuccessStatusCode();
        (await _engineer.RelateAsync("consumes", emr, orders)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var relations = await (await _engineer.GetAsync($"/api/v1/cmdb/cis/{orders}/relations")).JsonAsync();
        relations.GetProperty("incoming").GetArrayLength().ShouldBe(3);
        (await _engineer.RelateAsync("depends-on", his, his)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task CustomRelationType_IsData_AndBuiltInRulesStayFixed()
    {
        var admin = await _host.AdminAsync();
        var create = await admin.PostAsync("/api/v1/cmdb/relation-types", new
        {
            code = "powered-by", nameZh = "供电", nameEn = "is powered by", inverseZh = "为…供电", inverseEn = "powers",
            sourceTypes = new[] { "physical-server", "storage-system", "network-device" }, targetTypes = new[] { "organisation" },
            cardinality = "many-to-many", acyclic = false, availability = "needs",
        });
        create.StatusCode.ShouldBe(HttpStatusCode.Created);
        var server = await _engineer.CiAsync("physical-server", "srv-1", "服务器 1");
        var org = await _engineer.CiAsync("organisation", "org-1", "机房");
        (await _engineer.RelateAsync("powered-by", server, org)).StatusCode.ShouldBe(HttpStatusCode.Created);

        var types = await (await admin.GetAsync("/api/v1/cmdb/relation-types")).JsonAsync();
        var runsOn = types.EnumerateArray().Single(t => t.GetProperty("code").GetString() == "runs-on");
        var change = await admin.PutAsync("/api/v1/cmdb/relation-types/runs-on", new
        {
            nameZh = "部署于", nameEn = "is deployed on", inverseZh = "部署", inverseEn = "deploys", sourceTypes = new[] { "*" }, targetTypes = new[] { "*" },
            cardinality = "one-to-one", acyclic = false, availability = "none", version = runsOn.GetProperty("version").GetInt32(),
        });
        var changed = await change.JsonAsync();
        changed.GetProperty("nameZh").GetString().ShouldBe("部署于");
        changed.GetProperty("availability").GetString().ShouldBe("needs");
        changed.GetProperty("acyclic").GetBoolean().ShouldBeTrue();
    }
}

public sealed class RelationAsOfTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task RelationsAsOf_ShowWhatWasRelatedThen()
    {
        var (engineer, _) = await _host.UserAsync("eng.asof", "engineer");
        var app = await engineer.CiAsync("application", "app-asof", "应用");
        var vm1 = await engineer.CiAsync("vm", "vm-old", "旧虚拟机");
        var vm2 = await engineer.CiAsync("vm", "vm-new", "新虚拟机");
        var first = await (await engineer.RelateAsync("runs-on", app, vm1)).JsonAsync();
        _host.Clock.Advance(TimeSpan.FromMinutes(5));
        var before = _host.Clock.GetUtcNow();
        _host.Clock.Advance(TimeSpan.FromMinutes(5));
        (await engineer.DeleteAsync($"/api/v1/cmdb/relations/{first.GetProperty("id").GetInt64()}")).EnsureSuccessStatusCode();
        (await engineer.RelateAsync("runs-on", app, vm2)).EnsureSuccessStatusCode();

        static List<string?> Targets(System.Text.Json.JsonElement r) =>
            r.GetProperty("outgoing").EnumerateArray().Select(o => o.GetProperty("targetName").GetString()).ToList();
        Targets(await (await engineer.GetAsync($"/api/v1/cmdb/cis/{app}/relations")).JsonAsync()).ShouldBe(["新虚拟机"]);
        Targets(await (await engineer.GetAsync($"/api/v1/cmdb/cis/{app}/relations?asOf={Uri.EscapeDataString(before.ToString("O"))}")).JsonAsync()).ShouldBe(["旧虚拟机"]);
    }
}
