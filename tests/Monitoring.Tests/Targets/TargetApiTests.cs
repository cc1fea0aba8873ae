using System.Net;
using HospitalOps.Tests.Support;

namespace HospitalOps.Monitoring.Tests.Targets;

public sealed class TargetApiTests
{
    [Fact]
    public async Task Create_WithCiAndSecret_ShowsWhichSecretsAreSetButNeverTheirValues()
    {
        await using var host = await TestHost.StartAsync(MonitoringApi.Manual);
        var admin = await host.AdminAsync();
        var ci = await admin.CiAsync("os-instance", "his-app-01", "HIS 应用服务器 01", new { os = "linux", hostname = "his-app-01" });

        var created = await admin.TargetAsync(new
        {
            ciId = ci, kind = "prometheus", name = "his-app-01 node", address = "http://10.1.2.3:9100/metrics",
            intervalSeconds = 15, labels = new { rack = "A3" }, secrets = new { username = "monitor", password = "S3cret!" },
        });

        created.GetProperty("ciName").GetString().ShouldBe("HIS 应用服务器 01");
        created.GetProperty("intervalSeconds").GetDouble().ShouldBe(15);
        created.GetProperty("timeoutSeconds").GetDouble().ShouldBe(10);
        created.GetProperty("health").GetProperty("state").GetString().ShouldBe("unknown");
        created.GetProperty("secretsSet").EnumerateArray().Select(s => s.GetString()).ShouldBe(["password", "username"]);
        created.ToString().ShouldNotContain("S3cret!");
        var listed = await (await admin.GetAsync("/api/v1/monitoring/targets?kind=prometheus")).JsonAsync();
        listed.GetProperty("total").GetInt64().ShouldBe(1);
        listed.ToString().ShouldNotContain("S3cret!");
    }

    [Fact]
    public async Task Create_BadFields_ReturnsAnErrorPerFieldAndStoresNothing()
    {
        await using var host = await TestHost.StartAsync(MonitoringApi.Manual);
        var admin = await host.AdminAsync();
        var ci = await admin.CiAsync("modality", "ct-01", "CT 01");

        var response = await admin.PostAsync("/api/v1/monitoring/targets", new
        {
            ciId = ci, kind = "dicom", name = "", address = "ct-01", intervalSeconds = 0.2,
            labels = new Dictionary<string, string> { ["ci_id"] = "7", ["bad-name"] = "x" }, settings = new { calledAe = "AN AE TITLE FAR TOO LONG" },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.FieldErrorAsync("name")).ShouldBe("required");
        (await response.FieldErrorAsync("address")).ShouldBe("invalid_host_port");
        (await response.FieldErrorAsync("intervalSeconds")).ShouldBe("invalid_interval");
        (await response.FieldErrorAsync("labels.ci_id")).ShouldBe("automatic_label");
        (await response.FieldErrorAsync("labels.bad-name")).ShouldBe("invalid_label_name");
        (await response.FieldErrorAsync("settings.calledAe")).ShouldBe("invalid_ae_title");
        (await (await admin.GetAsync("/api/v1/monitoring/targets")).JsonAsync()).GetProperty("total").GetInt64().ShouldBe(0);

        var unknownKind = await admin.PostAsync("/api/v1/monitoring/targets", new { ciId = ci, kind = "telnet", name = "x", address = "x" });
        (await unknownKind.FieldErrorAsync("kind")).ShouldBe("unknown_target_kind");
        var noCi = await admin.PostAsync("/api/v1/monitoring/targets", new { kind = "tcp", name = "x", address = "10.0.0.1:22" });
        (await noCi.FieldErrorAsync("ciId")).ShouldBe("required");
    }

    [Fact]
    public async Task Update_WithStaleVersion_IsRefusedAndDeleteRemovesTheTarget()
    {
        await using var host = await TestHost.StartAsync(MonitoringApi.Manual);
        var admin = await host.AdminAsync();
        var ci = await admin.CiAsync("os-instance", "lis-db-01", "LIS DB 01");
        var created = await admin.TargetAsync(new { ciId = ci, kind = "tcp", name = "lis-db-01 1433", address = "10.9.8.7:1433" });
        var id = created.GetProperty("id").GetInt64();

        var first = await admin.PutAsync($"/api/v1/monitoring/targets/{id}", new { ciId = ci, name = "lis-db-01 sqlserver", address = "10.9.8.7:1433", version = 1, enabled = false });
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await first.JsonAsync()).GetProperty("enabled").GetBoolean().ShouldBeFalse();
        var stale = await admin.PutAsync($"/api/v1/monitoring/targets/{id}", new { ciId = ci, name = "other", address = "10.9.8.7:1433", version = 1 });
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);

        (await admin.DeleteAsync($"/api/v1/monitoring/targets/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await admin.GetAsync($"/api/v1/monitoring/targets/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ReadOnlyUser_SeesTargetsButCannotChangeThem()
    {
        await using var host = await TestHost.StartAsync(MonitoringApi.Manual);
        var admin = await host.AdminAsync();
        var ci = await admin.CiAsync("os-instance", "emr-app-01", "EMR APP 01");
        await admin.TargetAsync(new { ciId = ci, kind = "icmp", name = "emr-app-01 ping", address = "10.2.3.4" });
        var (reader, _) = await host.UserAsync("viewer", "readonly");

        (await reader.GetAsync("/api/v1/monitoring/targets")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await reader.PostAsync("/api/v1/monitoring/targets", new { ciId = ci, kind = "icmp", name = "x", address = "10.2.3.5" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
