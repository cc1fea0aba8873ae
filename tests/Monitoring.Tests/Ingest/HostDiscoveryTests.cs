using HospitalOps.Tests.Support;

namespace HospitalOps.Monitoring.Tests.Ingest;

public sealed class HostDiscoveryTests
{
    private const string NodeBody = """
        node_uname_info{domainname="(none)",machine="x86_64",nodename="his-app-07",release="4.19.90-52.22.v2207.ky10.x86_64",sysname="Linux",version="#1 SMP"} 1
        node_os_info{id="kylin",name="Kylin Linux Advanced Server",pretty_name="Kylin Linux Advanced Server V10 (Lance)",version_id="V10"} 1
        node_cpu_seconds_total{cpu="0",mode="idle"} 100
        node_cpu_seconds_total{cpu="1",mode="idle"} 100
        node_cpu_seconds_total{cpu="0",mode="user"} 10
        node_memory_MemTotal_bytes 3.4359738368e+10
        node_filesystem_size_bytes{device="/dev/sda2",fstype="xfs",mountpoint="/"} 1.073741824e+11
        node_filesystem_size_bytes{device="tmpfs",fstype="tmpfs",mountpoint="/run"} 1e+09
        node_filesystem_size_bytes{device="/dev/sdb1",fstype="xfs",mountpoint="/data"} 5.36870912e+11
        node_network_address_info{address="10.12.3.7",device="ens192",netmask="24",scope="global"} 1
        """;

    [Fact]
    public async Task NodeExporterTargetWithoutCi_CreatesTheServerCi_AndLinksTheTarget()
    {
        await using var exporter = await FakeExporter.StartAsync();
        exporter.Serve(NodeBody);
        await using var host = await TestHost.StartAsync(MonitoringApi.Manual);
        var admin = await host.AdminAsync();
        var target = (await admin.TargetAsync(new { kind = "prometheus", name = "new server", address = exporter.Url, settings = new { discover = true } })).GetProperty("id").GetInt64();

        await admin.CollectAsync(target);

        var linked = await (await admin.GetAsync($"/api/v1/monitoring/targets/{target}")).JsonAsync();
        var ciId = linked.GetProperty("ciId").GetInt64();
        linked.GetProperty("ciType").GetString().ShouldBe("os-instance");
        var ci = await (await admin.GetAsync($"/api/v1/cmdb/cis/{ciId}")).JsonAsync();
        ci.GetProperty("name").GetString().ShouldBe("his-app-07");
        var attributes = ci.GetProperty("attributes");
        attributes.GetProperty("os").GetString().ShouldBe("kylin");
        attributes.GetProperty("version").GetString().ShouldBe("Kylin Linux Advanced Server V10 (Lance)");
        attributes.GetProperty("kernel").GetString().ShouldBe("4.19.90-52.22.v2207.ky10.x86_64");
        attributes.GetProperty("cpus").GetDouble().ShouldBe(2);
        attributes.GetProperty("memoryGb").GetDouble().ShouldBe(32);
        attributes.GetProperty("fileSystems").GetString().ShouldBe("/ 100G; /data 500G");
        attributes.GetProperty("ip").GetString().ShouldBe("10.12.3.7");
        var history = await (await admin.GetAsync($"/api/v1/cmdb/cis/{ciId}/history")).JsonAsync();
        history.GetProperty("items")[0].GetProperty("userName").GetString().ShouldBe("discovery");
    }

    [Fact]
    public async Task Rediscovery_RecordsOnlyWhatChanged()
    {
        await using var exporter = await FakeExporter.StartAsync();
        exporter.Serve(NodeBody);
        await using var host = await TestHost.StartAsync(MonitoringApi.Manual);
        var admin = await host.AdminAsync();
        var ci = await admin.CiAsync("os-instance", "his-app-07", "HIS 应用 07", new { os = "linux" });
        var target = (await admin.TargetAsync(new { ciId = ci, kind = "prometheus", name = "his-app-07", address = exporter.Url, settings = new { discover = true } })).GetProperty("id").GetInt64();
        await admin.CollectAsync(target);
        var afterFirst = (await (await admin.GetAsync($"/api/v1/cmdb/cis/{ci}")).JsonAsync()).GetProperty("version").GetInt32();

        host.Clock.Advance(TimeSpan.FromMinutes(20));
        await admin.CollectAsync(target);
        host.Clock.Advance(TimeSpan.FromMinutes(20));
        admin = await host.AdminAsync();
        await admin.CollectAsync(target);
        host.Clock.Advance(TimeSpan.FromMinutes(25));
        admin = await host.AdminAsync();
        exporter.Serve(NodeBody.Replace("3.4359738368e+10", "6.8719476736e+10", StringComparison.Ordinal));
        await admin.CollectAsync(target);

        var ciNow = await (await admin.GetAsync($"/api/v1/cmdb/cis/{ci}")).JsonAsync();
        ciNow.GetProperty("attributes").GetProperty("memoryGb").GetDouble().ShouldBe(64);
        ciNow.GetProperty("version").GetInt32().ShouldBe(afterFirst + 1);
        ciNow.GetProperty("name").GetString().ShouldBe("HIS 应用 07");
    }
}
