using System.Net;
using System.Text.Json;
using HospitalOps.Kernel.Files;
using HospitalOps.ServiceDesk.Tests.Tickets;
using HospitalOps.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.ServiceDesk.Tests.Records;

/// <summary>
/// The maintenance records export: the tickets the list's filter selects, every one of them, with their times in Shanghai and
/// each SLA target's allowed and used minutes, result and breach party, read back with the OpenXml SDK.
/// </summary>
public sealed class TicketExportTests : IAsyncLifetime
{
    private TicketDesk _desk = null!;

    public async Task InitializeAsync() => _desk = await TicketDesk.StartAsync();

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    private Task<JsonElement> HisFaultAsync(string title, bool onSite) => _desk.CreateAsync(_desk.Reporter, new
    {
        type = "incident",
        title,
        description = "门诊挂号窗口无法登录 HIS。",
        impact = 1,
        urgency = 1,
        businessSystemId = _desk.His,
        ciIds = new[] { _desk.His },
        fields = new Dictionary<string, string> { ["onSiteRequired"] = onSite ? "true" : "false" },
    });

    /// <summary>
    /// Monday 2026-11-02 (Shanghai), P1 on the 7×24 policy (response 30 min, on site 60 min, fixed in 8 h): the first fault is
    /// answered in 10 min, attended in 45 and fixed in 105, then rated; the second is accepted 40 min after it came in (late, held
    /// against zhangwei) and is still being worked on the next morning, its 8 h long gone (the sweep, as the server's would have,
    /// records that breach). A third fault comes in on Tuesday.
    /// </summary>
    private async Task<(JsonElement First, JsonElement Second)> TwoDaysOfFaultsAsync()
    {
        var first = await HisFaultAsync("门诊挂号 HIS 无法登录", onSite: true);
        first = await _desk.StepOkAsync(_desk.Admin, first, "assign", new { assignee = "zhangwei" });
        await _desk.AdvanceAsync(TimeSpan.FromMinutes(10));
        first = await _desk.StepOkAsync(_desk.Engineer, await _desk.GetAsync(_desk.Engineer, first.GetProperty("id").GetInt64()), "accept");
        await _desk.AdvanceAsync(TimeSpan.FromMinutes(35));
        first = await _desk.StepOkAsync(_desk.Engineer, first, "arrive");
        await _desk.AdvanceAsync(TimeSpan.FromHours(1));
        first = await _desk.StepOkAsync(_desk.Engineer, first, "resolve", new { fields = new Dictionary<string, string> { ["resolution"] = "重启应用服务并调大连接池。" } });
        first = await _desk.StepOkAsync(_desk.Reporter, await _desk.GetAsync(_desk.Reporter, first.GetProperty("id").GetInt64()), "confirm",
            new { rating = 5, ratingComment = "到场及时，处理专业" });

        var second = await HisFaultAsync("住院收费结算缓慢", onSite: false);
        second = await _desk.StepOkAsync(_desk.Admin, second, "assign", new { assignee = "zhangwei" });
        await _desk.AdvanceAsync(TimeSpan.FromMinutes(40));
        second = await _desk.StepOkAsync(_desk.Engineer, await _desk.GetAsync(_desk.Engineer, second.GetProperty("id").GetInt64()), "accept");

        await _desk.AdvanceAsync(TimeSpan.FromHours(22).Add(TimeSpan.FromMinutes(5)));
        await _desk.Host.Services.GetRequiredService<HospitalOps.ServiceDesk.Sla.SlaSweeper>().SweepAsync(default);
        await HisFaultAsync("周二：检验报告打印失败", onSite: false);
        return (first, second);
    }

    private async Task<Workbook> ExportAsync(ApiClient client, string query)
    {
        var response = await client.GetAsync($"{TicketDesk.Path}/tickets/export?{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return Workbook.Open(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ExportOfAPeriod_HoldsEveryTicketOpenedInIt_WithShanghaiTimes_AndTheirSlaResults()
    {
        var (first, second) = await TwoDaysOfFaultsAsync();

        var book = await ExportAsync(_desk.Admin, "status=all&from=2026-11-02T00:00:00%2B08:00&to=2026-11-03T00:00:00%2B08:00");

        book.Sheets.Select(s => s.Name).ShouldBe(["概要", "工单记录"]);
        var rows = book["工单记录"];
        var header = rows[0];
        int Col(string name) => header.IndexOf(name) is >= 0 and var i ? i : throw new InvalidOperationException(name);
        rows.Count.ShouldBe(3);
        string Cell(List<string> row, string name) => Col(name) < row.Count ? row[Col(name)] : "";

        var a = rows[1];
        Cell(a, "工单编号").ShouldBe(first.GetProperty("number").GetString());
        Cell(a, "类型").ShouldBe("故障");
        Cell(a, "状态").ShouldBe("已关闭");
        Cell(a, "业务系统").ShouldBe("医院信息系统（HIS）");
        Cell(a, "配置项").ShouldBe("医院信息系统（HIS）（his）");
        Cell(a, "优先级").ShouldBe("P1");
        Cell(a, "报告人").ShouldBe("wangli");
        Cell(a, "处理人").ShouldBe("zhangwei");
        Cell(a, "创建时间").ShouldBe("2026-11-02 09:30");
        Cell(a, "响应时间").ShouldBe("2026-11-02 09:40");
        Cell(a, "到场时间").ShouldBe("2026-11-02 10:15");
        Cell(a, "解决时间").ShouldBe("2026-11-02 11:15");
        Cell(a, "关闭时间").ShouldBe("2026-11-02 11:15");
        (Cell(a, "响应时限（分钟）"), Cell(a, "响应用时（分钟）"), Cell(a, "响应结果"), Cell(a, "响应违约方")).ShouldBe(("30", "10", "达标", ""));
        (Cell(a, "到场时限（分钟）"), Cell(a, "到场用时（分钟）"), Cell(a, "到场结果")).ShouldBe(("60", "45", "达标"));
        (Cell(a, "解决时限（分钟）"), Cell(a, "解决用时（分钟）"), Cell(a, "解决结果")).ShouldBe(("480", "105", "达标"));
        (Cell(a, "满意度评分"), Cell(a, "评价")).ShouldBe(("5", "到场及时，处理专业"));

        var b = rows[2];
        Cell(b, "工单编号").ShouldBe(second.GetProperty("number").GetString());
        Cell(b, "响应时间").ShouldBe("2026-11-02 11:55");
        (Cell(b, "响应时限（分钟）"), Cell(b, "响应用时（分钟）"), Cell(b, "响应结果"), Cell(b, "响应违约方")).ShouldBe(("30", "40", "超时完成", "zhangwei"));
        (Cell(b, "到场时限（分钟）"), Cell(b, "到场结果")).ShouldBe(("", ""));
        // Opened 11:15, still open at 10:00 the next day on the 7×24 calendar: 22 h 45 min used of 8 h.
        (Cell(b, "解决时限（分钟）"), Cell(b, "解决用时（分钟）"), Cell(b, "解决结果"), Cell(b, "解决违约方")).ShouldBe(("480", "1365", "违约", "zhangwei"));
        Cell(b, "满意度评分").ShouldBe("");

        book.Value("概要", "统计期间（按创建时间）").ShouldBe("2026-11-02 00:00 至 2026-11-03 00:00（不含）");
        book.Value("概要", "导出人").ShouldBe("admin");
        book.Value("概要", "导出时间").ShouldBe("2026-11-03 10:00（北京时间）");
        book.Value("概要", "工单数").ShouldBe("2");
        book.Value("概要", "SLA 达标率").ShouldBe("60.0%");
        book.Value("概要", "响应达标率").ShouldBe("50.0%（1/2）");
        book.Value("概要", "解决达标率").ShouldBe("50.0%（1/2）");
        book.Value("概要", "SLA 计时中").ShouldBe("0");
    }

    [Fact]
    public async Task Export_AppliesTheListsFilters_AndRefusesWhatTheListRefuses()
    {
        await TwoDaysOfFaultsAsync();

        (await ExportAsync(_desk.Admin, "status=all"))["工单记录"].Count.ShouldBe(4);
        (await ExportAsync(_desk.Admin, "status=closed"))["工单记录"].Skip(1).Select(r => r[2]).ShouldBe(["门诊挂号 HIS 无法登录"]);
        (await ExportAsync(_desk.Admin, "status=all&q=检验"))["工单记录"].Skip(1).Select(r => r[2]).ShouldBe(["周二：检验报告打印失败"]);
        (await ExportAsync(_desk.Engineer, "status=all&assignee=me"))["工单记录"].Count.ShouldBe(3);
        var none = await ExportAsync(_desk.Admin, "status=all&priority=P4");
        none["工单记录"].Count.ShouldBe(1);
        none.Value("概要", "工单数").ShouldBe("0");
        none.Value("概要", "SLA 达标率").ShouldBe("—");
        none.Value("概要", "筛选条件").ShouldBe("优先级：P4");

        var bad = await _desk.Admin.GetAsync($"{TicketDesk.Path}/tickets/export?status=whatever");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.FieldErrorAsync("status")).ShouldBe("invalid_value");
    }

    [Fact]
    public void XlsxWriter_StreamsIntoAStreamThatCannotSeek_AndOpenXmlReadsIt()
    {
        var sink = new MemoryStream();
        using (var writer = new XlsxWriter(new ForwardOnly(sink)))
        {
            writer.BeginSheet("明细");
            writer.WriteRow(["编号", "分钟"]);
            for (var i = 0; i < 20_000; i++)
            {
                writer.WriteRow([$"T{i:00000}", i * 1.5]);
            }

            writer.BeginSheet("概要", listFirst: true);
            writer.WriteRow(["说明\u0001含控制字符", null, 42L]);
            writer.Complete();
        }

        var book = Workbook.Open(sink.ToArray());
        book.Sheets.Select(s => s.Name).ShouldBe(["概要", "明细"]);
        book["概要"][0].ShouldBe(["说明含控制字符", "", "42"]);
        book["明细"].Count.ShouldBe(20_001);
        book["明细"][20_000].ShouldBe(["T19999", "29998.5"]);
        XlsxTable.Read(new MemoryStream(sink.ToArray()))[0].Values.ShouldBe(["说明含控制字符", "", "42"]);
    }

    /// <summary>A response body: written forward only, no length, no seeking.</summary>
    private sealed class ForwardOnly(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
