using System.Net;
using System.Net.Sockets;
using HospitalOps.Tests.Support;

namespace HospitalOps.Monitoring.Tests.Ingest;

/// <summary>Each kind of target collected through the API and stored, against its real peer where one runs here.</summary>
public sealed class CollectorKindsTests
{
    private static async Task<(TestHost Host, ApiClient Admin, long Ci)> StartAsync(string type = "os-instance")
    {
        var host = await TestHost.StartAsync(MonitoringApi.Manual);
        var admin = await host.AdminAsync();
        var ci = await admin.CiAsync(type, "ci-" + Guid.NewGuid().ToString("N")[..8], "被监控对象");
        return (host, admin, ci);
    }

    private static async Task<(System.Text.Json.JsonElement Outcome, List<System.Text.Json.JsonElement> Latest)> CollectAsync(ApiClient admin, object target)
    {
        var id = (await admin.TargetAsync(target)).GetProperty("id").GetInt64();
        var outcome = await admin.CollectAsync(id);
        return (outcome, await admin.LatestAsync(id));
    }

    [Fact]
    public async Task Tcp_OpenAndClosedPorts_AreUpAndDownWithTheReason()
    {
        var (host, admin, ci) = await StartAsync();
        await using var _ = host;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var open = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var listening = new TcpListener(IPAddress.Loopback, open);
        listening.Start();

        var (up, upLatest) = await CollectAsync(admin, new { ciId = ci, kind = "tcp", name = "open", address = $"127.0.0.1:{open}" });
        up.GetProperty("success").GetBoolean().ShouldBeTrue();
        upLatest.Find("probe_success")!.Value.GetProperty("value").GetDouble().ShouldBe(1);
        upLatest.Find("probe_tcp_connect_seconds").ShouldNotBeNull();

        listening.Stop();
        var (down, downLatest) = await CollectAsync(admin, new { ciId = ci, kind = "tcp", name = "closed", address = $"127.0.0.1:{open}" });
        down.GetProperty("errorCode").GetString().ShouldBe("monitoring.probe.connection_refused");
        downLatest.Find("probe_success")!.Value.GetProperty("value").GetDouble().ShouldBe(0);
        downLatest.Find("up")!.Value.GetProperty("value").GetDouble().ShouldBe(0);
    }

    [Fact]
    public async Task Http_BodyMismatch_IsDownWithTheReason()
    {
        var (host, admin, ci) = await StartAsync("application");
        await using var _ = host;
        await using var site = await FakeExporter.StartAsync();
        site.Serve("<html>HIS 登录</html>", "text/html; charset=utf-8");

        var (ok, _) = await CollectAsync(admin, new { ciId = ci, kind = "http", name = "his web", address = site.Url, settings = new { bodyRegex = "HIS 登录" } });
        ok.GetProperty("success").GetBoolean().ShouldBeTrue();
        var (bad, latest) = await CollectAsync(admin, new { ciId = ci, kind = "http", name = "his web 2", address = site.Url, settings = new { bodyRegex = "EMR" } });
        bad.GetProperty("errorCode").GetString().ShouldBe("monitoring.probe.body_mismatch");
        latest.Find("probe_http_status_code")!.Value.GetProperty("value").GetDouble().ShouldBe(200);
    }

    [RequiresEnvironmentFact("HOSPITALOPS_TEST_DICOM_STRICT")]
    public async Task Dicom_EchoAndRejectedAssociation_AgainstDcmtk()
    {
        var (host, admin, ci) = await StartAsync("modality");
        await using var _ = host;
        var parts = Environment.GetEnvironmentVariable("HOSPITALOPS_TEST_DICOM_STRICT")!.Split(':');

        var (ok, okLatest) = await CollectAsync(admin, new { ciId = ci, kind = "dicom", name = "pacs", address = $"{parts[0]}:{parts[1]}", settings = new { calledAe = parts[2] } });
        ok.GetProperty("success").GetBoolean().ShouldBeTrue();
        okLatest.Find("dicom_echo_success")!.Value.GetProperty("value").GetDouble().ShouldBe(1);

        var (rejected, latest) = await CollectAsync(admin, new { ciId = ci, kind = "dicom", name = "pacs wrong ae", address = $"{parts[0]}:{parts[1]}", settings = new { calledAe = "NOT_PACS" } });
        rejected.GetProperty("errorCode").GetString().ShouldBe("monitoring.dicom.rejected");
        rejected.GetProperty("error").GetString()!.ShouldContain("called AE title not recognized");
        latest.Find("dicom_association_accepted")!.Value.GetProperty("value").GetDouble().ShouldBe(0);
    }

    [RequiresEnvironmentFact("HOSPITALOPS_TEST_SNMP")]
    public async Task Snmp_InterfacesAndSystem_AgainstSnmpd()
    {
        var (host, admin, ci) = await StartAsync("network-device");
        await using var _ = host;
        var parts = Environment.GetEnvironmentVariable("HOSPITALOPS_TEST_SNMP")!.Split(':');

        var (outcome, latest) = await CollectAsync(admin, new { ciId = ci, kind = "snmp", name = "core switch", address = $"{parts[0]}:{parts[1]}", secrets = new { community = parts[2] } });

        outcome.GetProperty("success").GetBoolean().ShouldBeTrue();
        latest.Find("snmp_system_info", ("sys_name", "hops-snmp-peer")).ShouldNotBeNull();
        latest.Find("snmp_if_oper_status", ("if_name", "lo"))!.Value.GetProperty("value").GetDouble().ShouldBe(1);
    }

    [RequiresEnvironmentFact("HOSPITALOPS_TEST_NTP")]
    public async Task Ntp_OffsetAgainstChrony()
    {
        var (host, admin, ci) = await StartAsync();
        await using var _ = host;

        var (outcome, latest) = await CollectAsync(admin, new { ciId = ci, kind = "ntp", name = "clock", address = Environment.GetEnvironmentVariable("HOSPITALOPS_TEST_NTP")! });

        outcome.GetProperty("success").GetBoolean().ShouldBeTrue();
        latest.Find("ntp_stratum")!.Value.GetProperty("value").GetDouble().ShouldBe(8);
        latest.Find("ntp_offset_seconds").ShouldNotBeNull();
    }
}
