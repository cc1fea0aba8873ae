using System.Data.Common;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Dapper;
using HospitalOps.Cmdb.Cis;
using HospitalOps.Cmdb.Relations;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Demo;
using HospitalOps.Kernel.Security;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Cmdb.Demo;

/// <summary>
/// The demo hospital below its business systems: applications on VMs of a four-host
/// virtualisation cluster (three needed), databases (Caché mirror for HIS with a hot standby,
/// Oracle RAC for EMR, SQL Server for PACS and for LIS with a cold standby, MySQL + MongoDB for
/// follow-up, PostgreSQL for the integration platform), middleware, the interfaces between
/// systems (HIS→LIS orders, LIS→EMR results, HIS→PACS orders, modalities → PACS over DICOM),
/// two storage arrays, stacked core and access switches, zones, vendors and maintainers. A few
/// single points of failure are left in on purpose: the main storage array, the PACS database
/// server, the imaging storage, the DMZ firewall and the radiology access switch.
/// Everything goes through the same validated write path as the API, in one transaction.
/// </summary>
internal sealed class HospitalCmdbDemo(Databases databases, IServiceScopeFactory scopes) : IDemoData
{
    public int Order => 30;

    /// <summary>Which database each business system's application uses (default: the shared SQL Server).</summary>
    private static readonly Dictionary<string, string> DatabaseOf = new(StringComparer.Ordinal)
    {
        ["his-outpatient"] = "db-his", ["his-inpatient"] = "db-his", ["emergency"] = "db-his", ["pivas"] = "db-his", ["infusion-center"] = "db-his",
        ["emr"] = "db-emr", ["nursing"] = "db-emr", ["clinical-pathway"] = "db-emr", ["mdt"] = "db-emr",
        ["lis"] = "db-lis", ["blood-bank"] = "db-lis", ["reagent"] = "db-lis",
        ["pacs-ris"] = "db-pacs", ["nuclear-medicine"] = "db-pacs", ["imaging-call"] = "db-pacs",
        ["follow-up"] = "db-followup",
        ["integration"] = "db-integration", ["president-query"] = "db-integration",
        ["appointment"] = "db-mysql", ["e-invoice"] = "db-mysql", ["hemodialysis"] = "db-mysql", ["adverse-events"] = "db-mysql", ["archives"] = "db-mysql",
        ["exam"] = "db-mysql", ["transport"] = "db-mysql", ["trainee"] = "db-mysql", ["pharmacovigilance"] = "db-mysql", ["clinical-trial"] = "db-mysql", ["finance-wechat"] = "db-mysql",
        ["insurance"] = "db-oracle-misc", ["hrp"] = "db-oracle-misc", ["medical-insurance-claims"] = "db-oracle-misc",
        ["oa"] = "db-dm", ["materials"] = "db-kingbase", ["high-value-consumables"] = "db-kingbase",
    };

    public async Task LoadAsync(CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cmdb_cis WHERE code = 'storage-main'") > 0)
        {
            return;
        }

        using var scope = scopes.CreateScope();
        var builder = new Builder(connection, scope.ServiceProvider.GetRequiredService<SaveCi>(), scope.ServiceProvider.GetRequiredService<SaveRelation>(), ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        builder.Transaction = tx;
        await BuildAsync(builder);
        await tx.CommitAsync(ct);
    }

    private static async Task BuildAsync(Builder b)
    {
        // Network zones and the network.
        var zoneCore = await b.Ci("network-zone", "zone-core", "核心业务区", new { cidr = "10.10.0.0/16", purpose = "应用服务器与虚拟化" });
        var zoneDb = await b.Ci("network-zone", "zone-db", "数据库区", new { cidr = "10.20.0.0/16", purpose = "数据库服务器" });
        var zoneDmz = await b.Ci("network-zone", "zone-dmz", "DMZ 区", new { cidr = "172.16.0.0/16", purpose = "互联网服务、随访语音网关" });
        var zoneImaging = await b.Ci("network-zone", "zone-imaging", "影像设备区", new { cidr = "10.30.0.0/16", purpose = "CT、MR、DR、超声等设备" });
        var coreStack = await b.Ci("cluster", "core-switch-stack", "核心交换机堆叠", new { minMembers = 1, product = "双核心堆叠" });
        foreach (var i in new[] { 1, 2 })
        {
            var sw = await b.Ci("network-device", $"core-sw-{i}", $"核心交换机 {i}", new { kind = "core-switch", model = "CE12808", managementIp = $"10.0.0.{i}" });
            await b.Rel("member-of", sw, coreStack);
            await b.Rel("located-in", sw, zoneCore);
        }

        var dcAccess = await b.Ci("cluster", "dc-access-stack", "机房接入交换机堆叠", new { minMembers = 1 });
        foreach (var i in new[] { 1, 2 })
        {
            var sw = await b.Ci("network-device", $"dc-access-sw-{i}", $"机房接入交换机 {i}", new { kind = "access-switch", model = "S6730", managementIp = $"10.0.1.{i}" });
            await b.Rel("member-of", sw, dcAccess);
            await b.Rel("connects-to", sw, coreStack);
        }

        var radiologySwitch = await b.Ci("network-device", "access-sw-radiology", "放射科接入交换机", new { kind = "access-switch", model = "S5735", managementIp = "10.0.2.1" });
        await b.Rel("connects-to", radiologySwitch, coreStack);
        var firewall = await b.Ci("network-device", "fw-dmz", "DMZ 防火墙", new { kind = "firewall", model = "USG6650", managementIp = "10.0.3.1" });
        await b.Rel("connects-to", firewall, coreStack);

        // Storage.
        var storageMain = await b.Ci("storage-system", "storage-main", "主存储阵列（HIS/EMR/LIS/虚拟化）", new { vendor = "华为", model = "OceanStor 5500", capacityTb = 120 });
        var storageImaging = await b.Ci("storage-system", "storage-imaging", "影像存储阵列（PACS）", new { vendor = "浪潮", model = "AS5600", capacityTb = 400 });
        await b.Rel("connects-to", storageMain, dcAccess);
        await b.Rel("connects-to", storageImaging, dcAccess);

        // Virtualisation: four hosts, three needed.
        var vcluster = await b.Ci("cluster", "vcluster-core", "虚拟化集群（核心业务）", new { minMembers = 3, product = "VMware vSphere 7" });
        for (var i = 1; i <= 4; i++)
        {
            var server = await b.Ci("physical-server", $"srv-esxi-{i:00}", $"虚拟化服务器 {i}", new { vendor = "华为", model = "2288H V5", serial = $"ESXI-SN-{i:0000}", rack = $"A0{i}", managementIp = $"10.0.10.{i}" });
            var host = await b.Ci("hypervisor-host", $"esxi-{i:00}", $"ESXi 宿主机 {i}", new { product = "ESXi 7.0", managementIp = $"10.10.0.{i}" });
            await b.Rel("runs-on", host, server);
            await b.Rel("member-of", host, vcluster);
            await b.Rel("connects-to", server, dcAccess);
            await b.Rel("hosted-on", host, storageMain);
            await b.Rel("located-in", server, zoneCore);
        }

        // Databases.
        async Task<long> DbServer(string code, string name, long storage)
        {
            var server = await b.Ci("physical-server", code, name, new { vendor = "华为", model = "2488H V6", serial = code.ToUpperInvariant() + "-SN", rack = "B01" });
            await b.Rel("connects-to", server, dcAccess);
            await b.Rel("hosted-on", server, storage);
            await b.Rel("located-in", server, zoneDb);
            return server;
        }

        var dbs = new Dictionary<string, long>(StringComparer.Ordinal);
        var hisPrimary = await b.Ci("database", "db-his", "HIS 数据库（Caché 镜像主机）", new { engine = "cache-iris", version = "2018.1", port = 1972 });
        var hisMirror = await b.Ci("database", "db-his-mirror", "HIS 数据库（Caché 镜像备机）", new { engine = "cache-iris", version = "2018.1", port = 1972 });
        await b.Rel("runs-on", hisPrimary, await DbServer("srv-his-db-1", "HIS 数据库服务器 1", storageMain));
        await b.Rel("runs-on", hisMirror, await DbServer("srv-his-db-2", "HIS 数据库服务器 2", storageMain));
        await b.Rel("backs-up", hisMirror, hisPrimary, new { mode = "hot" });
        dbs["db-his"] = hisPrimary;

        var rac = await b.Ci("cluster", "rac-emr", "EMR Oracle RAC 集群", new { minMembers = 1, product = "Oracle RAC 19c" });
        foreach (var i in new[] { 1, 2 })
        {
            var node = await b.Ci("os-instance", $"rac-node-{i}", $"RAC 节点 {i}", new { os = "linux", version = "Oracle Linux 7.9", hostname = $"emrdb{i}", ip = $"10.20.0.{10 + i}" });
            await b.Rel("runs-on", node, await DbServer($"srv-emr-rac-{i}", $"EMR RAC 服务器 {i}", storageMain));
            await b.Rel("member-of", node, rac);
        }

        dbs["db-emr"] = await b.Ci("database", "db-emr", "EMR 数据库（Oracle RAC）", new { engine = "oracle", version = "19c", port = 1521 });
        await b.Rel("runs-on", dbs["db-emr"], rac);

        var lis = await b.Ci("database", "db-lis", "LIS 数据库（SQL Server 主库）", new { engine = "sqlserver", version = "2016", port = 1433 });
        var lisStandby = await b.Ci("database", "db-lis-standby", "LIS 数据库（日志传送备库）", new { engine = "sqlserver", version = "2016", port = 1433 });
        await b.Rel("runs-on", lis, await DbServer("srv-lis-db-1", "LIS 数据库服务器 1", storageMain));
        await b.Rel("runs-on", lisStandby, await DbServer("srv-lis-db-2", "LIS 数据库服务器 2", storageMain));
        await b.Rel("backs-up", lisStandby, lis, new { mode = "cold" });
        dbs["db-lis"] = lis;

        dbs["db-pacs"] = await b.Ci("database", "db-pacs", "PACS 数据库（SQL Server）", new { engine = "sqlserver", version = "2019", port = 1433 });
        await b.Rel("runs-on", dbs["db-pacs"], await DbServer("srv-pacs-db", "PACS 数据库服务器", storageImaging));

        async Task<long> VmDb(string code, string name, object attributes, string? standbyMode = null)
        {
            var vm = await Vm(b, "vm-" + code, name + " 虚拟机", vcluster, storageMain, zoneDb);
            var db = await b.Ci("database", code, name, attributes);
            await b.Rel("runs-on", db, vm);
            if (standbyMode is not null)
            {
                var standbyVm = await Vm(b, "vm-" + code + "-standby", name + " 备库虚拟机", vcluster, storageMain, zoneDb);
                var standby = await b.Ci("database", code + "-standby", name + "（备库）", attributes);
                await b.Rel("runs-on", standby, standbyVm);
                await b.Rel("backs-up", standby, db, new { mode = standbyMode });
            }

            return db;
        }

        dbs["db-shared-sql"] = await VmDb("db-shared-sql", "共享 SQL Server 实例", new { engine = "sqlserver", version = "2017" }, "cold");
        dbs["db-mysql"] = await VmDb("db-mysql", "共享 MySQL 主库", new { engine = "mysql", version = "8.0" }, "hot");
        dbs["db-followup"] = await VmDb("db-followup", "随访 MySQL + MongoDB", new { engine = "mysql", version = "5.7" });
        dbs["db-integration"] = await VmDb("db-integration", "集成平台 PostgreSQL", new { engine = "postgresql", version = "15" }, "hot");
        dbs["db-oracle-misc"] = await VmDb("db-oracle-misc", "医保/HRP Oracle", new { engine = "oracle", version = "12c" });
        dbs["db-dm"] = await VmDb("db-dm", "OA 达梦数据库", new { engine = "dm", version = "DM8" });
        dbs["db-kingbase"] = await VmDb("db-kingbase", "物资人大金仓数据库", new { engine = "kingbase", version = "V8" });

        // Applications, one per business system, on their own VMs.
        var businesses = (await b.Connection.QueryAsync<(long Id, string Code, string Name)>(
            "SELECT id, code, name FROM cmdb_cis WHERE type_code = 'business' ORDER BY id", transaction: b.Transaction)).ToList();
        var apps = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (businessId, code, name) in businesses)
        {
            var zone = code is "follow-up" or "finance-wechat" or "appointment" ? zoneDmz : zoneCore;
            var vm = await Vm(b, "vm-" + code, ShortName(name) + " 应用服务器", vcluster, storageMain, zone);
            var app = await b.Ci("application", "app-" + code, ShortName(name) + " 应用", new { version = "V5.2" });
            await b.Rel("runs-on", app, vm);
            await b.Rel("accesses", app, dbs[DatabaseOf.GetValueOrDefault(code, "db-shared-sql")]);
            await b.Rel("composed-of", businessId, app);
            if (zone == zoneDmz)
            {
                await b.Rel("connects-to", vm, firewall);
            }

            apps[code] = app;
        }

        // Middleware under the big web applications.
        foreach (var (code, product, name) in new[] { ("emr", "weblogic", "EMR WebLogic"), ("his-outpatient", "tomcat", "门诊 Tomcat"), ("pacs-ris", "iis", "PACS Web IIS") })
        {
            var mw = await b.Ci("middleware", "mw-" + code, name, new { product, version = product == "weblogic" ? "12.2.1" : "9.0", port = 8080 });
            await b.Rel("runs-on", mw, await b.Id("vm-" + code));
            await b.Rel("uses", apps[code], mw);
        }

        // Interfaces between the systems.
        async Task Interface(string code, string name, string protocol, string endpoint, string provider, params string[] consumers)
        {
            var i = await b.Ci("interface", code, name, new { protocol, endpoint });
            await b.Rel("provides", apps[provider], i);
            foreach (var consumer in consumers)
            {
                await b.Rel("consumes", apps[consumer], i);
            }
        }

        await Interface("if-his-lis-orders", "HIS→LIS 检验申请（HL7 ORM）", "hl7v2-mllp", "10.10.5.20:6661", "his-inpatient", "lis");
        await Interface("if-lis-emr-results", "LIS→EMR 检验结果（HL7 ORU）", "hl7v2-mllp", "10.10.5.21:6662", "lis", "emr");
        await Interface("if-his-pacs-orders", "HIS→RIS 检查申请（HL7 ORM）", "hl7v2-mllp", "10.10.5.22:6663", "his-outpatient", "pacs-ris");
        await Interface("if-pacs-emr-reports", "PACS→EMR 影像报告（Web 服务）", "soap", "http://10.10.5.30/ReportService.asmx", "pacs-ris", "emr");
        await Interface("if-insurance", "医保结算接口", "http-rest", "https://10.10.5.40/api/settle", "insurance", "his-outpatient", "his-inpatient");
        await Interface("if-esb-followup", "集成平台→随访 出院患者推送", "message-queue", "amqp://10.10.5.50/discharge", "integration", "follow-up");

        // Modalities send images to PACS over DICOM.
        var dicomStore = await b.Ci("interface", "if-pacs-dicom-store", "PACS DICOM 存储（C-STORE）", new { protocol = "dicom", endpoint = "PACS@10.10.5.31:104" });
        await b.Rel("provides", apps["pacs-ris"], dicomStore);
        foreach (var (code, modality, name, ae, host) in new[] { ("ct-01", "CT", "CT 1（64 排）", "CT01", 11), ("mr-01", "MR", "MR 1（3.0T）", "MR01", 21), ("dr-01", "DR", "DR 1", "DR01", 31), ("us-01", "US", "彩超 1", "US01", 41) })
        {
            var device = await b.Ci("modality", code, name, new { modality, aeTitle = ae, ip = $"10.30.0.{host}", port = 104, department = "radiology" });
            await b.Rel("consumes", device, dicomStore);
            await b.Rel("connects-to", device, radiologySwitch);
            await b.Rel("located-in", device, zoneImaging);
        }

        // Vendors and the people who maintain the systems.
        var vendors = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (code, name, hotline) in new[] { ("vendor-huayi", "华医信息技术服务有限公司", "400-800-1234"), ("vendor-mingying", "明影医疗影像科技", "400-820-5678"), ("vendor-lis", "检验软件厂商", "400-830-0001") })
        {
            vendors[code] = await b.Ci("vendor", code, name, new { hotline });
        }

        foreach (var code in new[] { "his-outpatient", "his-inpatient", "emr", "emergency" })
        {
            await b.Rel("maintains", vendors["vendor-huayi"], apps[code]);
        }

        await b.Rel("maintains", vendors["vendor-mingying"], apps["pacs-ris"]);
        await b.Rel("maintains", vendors["vendor-lis"], apps["lis"]);
        foreach (var (code, name, team, maintained) in new[]
        {
            ("person-chen-hao", "陈浩", "team-his", new[] { "his-outpatient", "his-inpatient" }),
            ("person-zhou-lei", "周磊", "team-imaging", new[] { "pacs-ris" }),
            ("person-sun-li", "孙丽", "team-lab", new[] { "lis", "blood-bank" }),
            ("person-liu-yang", "刘洋", "team-emr", new[] { "emr" }),
        })
        {
            var person = await b.Ci("person", code, name, new { orgUnit = team, userName = code["person-".Length..].Replace('-', '.') });
            foreach (var system in maintained)
            {
                await b.Rel("maintains", person, apps[system]);
            }
        }

        foreach (var (code, name, url, system) in new[]
        {
            ("doc-his-emergency-plan", "HIS 数据库镜像切换应急预案", "/docs/his-mirror-failover.pdf", "his-outpatient"),
            ("doc-pacs-maintenance", "PACS 维保合同与服务级别说明", "/docs/pacs-contract.pdf", "pacs-ris"),
        })
        {
            var doc = await b.Ci("document", code, name, new { url, kind = "预案" });
            await b.Rel("describes", doc, apps[system]);
        }

        var dba = await b.Ci("person", "person-wu-gang", "吴刚（DBA）", new { orgUnit = "team-dba", userName = "wu.gang" });
        foreach (var db in dbs.Values.Distinct())
        {
            await b.Rel("maintains", dba, db);
        }
    }

    private static async Task<long> Vm(Builder b, string code, string name, long cluster, long storage, long zone)
    {
        var vm = await b.Ci("vm", code, name, new { vcpu = 8, memoryGb = 16 });
        await b.Rel("runs-on", vm, cluster);
        await b.Rel("hosted-on", vm, storage);
        await b.Rel("located-in", vm, zone);
        return vm;
    }

    private static string ShortName(string name)
    {
        var cut = name.IndexOfAny(['（', '(']);
        return cut > 0 ? name[..cut].Trim() : name;
    }

    private sealed class Builder(DbConnection connection, SaveCi saveCi, SaveRelation saveRelation, CancellationToken ct)
    {
        private static readonly CurrentUser SystemUser = new(new ClaimsPrincipal());

        public DbConnection Connection { get; } = connection;

        public DbTransaction Transaction { get; set; } = null!;

        public async Task<long> Ci(string type, string code, string name, object? attributes = null)
        {
            var json = attributes is null ? new JsonObject() : (JsonObject)System.Text.Json.JsonSerializer.SerializeToNode(attributes)!;
            var ci = await saveCi.SaveAsync(Connection, Transaction, SystemUser, null, new SaveCiRequest(type, code, name, json, null), ct);
            return ci.Id;
        }

        public Task<long> Id(string code) =>
            Connection.ExecuteScalarAsync<long>("SELECT id FROM cmdb_cis WHERE code = @code", new { code }, Transaction);

        public async Task Rel(string type, long source, long target, object? attributes = null)
        {
            var json = attributes is null ? null : (JsonObject)System.Text.Json.JsonSerializer.SerializeToNode(attributes)!;
            await saveRelation.CreateAsync(Connection, Transaction, SystemUser, new CreateRelationRequest(type, source, target, json), ct);
        }
    }
}
