using System.Net;
using System.Text.Json;
using HospitalOps.Kernel.Demo;
using HospitalOps.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Calendars.Tests.Holidays;

/// <summary>The holiday calendar through the API: edited a year at a time, or taken from the State Council's notice.</summary>
public sealed class HolidayApiTests : IAsyncLifetime
{
    private const string Notice = """
        一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
        二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
        七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
        """;

    private TestHost _host = null!;
    private ApiClient _admin = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync();
        _admin = await _host.AdminAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<List<JsonElement>> YearAsync(int year) =>
        (await (await _admin.GetAsync($"/api/v1/calendars/holidays/{year}")).JsonAsync()).EnumerateArray().ToList();

    [Fact]
    public async Task ANotice_IsShownFirst_ThenStoredInPlaceOfTheYear()
    {
        (await _admin.PutAsync("/api/v1/calendars/holidays/2026", new { days = new[] { new { date = "2026-05-01", kind = "holiday", festival = "劳动节" } } }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        var preview = await (await _admin.PostAsync("/api/v1/calendars/holidays/2026/notice", new { text = Notice, apply = false })).JsonAsync();
        preview.GetProperty("applied").GetBoolean().ShouldBeFalse();
        preview.GetProperty("days").GetArrayLength().ShouldBe(3 + 9 + 7 + 5);
        (await YearAsync(2026)).Single().GetProperty("date").GetString().ShouldBe("2026-05-01");

        var applied = await (await _admin.PostAsync("/api/v1/calendars/holidays/2026/notice", new { text = Notice, apply = true })).JsonAsync();
        applied.GetProperty("applied").GetBoolean().ShouldBeTrue();
        var year = await YearAsync(2026);
        year.Count.ShouldBe(24);
        year.ShouldNotContain(d => d.GetProperty("date").GetString() == "2026-05-01");
        year.Where(d => d.GetProperty("kind").GetString() == "workday").Select(d => d.GetProperty("date").GetString())
            .ShouldBe(["2026-01-04", "2026-02-14", "2026-02-28", "2026-09-20", "2026-10-10"]);
        year.First(d => d.GetProperty("date").GetString() == "2026-02-15").GetProperty("festival").GetString().ShouldBe("春节");
    }

    [Fact]
    public async Task ANoticeThatContradictsItself_IsRefusedInTheReadersLanguage_AndChangesNothing()
    {
        var wrong = Notice.Replace("10月10日（周六）", "10月10日（周五）", StringComparison.Ordinal);

        var zh = await _admin.PostAsync("/api/v1/calendars/holidays/2026/notice", new { text = wrong, apply = true });
        zh.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await zh.CodeAsync()).ShouldBe("holiday_notice_wrong_weekday");
        (await zh.Content.ReadAsStringAsync()).ShouldContain("第 3 项（国庆节）：10月10日 是周六，通知写的是周五。");

        var english = _host.Client("en-US");
        (await english.LoginAsync("admin", TestHost.AdminPassword)).EnsureSuccessStatusCode();
        var en = await english.PostAsync("/api/v1/calendars/holidays/2026/notice", new { text = wrong, apply = true });
        (await en.Content.ReadAsStringAsync()).ShouldContain("Item 3 (国庆节): 10月10日 is a 周六, the notice says 周五.");
        (await YearAsync(2026)).ShouldBeEmpty();
    }

    [Fact]
    public async Task DaysEditedByHand_AreChecked_AndAMistakeChangesNothing()
    {
        (await _admin.PutAsync("/api/v1/calendars/holidays/2026", new { days = new[] { new { date = "2026-10-01", kind = "holiday", festival = "国庆节" } } }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        var wednesday = await _admin.PutAsync("/api/v1/calendars/holidays/2026", new { days = new[] { new { date = "2026-10-14", kind = "workday", festival = (string?)null } } });
        wednesday.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await wednesday.Content.ReadAsStringAsync()).ShouldContain("workday_not_weekend");
        var otherYear = await _admin.PutAsync("/api/v1/calendars/holidays/2026", new { days = new[] { new { date = "2027-01-01", kind = "holiday", festival = "元旦" } } });
        (await otherYear.Content.ReadAsStringAsync()).ShouldContain("date_not_in_year");
        var twice = await _admin.PutAsync("/api/v1/calendars/holidays/2026", new { days = new[] { new { date = "2026-10-02", kind = "holiday", festival = "国庆节" }, new { date = "2026-10-02", kind = "holiday", festival = "国庆节" } } });
        (await twice.Content.ReadAsStringAsync()).ShouldContain("date_twice");

        (await YearAsync(2026)).Single().GetProperty("date").GetString().ShouldBe("2026-10-01");
    }

    [Fact]
    public async Task AnEngineerReadsTheCalendar_ButOnlyAnAdministratorChangesIt()
    {
        var (engineer, _) = await _host.UserAsync("li.gong", "engineer");

        (await engineer.GetAsync("/api/v1/calendars/holidays/2026")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await engineer.PutAsync("/api/v1/calendars/holidays/2026", new { days = Array.Empty<object>() })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await engineer.PostAsync("/api/v1/calendars/holidays/2026/notice", new { text = Notice, apply = true })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
    [Fact]
    public async Task TheDemo_Has2026AsTheStateCouncilArrangedIt_AndLeavesAYearAlreadyEnteredAlone()
    {
        var demo = _host.Services.GetServices<IDemoData>().OfType<Demo.CalendarsDemo>().Single();

        await demo.LoadAsync(CancellationToken.None);
        await demo.LoadAsync(CancellationToken.None);

        var year = await YearAsync(2026);
        year.Count(d => d.GetProperty("kind").GetString() == "holiday").ShouldBe(33);
        year.Count(d => d.GetProperty("kind").GetString() == "workday").ShouldBe(6);

        (await _admin.PutAsync("/api/v1/calendars/holidays/2026", new { days = new[] { new { date = "2026-10-01", kind = "holiday", festival = "国庆节" } } }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        await demo.LoadAsync(CancellationToken.None);
        (await YearAsync(2026)).Count.ShouldBe(1);
    }
}
