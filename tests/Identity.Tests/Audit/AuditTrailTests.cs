using System.Net;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Tests.Support;

namespace HospitalOps.Identity.Tests.Audit;

public sealed class AuditTrailTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task LoginsWritesAndDenials_AreRecorded_AndOnlyAuditorsReadThem()
    {
        var admin = await _host.AdminAsync();
        await _host.Client().LoginAsync("admin", "Wrong#Password1");
        var (engineer, _) = await _host.UserAsync("eng.audit", "engineer");
        await engineer.GetAsync("/api/v1/users");
        (await admin.GetAsync("/api/v1/audit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var (auditor, _) = await _host.UserAsync("auditor.one", "auditor");
        var page = await (await auditor.GetAsync("/api/v1/audit?pageSize=200")).JsonAsync();
        var records = page.GetProperty("items").EnumerateArray().ToList();
        bool Has(string action, string result, string? user = null) => records.Any(r =>
            r.GetProperty("action").GetString() == action && r.GetProperty("result").GetString() == result
            && (user is null || r.GetProperty("userName").GetString() == user));
        Has("auth.login", "success", "admin").ShouldBeTrue();
        Has("auth.login", "failure", "admin").ShouldBeTrue();
        Has("user.create", "success", "admin").ShouldBeTrue();
        Has("user.change_password", "success").ShouldBeTrue();
        Has("authorize", "denied", "eng.audit").ShouldBeTrue();
        Has("authorize", "denied", "admin").ShouldBeTrue();
        records.ShouldAllBe(r => r.GetProperty("sourceIp").GetString() == null || r.GetProperty("sourceIp").GetString()!.Length > 0);
        records.ShouldNotContain(r => (r.GetProperty("summary").GetString() ?? string.Empty).Contains(TestHost.UserPassword));

        var filtered = await (await auditor.GetAsync("/api/v1/audit?userName=eng.audit&result=denied")).JsonAsync();
        filtered.GetProperty("items").EnumerateArray().ShouldAllBe(r => r.GetProperty("userName").GetString() == "eng.audit" && r.GetProperty("result").GetString() == "denied");
        filtered.GetProperty("total").GetInt64().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Export_IsCsvWithHeaderAndRecords()
    {
        var (auditor, _) = await _host.UserAsync("auditor.csv", "auditor");
        var response = await auditor.GetAsync("/api/v1/audit/export.csv?action=auth.");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("seq,time_utc,user_id,user_name");
        lines.Skip(1).ShouldAllBe(l => l.Contains(",auth."));
        lines.Length.ShouldBeGreaterThan(2);
    }

    [Fact]
    public async Task Verify_IntactChain_IsOk()
    {
        var (auditor, _) = await _host.UserAsync("auditor.ok", "auditor");
        var result = await (await auditor.GetAsync("/api/v1/audit/verify")).JsonAsync();
        result.GetProperty("ok").GetBoolean().ShouldBeTrue();
        result.GetProperty("checked").GetInt64().ShouldBeGreaterThan(3);
    }

    [Fact]
    public async Task AuditRows_CannotBeUpdatedOrDeletedThroughTheDatabase()
    {
        await _host.AdminAsync();
        await using var connection = await _host.Databases.Config.OpenAsync();
        await Should.ThrowAsync<Exception>(() => connection.ExecuteAsync("UPDATE audit_log SET result = 'success' WHERE seq = 1"));
        await Should.ThrowAsync<Exception>(() => connection.ExecuteAsync("DELETE FROM audit_log WHERE seq = 1"));
    }

    [Fact]
    public async Task Verify_OneTamperedRow_ReportsThatRow()
    {
        var (auditor, _) = await _host.UserAsync("auditor.tamper", "auditor");
        await AuditTamper.ChangeSummaryAsync(_host.Databases.Config, seq: 3, "nothing to see");
        var result = await (await auditor.GetAsync("/api/v1/audit/verify")).JsonAsync();
        result.GetProperty("ok").GetBoolean().ShouldBeFalse();
        result.GetProperty("firstBrokenSeq").GetInt64().ShouldBe(3);
        result.GetProperty("reasonCode").GetString().ShouldBe("audit_record_altered");
        result.GetProperty("reason").GetString()!.ShouldContain("篡改");
    }

    [Fact]
    public async Task Verify_DeletedRow_ReportsTheGap()
    {
        var (auditor, _) = await _host.UserAsync("auditor.gap", "auditor");
        await AuditTamper.DeleteAsync(_host.Databases.Config, seq: 2);
        var result = await (await auditor.GetAsync("/api/v1/audit/verify")).JsonAsync();
        result.GetProperty("ok").GetBoolean().ShouldBeFalse();
        result.GetProperty("firstBrokenSeq").GetInt64().ShouldBe(2);
        result.GetProperty("reasonCode").GetString().ShouldBe("audit_record_missing");
    }
}

/// <summary>What an attacker with database access would do: switch off the guard triggers and edit.</summary>
public static class AuditTamper
{
    public static async Task ChangeSummaryAsync(Database database, long seq, string summary) =>
        await RunUnguardedAsync(database, "UPDATE audit_log SET summary = @summary WHERE seq = @seq", new { seq, summary });

    public static async Task DeleteAsync(Database database, long seq) =>
        await RunUnguardedAsync(database, "DELETE FROM audit_log WHERE seq = @seq", new { seq });

    private static async Task RunUnguardedAsync(Database database, string sql, object args)
    {
        await using var connection = await database.OpenAsync();
        if (database.Engine == DatabaseEngine.Sqlite)
        {
            await connection.ExecuteAsync("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;");
            await connection.ExecuteAsync(sql, args);
        }
        else
        {
            await connection.ExecuteAsync("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change");
            await connection.ExecuteAsync(sql, args);
        }
    }
}
