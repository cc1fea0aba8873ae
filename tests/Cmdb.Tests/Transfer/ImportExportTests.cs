using HospitalOps.Kernel.Files;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using HospitalOps.Cmdb.Transfer;
using HospitalOps.Tests.Support;

namespace HospitalOps.Cmdb.Tests.Transfer;

public sealed class ImportExportTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private ApiClient _engineer = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync();
        (_engineer, _) = await _host.UserAsync("eng.import", "engineer");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<HttpResponseMessage> ImportAsync(string type, byte[] body, string contentType, bool dryRun = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/cmdb/types/{type}/import?dryRun={dryRun.ToString().ToLowerInvariant()}")
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add("X-CSRF-Token", _engineer.Csrf);
        return _engineer.Http.SendAsync(request);
    }

    private async Task<long> CountAsync(string type) =>
        (await (await _engineer.GetAsync($"/api/v1/cmdb/cis?type={type}")).JsonAsync()).GetProperty("total").GetInt64();

    [Fact]
    public async Task Import_OneBadRow_RejectsAllWithRowNumbersAndReasons()
    {
        var csv = "code,name,数据库类型,port\r\ndb-1,EMR 库,oracle,1521\r\ndb-2,LIS 库,sybase,1433\r\ndb-3,,mysql,abc\r\n";
        var response = await ImportAsync("database", Encoding.UTF8.GetBytes(csv), "text/csv");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await response.JsonAsync();
        body.GetProperty("code").GetString().ShouldBe("import_rejected");
        var errors = body.GetProperty("result").GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("field").GetString(), e.GetProperty("code").GetString())).ToList();
        errors.ShouldBe([(3, "engine", "invalid_enum"), (4, "name", "required"), (4, "port", "invalid_number")], ignoreOrder: true);
        (await CountAsync("database")).ShouldBe(0);
    }

    [Fact]
    public async Task Import_DryRun_ReportsButChangesNothing_ThenTheRealImportApplies()
    {
        var csv = "code,name,engine,version\ndb-emr,EMR 库,oracle,19c\ndb-his,HIS 库,cache-iris,2022.1\n";
        var dry = await (await ImportAsync("database", Encoding.UTF8.GetBytes(csv), "text/csv", dryRun: true)).JsonAsync();
        dry.GetProperty("created").GetInt32().ShouldBe(2);
        dry.GetProperty("applied").GetBoolean().ShouldBeFalse();
        (await CountAsync("database")).ShouldBe(0);

        var real = await (await ImportAsync("database", Encoding.UTF8.GetBytes(csv), "text/csv")).JsonAsync();
        real.GetProperty("applied").GetBoolean().ShouldBeTrue();
        (await CountAsync("database")).ShouldBe(2);

        var again = await (await ImportAsync("database", Encoding.UTF8.GetBytes("code,name,version\ndb-emr,EMR 库,21c\n"), "text/csv")).JsonAsync();
        again.GetProperty("updated").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Import_UnknownColumnOrUnreadableFile_IsRejected()
    {
        var unknown = await ImportAsync("database", Encoding.UTF8.GetBytes("code,name,colour\nx,y,red\n"), "text/csv");
        var errors = (await unknown.JsonAsync()).GetProperty("result").GetProperty("errors");
        errors[0].GetProperty("row").GetInt32().ShouldBe(1);
        errors[0].GetProperty("code").GetString().ShouldBe("unknown_column");
        var binary = await ImportAsync("database", [0xff, 0xfe, 0x00, 0x41], "text/csv");
        (await binary.CodeAsync()).ShouldBe("import_unreadable");
        (await ImportAsync("database", Encoding.UTF8.GetBytes("PK garbage"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Export_Xlsx_ReimportsUnchanged()
    {
        await _engineer.CiAsync("database", "db-a", "A 库", new { engine = "oracle", port = 1521, password = "S3cret#x" });
        await _engineer.CiAsync("database", "db-b", "B 库", new { engine = "mysql" });
        var xlsx = await (await _engineer.GetAsync("/api/v1/cmdb/types/database/export?format=xlsx")).Content.ReadAsByteArrayAsync();
        var rows = XlsxTable.Read(new MemoryStream(xlsx));
        rows[0].Values.Take(2).ShouldBe(["code", "name"]);
        rows.Count.ShouldBe(3);
        rows[1].Values.ShouldContain("******");

        var result = await (await ImportAsync("database", xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")).JsonAsync();
        result.GetProperty("updated").GetInt32().ShouldBe(2);
        result.GetProperty("errors").GetArrayLength().ShouldBe(0);

        var csv = await (await _engineer.GetAsync("/api/v1/cmdb/types/database/export?format=csv")).Content.ReadAsStringAsync();
        csv.ShouldContain("db-a,A 库,oracle");
    }
}
