using System.Net;
using HospitalOps.Tests.Support;

namespace HospitalOps.Cmdb.Tests.Types;

public sealed class ModelAsDataTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task BuiltInTypes_CoverEveryLayerTheSeedNames()
    {
        var admin = await _host.AdminAsync();
        var types = (await (await admin.GetAsync("/api/v1/cmdb/types")).JsonAsync()).EnumerateArray().Select(t => t.GetProperty("code").GetString()).ToList();
        foreach (var code in new[] { "organisation", "business", "application", "subsystem", "database", "middleware", "integration-platform", "interface", "os-instance", "vm",
                     "hypervisor-host", "cluster", "k8s-cluster", "k8s-node", "pod", "service", "physical-server", "storage-system", "volume", "network-device", "network-zone",
                     "ip-address", "link", "modality", "document", "person", "team", "vendor", "contract" })
        {
            types.ShouldContain(code);
        }

        var relations = (await (await admin.GetAsync("/api/v1/cmdb/relation-types")).JsonAsync()).EnumerateArray().Select(t => t.GetProperty("code").GetString()).ToList();
        relations.ShouldBe(["accesses", "backs-up", "composed-of", "connects-to", "consumes", "depends-on", "describes", "hosted-on", "located-in", "maintains", "member-of", "provides", "runs-on", "uses"], ignoreOrder: true);
    }

    [Fact]
    public async Task NewType_WithAttributes_IsUsableAtOnce_AndValidatesWrites()
    {
        var admin = await _host.AdminAsync();
        var create = await admin.PostAsync("/api/v1/cmdb/types", new
        {
            code = "ups",
            nameZh = "UPS 电源",
            nameEn = "UPS",
            layer = "infrastructure",
            attributeSchema = new object[]
            {
                new { name = "capacityKva", labelZh = "容量(kVA)", labelEn = "Capacity (kVA)", type = "number", required = true },
                new { name = "phase", labelZh = "相数", labelEn = "Phase", type = "enum", values = new[] { "single", "three" } },
                new { name = "asset", labelZh = "资产号", labelEn = "Asset tag", type = "text", unique = true },
            },
        });
        create.StatusCode.ShouldBe(HttpStatusCode.Created);

        var (engineer, _) = await _host.UserAsync("eng.ups", "engineer");
        var bad = await engineer.PostAsync("/api/v1/cmdb/cis", new { type = "ups", code = "ups-1", name = "机房 UPS", attributes = new { phase = "two", colour = "red" } });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.FieldErrorAsync("attributes.capacityKva")).ShouldBe("required");
        (await bad.FieldErrorAsync("attributes.phase")).ShouldBe("invalid_enum");
        (await bad.FieldErrorAsync("attributes.colour")).ShouldBe("unknown_attribute");

        await engineer.CiAsync("ups", "ups-1", "机房 UPS", new { capacityKva = "120", phase = "three", asset = "ZC-001" });
        var duplicate = await engineer.PostAsync("/api/v1/cmdb/cis", new { type = "ups", code = "ups-2", name = "第二台", attributes = new { capacityKva = 60, asset = "zc-001" } });
        (await duplicate.FieldErrorAsync("attributes.asset")).ShouldBe("value_taken");

        // CIs exist now: the attribute cannot be removed, but a new optional one can be added.
        var type = await (await admin.GetAsync("/api/v1/cmdb/types/ups")).JsonAsync();
        var remove = await admin.PutAsync("/api/v1/cmdb/types/ups", new { nameZh = "UPS 电源", nameEn = "UPS", layer = "infrastructure", attributeSchema = Array.Empty<object>(), version = type.GetProperty("version").GetInt32() });
        (await remove.FieldErrorAsync("attributeSchema")).ShouldBe("type_in_use");
        var add = await admin.PutAsync("/api/v1/cmdb/types/ups", new
        {
            nameZh = "UPS 电源", nameEn = "UPS", layer = "infrastructure", version = type.GetProperty("version").GetInt32(),
            attributeSchema = new object[]
            {
                new { name = "capacityKva", labelZh = "容量(kVA)", labelEn = "Capacity (kVA)", type = "number", required = true },
                new { name = "phase", labelZh = "相数", labelEn = "Phase", type = "enum", values = new[] { "single", "three" } },
                new { name = "asset", labelZh = "资产号", labelEn = "Asset tag", type = "text", unique = true },
                new { name = "batteryDate", labelZh = "电池更换日期", labelEn = "Battery replaced", type = "date" },
            },
        });
        add.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task InvalidTypeDefinition_IsRefusedWithReasons()
    {
        var admin = await _host.AdminAsync();
        var response = await admin.PostAsync("/api/v1/cmdb/types", new
        {
            code = "Bad Code",
            nameZh = "",
            nameEn = "x",
            layer = "moon",
            attributeSchema = new object[] { new { name = "1st", type = "colour" }, new { name = "kind", type = "enum" } },
        });
        (await response.FieldErrorAsync("code")).ShouldBe("invalid_type_code");
        (await response.FieldErrorAsync("nameZh")).ShouldBe("required");
        var again = await admin.PostAsync("/api/v1/cmdb/types", new
        {
            code = "good-code", nameZh = "", nameEn = "x", layer = "moon",
            attributeSchema = new object[] { new { name = "1st", type = "colour" }, new { name = "kind", type = "enum" } },
        });
        (await again.FieldErrorAsync("nameZh")).ShouldBe("required");
        (await again.FieldErrorAsync("layer")).ShouldBe("invalid_layer");
        (await again.FieldErrorAsync("attributeSchema[0].name")).ShouldBe("invalid_attribute_name");
        (await again.FieldErrorAsync("attributeSchema[0].type")).ShouldBe("invalid_attribute_type");
        (await again.FieldErrorAsync("attributeSchema[1].values")).ShouldBe("enum_values_required");
    }

    [Fact]
    public async Task Engineer_EditsCisButNotTheModel_ReadOnlyEditsNothing()
    {
        var (engineer, _) = await _host.UserAsync("eng.model", "engineer");
        (await engineer.PostAsync("/api/v1/cmdb/types", new { code = "x-type", nameZh = "x", nameEn = "x", layer = "support" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await engineer.CiAsync("vendor", "vendor-x", "某厂商");
        var (reader, _) = await _host.UserAsync("reader.model", "readonly");
        (await reader.PostAsync("/api/v1/cmdb/cis", new { type = "vendor", code = "v2", name = "y" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await reader.GetAsync("/api/v1/cmdb/cis?type=vendor")).JsonAsync()).GetProperty("total").GetInt64().ShouldBe(1);
    }
}
