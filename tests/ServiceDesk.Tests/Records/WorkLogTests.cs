using System.Net;
using System.Text.Json;
using HospitalOps.ServiceDesk.Records;
using HospitalOps.ServiceDesk.Sla;
using HospitalOps.ServiceDesk.Tests.Tickets;
using HospitalOps.Tests.Support;

namespace HospitalOps.ServiceDesk.Tests.Records;

/// <summary>
/// The engineers' work log: on-site visits read from the tickets' state history, and person-days — one engineer on site on one
/// calendar day in Shanghai, however long and however often.
/// </summary>
public sealed class WorkLogTests : IAsyncLifetime
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);
    private TicketDesk _desk = null!;

    public async Task InitializeAsync() => _desk = await TicketDesk.StartAsync();

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    private async Task<JsonElement> FaultAsync(string title)
    {
        var ticket = await _desk.CreateAsync(_desk.Reporter, new { type = "incident", title, description = title, impact = 3, urgency = 3, businessSystemId = _desk.His });
        return ticket;
    }

    private async Task<JsonElement> DispatchedAsync(string title)
    {
        var ticket = await _desk.StepOkAsync(_desk.Admin, await FaultAsync(title), "assign", new { assignee = "zhangwei" });
        return await _desk.StepOkAsync(_desk.Engineer, await _desk.GetAsync(_desk.Engineer, ticket.GetProperty("id").GetInt64()), "accept");
    }

    private async Task<JsonElement> FreshAsync(ApiClient client, JsonElement ticket) => await _desk.GetAsync(client, ticket.GetProperty("id").GetInt64());

    private async Task AdvanceToAsync(DateTimeOffset at) => await _desk.AdvanceAsync(at - _desk.Clock.GetUtcNow());

    private static Dictionary<string, string> Resolution => new() { ["resolution"] = "已处理" };

    /// <summary>
    /// zhangwei: on Monday 10:15–11:15 and 14:00–16:30 (two visits, one day), then Tuesday 23:00 to Wednesday 01:30 (across
    /// midnight); liuyang, who takes a ticket himself: Monday 15:00–15:30, leaving when he puts it on hold.
    /// </summary>
    private async Task ThreeDaysOnSiteAsync()
    {
        var a = await DispatchedAsync("门诊医生站打印机驱动异常");
        var b = await DispatchedAsync("住院护士站 PDA 无法同步");
        var d = await FaultAsync("药房发药机接口中断");
        d = await _desk.StepOkAsync(_desk.Other, await FreshAsync(_desk.Other, d), "accept");

        await AdvanceToAsync(new DateTimeOffset(2026, 11, 2, 10, 15, 0, Shanghai));
        a = await _desk.StepOkAsync(_desk.Engineer, await FreshAsync(_desk.Engineer, a), "arrive");
        await AdvanceToAsync(new DateTimeOffset(2026, 11, 2, 11, 15, 0, Shanghai));
        await _desk.StepOkAsync(_desk.Engineer, a, "resolve", new { fields = Resolution });

        await AdvanceToAsync(new DateTimeOffset(2026, 11, 2, 14, 0, 0, Shanghai));
        b = await _desk.StepOkAsync(_desk.Engineer, await FreshAsync(_desk.Engineer, b), "arrive");
        await AdvanceToAsync(new DateTimeOffset(2026, 11, 2, 15, 0, 0, Shanghai));
        d = await _desk.StepOkAsync(_desk.Other, await FreshAsync(_desk.Other, d), "arrive");
        await AdvanceToAsync(new DateTimeOffset(2026, 11, 2, 15, 30, 0, Shanghai));
        await _desk.StepOkAsync(_desk.Other, d, "hold", new { comment = "等厂家寄送备件" });
        await AdvanceToAsync(new DateTimeOffset(2026, 11, 2, 16, 30, 0, Shanghai));
        await _desk.StepOkAsync(_desk.Engineer, await FreshAsync(_desk.Engineer, b), "resolve", new { fields = Resolution });

        var c = await DispatchedAsync("急诊叫号系统夜间宕机");
        await AdvanceToAsync(new DateTimeOffset(2026, 11, 3, 23, 0, 0, Shanghai));
        c = await _desk.StepOkAsync(_desk.Engineer, await FreshAsync(_desk.Engineer, c), "arrive");
        await AdvanceToAsync(new DateTimeOffset(2026, 11, 4, 1, 30, 0, Shanghai));
        await _desk.StepOkAsync(_desk.Engineer, c, "resolve", new { fields = Resolution });
    }

    private async Task<JsonElement> WorkLogAsync(ApiClient client, string query)
    {
        var response = await client.GetAsync($"{TicketDesk.Path}/work-log?{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    private static JsonElement Engineer(JsonElement log, string name) =>
        log.GetProperty("engineers").EnumerateArray().Single(e => e.GetProperty("engineer").GetString() == name);

    [Fact]
    public async Task PersonDays_CountEachEngineersCalendarDaysOnSite_TwoVisitsOneDay_AndAcrossMidnight()
    {
        await ThreeDaysOnSiteAsync();

        var log = await WorkLogAsync(_desk.Admin, "from=2026-11-02&to=2026-11-04");
        log.GetProperty("personDays").GetInt32().ShouldBe(4);
        var zhang = Engineer(log, "zhangwei");
        zhang.GetProperty("personDays").GetInt32().ShouldBe(3);
        zhang.GetProperty("days").EnumerateArray().Select(d => d.GetString()).ShouldBe(["2026-11-02", "2026-11-03", "2026-11-04"]);
        zhang.GetProperty("hours").GetDouble().ShouldBe(1 + 2.5 + 2.5);
        zhang.GetProperty("visitCount").GetInt32().ShouldBe(3);
        zhang.GetProperty("ticketsHandled").GetInt32().ShouldBe(3);
        zhang.GetProperty("responseMeasured").GetInt32().ShouldBe(3);
        zhang.GetProperty("responseMet").GetInt32().ShouldBe(3);
        zhang.GetProperty("resolutionMeasured").GetInt32().ShouldBe(3);
        var night = zhang.GetProperty("visits").EnumerateArray().Last();
        night.GetProperty("arrivedAt").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 11, 3, 23, 0, 0, Shanghai));
        night.GetProperty("leftAt").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 11, 4, 1, 30, 0, Shanghai));
        night.GetProperty("days").GetArrayLength().ShouldBe(2);

        var liu = Engineer(log, "liuyang");
        (liu.GetProperty("personDays").GetInt32(), liu.GetProperty("hours").GetDouble(), liu.GetProperty("visitCount").GetInt32()).ShouldBe((1, 0.5, 1));

        // A period of one day counts only its own part of the night visit.
        var wednesday = Engineer(await WorkLogAsync(_desk.Admin, "from=2026-11-04&to=2026-11-04"), "zhangwei");
        (wednesday.GetProperty("personDays").GetInt32(), wednesday.GetProperty("hours").GetDouble()).ShouldBe((1, 1.5));
    }

    [Fact]
    public async Task AnEngineerWhoDoesNotDispatch_SeesOnlyTheirOwnLog()
    {
        await ThreeDaysOnSiteAsync();

        var own = await WorkLogAsync(_desk.Other, "from=2026-11-01&to=2026-11-30");
        own.GetProperty("engineers").EnumerateArray().Select(e => e.GetProperty("engineer").GetString()).ShouldBe(["liuyang"]);
        var other = await _desk.Other.GetAsync($"{TicketDesk.Path}/work-log?from=2026-11-01&to=2026-11-30&engineer=zhangwei");
        other.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await other.CodeAsync()).ShouldBe("worklog_own_only");
        (await WorkLogAsync(_desk.Admin, "from=2026-11-01&to=2026-11-30&engineer=liuyang")).GetProperty("personDays").GetInt32().ShouldBe(1);
    }

    [Theory]
    [InlineData("from=2026-11-05&to=2026-11-04", "to", "worklog_period")]
    [InlineData("from=2025-01-01&to=2026-11-04", "to", "worklog_period")]
    [InlineData("from=11/02/2026&to=2026-11-04", "from", "invalid_value")]
    [InlineData("to=2026-11-04", "from", "required")]
    public async Task ABadPeriod_IsRefusedWithTheField(string query, string field, string code)
    {
        var response = await _desk.Admin.GetAsync($"{TicketDesk.Path}/work-log?{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.FieldErrorAsync(field)).ShouldBe(code);
    }

    [Fact]
    public async Task TheWorkLog_ExportsAsAWorkbook_PerEngineer_AndEveryVisit()
    {
        await ThreeDaysOnSiteAsync();

        var response = await _desk.Admin.GetAsync($"{TicketDesk.Path}/work-log/export?from=2026-11-02&to=2026-11-04");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var book = Workbook.Open(await response.Content.ReadAsByteArrayAsync());
        book.Sheets.Select(s => s.Name).ShouldBe(["工作记录", "到场明细"]);
        book.Value("工作记录", "合计人天").ShouldBe("4");
        var zhang = book["工作记录"].Single(r => r.Count > 0 && r[0] == "zhangwei");
        zhang.Take(7).ShouldBe(["zhangwei", "3", "6", "3", "3", "3/3", "3/3"]);
        zhang[7].ShouldBe("2026-11-02、2026-11-03、2026-11-04");
        var visits = book["到场明细"].Skip(1).ToList();
        visits.Count.ShouldBe(4);
        visits.ShouldContain(v => v[0] == "zhangwei" && v[4] == "2026-11-03 23:00" && v[5] == "2026-11-04 01:30" && v[6] == "2.5" && v[7] == "2026-11-03、2026-11-04");
    }

    [Fact]
    public void Visits_FollowTheStateHistory_AndCountDaysInTheHospitalsZone()
    {
        long At(int day, int hour, int minute = 0) => new DateTimeOffset(2026, 11, day, hour, minute, 0, Shanghai).ToUnixTimeMilliseconds();
        var onSite = new HashSet<string> { "on_site" };
        var visits = OnSiteVisits.From(
        [
            new StateMove(At(2, 9), "admin", "new", "assigned"),
            new StateMove(At(2, 10), "zhangwei", "accepted", "on_site"),
            new StateMove(At(2, 12), "zhangwei", "on_site", "waiting"),
            new StateMove(At(2, 13), "zhangwei", "waiting", "accepted"),
            new StateMove(At(2, 23, 30), "liuyang", "accepted", "on_site"),
        ], onSite);
        visits.Count.ShouldBe(2);
        visits[0].ShouldBe(new OnSiteVisit("zhangwei", DateTimeOffset.FromUnixTimeMilliseconds(At(2, 10)), DateTimeOffset.FromUnixTimeMilliseconds(At(2, 12))));
        visits[1].Left.ShouldBeNull();

        var zone = BusinessCalendar.DefaultZone;
        var first = new DateOnly(2026, 11, 1);
        var last = new DateOnly(2026, 11, 30);
        // 16:00 UTC is midnight in Shanghai: a visit ending exactly then does not reach the next day.
        OnSiteVisits.Days(new DateTimeOffset(2026, 11, 2, 14, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 2, 16, 0, 0, TimeSpan.Zero), zone, first, last)
            .ShouldBe([new DateOnly(2026, 11, 2)]);
        OnSiteVisits.Days(new DateTimeOffset(2026, 11, 2, 15, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 2, 16, 1, 0, TimeSpan.Zero), zone, first, last)
            .ShouldBe([new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 3)]);
        OnSiteVisits.PersonDays([("zhangwei", new DateOnly(2026, 11, 2)), ("zhangwei", new DateOnly(2026, 11, 2)), ("liuyang", new DateOnly(2026, 11, 2))]).ShouldBe(2);
    }
}
