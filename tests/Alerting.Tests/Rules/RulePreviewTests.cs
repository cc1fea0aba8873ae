using System.Net;
using System.Text.Json;
using HospitalOps.Tests.Support;

namespace HospitalOps.Alerting.Tests.Rules;

/// <summary>"When would this rule have fired?" over history collected minute by minute from a scraped exporter.</summary>
public sealed class RulePreviewTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> Settings = new(MonitoringApi.Manual) { ["Alerting:EvaluationEnabled"] = "false" };

    /// <summary>Disk usage, one value a minute: above 85 for five minutes, below for five, above again, below again.</summary>
    private static readonly double[] Minutes = [90, 90, 90, 90, 90, 70, 70, 70, 70, 70, 95, 95, 95, 95, 95, 70, 70, 70, 70, 70];

    private TestHost _host = null!;
    private FakeExporter _exporter = null!;
    private ApiClient _admin = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(Settings);
        _exporter = await FakeExporter.StartAsync();
        _admin = await _host.AdminAsync();
        var ci = await _admin.CiAsync("os-instance", "his-db-01", "HIS 数据库服务器", new { os = "linux" });
        var target = (await _admin.TargetAsync(new { ciId = ci, kind = "prometheus", name = "his-db-01 node", address = _exporter.Url, settings = new { } })).GetProperty("id").GetInt64();
        for (var i = 0; i < Minutes.Length; i++)
        {
            if (i > 0)
            {
                _host.Clock.Advance(TimeSpan.FromMinutes(1));
            }

            _exporter.Serve($"disk_used_pct{{mountpoint=\"/u01\"}} {Minutes[i]}\n");
            await _admin.CollectAsync(target);
        }
    }

    public async Task DisposeAsync()
    {
        await _exporter.DisposeAsync();
        await _host.DisposeAsync();
    }

    private async Task<JsonElement> PreviewAsync(object draft)
    {
        var response = await _admin.PostAsync("/api/v1/alerting/rules/preview", draft);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    [Fact]
    public async Task Preview_CountsTheDuration_AndEndsEachFiringWhenTheConditionStops()
    {
        var result = await PreviewAsync(new { expr = "disk_used_pct > 85", forSeconds = 120, intervalSeconds = 60, days = 1 });

        result.GetProperty("stepSeconds").GetInt64().ShouldBe(60);
        result.GetProperty("alerts").GetInt32().ShouldBe(1);
        result.GetProperty("firings").GetInt32().ShouldBe(2);
        var alert = result.GetProperty("items")[0];
        alert.GetProperty("labels").GetProperty("ci").GetString().ShouldBe("his-db-01");
        var firings = alert.GetProperty("firings").EnumerateArray().ToList();

        // Pending for two minutes of each five above the threshold, then firing for three, ended by the first low value.
        firings.Select(f => f.GetProperty("peak").GetDouble()).ShouldBe([90, 95]);
        foreach (var firing in firings)
        {
            (firing.GetProperty("end").GetDateTimeOffset() - firing.GetProperty("start").GetDateTimeOffset()).ShouldBe(TimeSpan.FromMinutes(3));
        }

        (firings[1].GetProperty("start").GetDateTimeOffset() - firings[0].GetProperty("start").GetDateTimeOffset()).ShouldBe(TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task Preview_WithARecoveryCondition_HoldsTheFiringThroughTheDip_AndReportsItStillFiring()
    {
        var result = await PreviewAsync(new { expr = "disk_used_pct > 85", forSeconds = 120, recoverExpr = "disk_used_pct < 60", intervalSeconds = 60, days = 1 });

        result.GetProperty("firings").GetInt32().ShouldBe(1);
        var firing = result.GetProperty("items")[0].GetProperty("firings")[0];
        firing.GetProperty("end").ValueKind.ShouldBe(JsonValueKind.Null);
        firing.GetProperty("peak").GetDouble().ShouldBe(95);
    }

    [Fact]
    public async Task Preview_OutsideTheScope_FindsNothing_AndBadDraftsAreRefused()
    {
        var scoped = await PreviewAsync(new { expr = "disk_used_pct > 85", scope = new { type = "modality" }, days = 1 });
        scoped.GetProperty("firings").GetInt32().ShouldBe(0);
        scoped.GetProperty("items").GetArrayLength().ShouldBe(0);

        var tooLong = await _admin.PostAsync("/api/v1/alerting/rules/preview", new { expr = "up == 0", days = 8 });
        tooLong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await tooLong.FieldErrorAsync("days")).ShouldBe("invalid_preview_days");

        var bad = await _admin.PostAsync("/api/v1/alerting/rules/preview", new { expr = "rate(up)" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.FieldErrorAsync("expr")).ShouldBe("invalid_promql");
    }
}
