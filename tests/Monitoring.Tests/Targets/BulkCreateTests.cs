using System.Net;
using HospitalOps.Tests.Support;

namespace HospitalOps.Monitoring.Tests.Targets;

public sealed class BulkCreateTests
{
    [Fact]
    public async Task EveryLinuxServerOfHis_GetsATarget_AndServersWithoutAnAddressAreSkipped()
    {
        await using var host = await TestHost.StartAsync(MonitoringApi.Manual);
        var admin = await host.AdminAsync();
        var his = await admin.CiAsync("business", "HIS", "医院信息系统", new { level = "1" });
        var emr = await admin.CiAsync("business", "EMR", "电子病历", new { level = "1" });
        var app1 = await admin.CiAsync("os-instance", "his-app-01", "HIS 应用 01", new { os = "linux", ip = "10.1.0.11" });
        var app2 = await admin.CiAsync("os-instance", "his-app-02", "HIS 应用 02", new { os = "linux" });
        var win = await admin.CiAsync("os-instance", "his-win-01", "HIS 前置机", new { os = "windows", ip = "10.1.0.21" });
        var emrApp = await admin.CiAsync("os-instance", "emr-app-01", "EMR 应用 01", new { os = "linux", ip = "10.2.0.11" });
        foreach (var (source, target) in new[] { (his, app1), (his, app2), (his, win), (emr, emrApp) })
        {
            (await admin.PostAsync("/api/v1/cmdb/relations", new { type = "depends-on", sourceId = source, targetId = target })).EnsureSuccessStatusCode();
        }

        var request = new
        {
            selector = new { type = "os-instance", businessId = his, attributes = new { os = "linux" } },
            template = new { kind = "prometheus", address = "http://{attr.ip}:9100/metrics", name = "{name} node", intervalSeconds = 15 },
            dryRun = true,
        };
        var preview = await (await admin.PostAsync("/api/v1/monitoring/targets/bulk", request)).JsonAsync();
        preview.GetProperty("created").GetArrayLength().ShouldBe(1);
        preview.GetProperty("skipped")[0].GetProperty("ciId").GetInt64().ShouldBe(app2);
        preview.GetProperty("skipped")[0].GetProperty("reason").GetString().ShouldBe("missing_attribute");
        (await (await admin.GetAsync("/api/v1/monitoring/targets")).JsonAsync()).GetProperty("total").GetInt64().ShouldBe(0);

        var done = await (await admin.PostAsync("/api/v1/monitoring/targets/bulk", new { request.selector, request.template, dryRun = false })).JsonAsync();

        var created = done.GetProperty("created")[0];
        created.GetProperty("ciId").GetInt64().ShouldBe(app1);
        created.GetProperty("address").GetString().ShouldBe("http://10.1.0.11:9100/metrics");
        var targets = await (await admin.GetAsync("/api/v1/monitoring/targets")).JsonAsync();
        targets.GetProperty("total").GetInt64().ShouldBe(1);
        targets.GetProperty("items")[0].GetProperty("name").GetString().ShouldBe("HIS 应用 01 node");
        targets.GetProperty("items")[0].GetProperty("intervalSeconds").GetDouble().ShouldBe(15);
    }

    [Fact]
    public async Task BadTemplate_IsRefusedOnceAndCreatesNothing()
    {
        await using var host = await TestHost.StartAsync(MonitoringApi.Manual);
        var admin = await host.AdminAsync();
        await admin.CiAsync("modality", "ct-01", "CT 01", new { ip = "10.5.0.1" });

        var response = await admin.PostAsync("/api/v1/monitoring/targets/bulk", new
        {
            selector = new { type = "modality" },
            template = new { kind = "dicom", address = "{attr.ip}:104", settings = new { calledAe = "A VERY LONG AE TITLE" } },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.FieldErrorAsync("settings.calledAe")).ShouldBe("invalid_ae_title");
        (await (await admin.GetAsync("/api/v1/monitoring/targets")).JsonAsync()).GetProperty("total").GetInt64().ShouldBe(0);
    }
}
