using System.Net;
using System.Text.Json;
using Dapper;
using HospitalOps.Calendars.Contracts;
using HospitalOps.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Calendars.Tests.Business;

/// <summary>
/// Business calendars (服务时间) through the API: the two built in at every start, one with a lunch break created, changed
/// and deleted, every mistake refused on its field without a change, and the refusals of deleting a built-in calendar or
/// one that another module's object uses.
/// </summary>
public sealed class BusinessCalendarApiTests : IAsyncLifetime
{
    private const string Path = "/api/v1/calendars/business";

    private readonly FakeUsage _usage = new();
    private TestHost _host = null!;
    private ApiClient _admin = null!;

    public async Task InitializeAsync()
    {
        // 2026-11-02 09:30 in Shanghai.
        _host = await TestHost.StartAsync(clock: new ManualClock(new DateTimeOffset(2026, 11, 2, 1, 30, 0, TimeSpan.Zero)),
            services: s => s.AddSingleton<IBusinessCalendarUsage>(_usage));
        _admin = await _host.AdminAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static object LunchBreak(string name) => new
    {
        name,
        description = "门诊信息系统维保",
        timeZone = "Asia/Shanghai",
        alwaysOpen = false,
        followsHolidays = true,
        periods = Enumerable.Range(1, 5).SelectMany(d => new[] { new { weekday = d, from = "08:00", to = "12:00" }, new { weekday = d, from = "13:30", to = "17:30" } }).ToArray(),
    };

    private async Task<JsonElement> ListAsync(string query = "") => await (await _admin.GetAsync(Path + query)).JsonAsync();

    private async Task<List<string>> NamesAsync() =>
        (await ListAsync()).GetProperty("items").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToList();

    private static Dictionary<string, string> FieldCodes(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().ToDictionary(e => e.Name, e => e.Value.GetProperty("code").GetString()!);

    [Fact]
    public async Task AFreshInstall_HasWorkingHoursAnd7x24_BuiltIn()
    {
        var items = (await ListAsync()).GetProperty("items").EnumerateArray().ToList();

        items.Count.ShouldBe(2);
        items.ShouldAllBe(c => c.GetProperty("builtIn").GetBoolean());
        var office = items.Single(c => c.GetProperty("name").GetString() == "工作时间（周一至周五 8:00–18:00）");
        office.GetProperty("alwaysOpen").GetBoolean().ShouldBeFalse();
        office.GetProperty("followsHolidays").GetBoolean().ShouldBeTrue();
        office.GetProperty("timeZone").GetString().ShouldBe("Asia/Shanghai");
        office.GetProperty("periods").EnumerateArray().Select(p => $"{p.GetProperty("weekday").GetInt32()} {p.GetProperty("from").GetString()}-{p.GetProperty("to").GetString()}")
            .ShouldBe(["1 08:00-18:00", "2 08:00-18:00", "3 08:00-18:00", "4 08:00-18:00", "5 08:00-18:00"]);
        var always = items.Single(c => c.GetProperty("name").GetString() == "7×24");
        always.GetProperty("alwaysOpen").GetBoolean().ShouldBeTrue();
        always.GetProperty("periods").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task TheBuiltIns_AreSeededOnce_AndAnAdministratorsEditSurvivesARestart()
    {
        var office = (await ListAsync()).GetProperty("items").EnumerateArray().First(c => !c.GetProperty("alwaysOpen").GetBoolean());
        var id = office.GetProperty("id").GetInt64();
        var edited = await _admin.PutAsync($"{Path}/{id}", new
        {
            name = "工作时间（周一至周六）",
            timeZone = "Asia/Shanghai",
            followsHolidays = true,
            periods = Enumerable.Range(1, 6).Select(d => new { weekday = d, from = "08:00", to = "18:00" }).ToArray(),
            version = office.GetProperty("version").GetInt32(),
        });
        edited.StatusCode.ShouldBe(HttpStatusCode.OK, await edited.Content.ReadAsStringAsync());

        foreach (var task in _host.Services.GetServices<HospitalOps.Kernel.Data.IStartupTask>())
        {
            await task.RunAsync(CancellationToken.None);
        }

        (await NamesAsync()).ShouldBe(["7×24", "工作时间（周一至周六）"], ignoreOrder: true);
    }

    [Fact]
    public async Task ACalendarWithALunchBreak_IsCreatedReadChangedAndDeleted_EachChangeAudited()
    {
        var created = await _admin.PostAsync(Path, LunchBreak("门诊工作时间"));
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var body = await created.JsonAsync();
        var id = body.GetProperty("id").GetInt64();
        created.Headers.Location!.ToString().ShouldBe($"{Path}/{id}");
        body.GetProperty("builtIn").GetBoolean().ShouldBeFalse();
        body.GetProperty("periods").GetArrayLength().ShouldBe(10);
        body.GetProperty("createdAt").GetDateTimeOffset().ShouldBe(_host.Clock.GetUtcNow());

        var read = await (await _admin.GetAsync($"{Path}/{id}")).JsonAsync();
        read.GetProperty("periods")[1].GetProperty("from").GetString().ShouldBe("13:30");
        read.GetProperty("version").GetInt32().ShouldBe(1);

        _host.Clock.Advance(TimeSpan.FromMinutes(5));
        var changed = await _admin.PutAsync($"{Path}/{id}", new { name = "门诊工作时间", timeZone = "Asia/Urumqi", followsHolidays = false, periods = new[] { new { weekday = 6, from = "09:00", to = "24:00" } }, version = 1 });
        changed.StatusCode.ShouldBe(HttpStatusCode.OK, await changed.Content.ReadAsStringAsync());
        var after = await changed.JsonAsync();
        after.GetProperty("version").GetInt32().ShouldBe(2);
        after.GetProperty("timeZone").GetString().ShouldBe("Asia/Urumqi");
        after.GetProperty("followsHolidays").GetBoolean().ShouldBeFalse();
        after.GetProperty("periods").EnumerateArray().Single().GetProperty("to").GetString().ShouldBe("24:00");
        after.GetProperty("updatedAt").GetDateTimeOffset().ShouldBe(_host.Clock.GetUtcNow());

        // a change made on what was read before another change is refused
        var stale = await _admin.PutAsync($"{Path}/{id}", new { name = "门诊工作时间", periods = new[] { new { weekday = 1, from = "08:00", to = "18:00" } }, version = 1 });
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);

        (await _admin.DeleteAsync($"{Path}/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _admin.GetAsync($"{Path}/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _admin.DeleteAsync($"{Path}/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        await using var connection = await _host.Databases.Config.OpenAsync();
        var actions = await connection.QueryAsync<string>("SELECT action FROM audit_log WHERE object_type = 'business_calendar' AND object_id = @id ORDER BY seq", new { id = id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        actions.ShouldBe(["calendars.business.create", "calendars.business.update", "calendars.business.delete"]);
    }

    [Fact]
    public async Task BadPeriods_AreRefusedOnTheirFields_InTheReadersLanguage_AndNothingIsStored()
    {
        var response = await _admin.PostAsync(Path, new
        {
            name = "夜班",
            periods = new object[]
            {
                new { weekday = 1, from = "08:00", to = "12:00" },
                new { weekday = 1, from = "14:00", to = "13:00" },
                new { weekday = 1, from = "11:00", to = "15:00" },
                new { weekday = 2, from = "25:00", to = "26:00" },
                new { weekday = 8, from = "08:00", to = "09:00" },
                new { weekday = 3, from = "8:00", to = "24:00" },
            },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.JsonAsync();
        problem.GetProperty("code").GetString().ShouldBe("validation_failed");
        FieldCodes(problem).ShouldBe(new Dictionary<string, string>
        {
            ["periods[1].to"] = "business_calendar_period_not_after",
            ["periods[2].from"] = "business_calendar_periods_overlap",
            ["periods[3].from"] = "business_calendar_time_invalid",
            ["periods[3].to"] = "business_calendar_time_invalid",
            ["periods[4].weekday"] = "business_calendar_weekday_invalid",
            ["periods[5].from"] = "business_calendar_time_invalid",
        }, ignoreOrder: true);
        problem.GetProperty("errors").GetProperty("periods[1].to").GetProperty("message").GetString().ShouldBe("结束时间应晚于开始时间。");

        var english = _host.Client("en-US");
        (await english.LoginAsync("admin", TestHost.AdminPassword)).EnsureSuccessStatusCode();
        var en = await (await english.PostAsync(Path, new { name = "Night", periods = new[] { new { weekday = 1, from = "18:00", to = "08:00" } } })).JsonAsync();
        en.GetProperty("errors").GetProperty("periods[0].to").GetProperty("message").GetString().ShouldBe("The end must be after the start.");

        (await NamesAsync()).Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("Mars/Olympus")]
    [InlineData("China Standard Time")]
    [InlineData("UTC+8")]
    public async Task AZoneThatIsNotAnIanaId_IsRefused(string zone)
    {
        var response = await _admin.PostAsync(Path, new { name = "异地机房", timeZone = zone, periods = new[] { new { weekday = 1, from = "08:00", to = "18:00" } } });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        FieldCodes(await response.JsonAsync()).ShouldBe(new Dictionary<string, string> { ["timeZone"] = "business_calendar_zone_unknown" });
    }

    [Fact]
    public async Task ACalendarWithoutPeriods_TooManyPeriodsADay_OrATakenName_IsRefused()
    {
        var none = await (await _admin.PostAsync(Path, new { name = "空", periods = Array.Empty<object>() })).JsonAsync();
        FieldCodes(none).ShouldBe(new Dictionary<string, string> { ["periods"] = "business_calendar_no_periods" });

        var five = Enumerable.Range(0, 5).Select(h => new { weekday = 2, from = $"{8 + (2 * h):00}:00", to = $"{9 + (2 * h):00}:00" }).ToArray();
        var many = await (await _admin.PostAsync(Path, new { name = "碎片", periods = five })).JsonAsync();
        FieldCodes(many).ShouldBe(new Dictionary<string, string> { ["periods[4]"] = "business_calendar_too_many_periods" });

        var taken = await _admin.PostAsync(Path, new { name = "7×24", alwaysOpen = true });
        taken.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await taken.JsonAsync();
        problem.GetProperty("code").GetString().ShouldBe("business_calendar_name_taken");
        FieldCodes(problem).ShouldBe(new Dictionary<string, string> { ["name"] = "business_calendar_name_taken" });

        var nameless = await (await _admin.PostAsync(Path, new { name = "  ", alwaysOpen = true })).JsonAsync();
        FieldCodes(nameless).ShouldBe(new Dictionary<string, string> { ["name"] = "required" });

        (await NamesAsync()).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A7x24Calendar_KeepsNoPeriods_AndDoesNotFollowHolidays()
    {
        var created = await (await _admin.PostAsync(Path, new { name = "急诊 7×24", alwaysOpen = true, followsHolidays = true, periods = new[] { new { weekday = 1, from = "08:00", to = "18:00" } } })).JsonAsync();

        created.GetProperty("alwaysOpen").GetBoolean().ShouldBeTrue();
        created.GetProperty("followsHolidays").GetBoolean().ShouldBeFalse();
        created.GetProperty("periods").GetArrayLength().ShouldBe(0);
        var definition = await _host.Services.GetRequiredService<IBusinessCalendars>().GetAsync(created.GetProperty("id").GetInt64(), CancellationToken.None);
        definition!.AlwaysOpen.ShouldBeTrue();
        definition.Week.ShouldBeEmpty();
        definition.MakeUpDaysWorkAs.ShouldBeNull();
    }

    [Fact]
    public async Task ABuiltInCalendar_IsNeverDeleted()
    {
        foreach (var calendar in (await ListAsync()).GetProperty("items").EnumerateArray())
        {
            var refused = await _admin.DeleteAsync($"{Path}/{calendar.GetProperty("id").GetInt64()}");
            refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            (await refused.CodeAsync()).ShouldBe("business_calendar_built_in");
            (await refused.Content.ReadAsStringAsync()).ShouldContain("内置的服务时间日历不能删除");
        }

        (await NamesAsync()).Count.ShouldBe(2);
    }

    [Fact]
    public async Task ACalendarInUse_IsNotDeleted_AndTheRefusalSaysWhatUsesIt()
    {
        var id = (await (await _admin.PostAsync(Path, LunchBreak("门诊工作时间"))).JsonAsync()).GetProperty("id").GetInt64();
        _usage.Uses[id] = ["SLA 策略 P1 故障", "SLA 策略 P2 故障"];

        var refused = await _admin.DeleteAsync($"{Path}/{id}");

        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await refused.CodeAsync()).ShouldBe("business_calendar_in_use");
        (await refused.JsonAsync()).GetProperty("title").GetString().ShouldBe("“门诊工作时间”正在使用中，不能删除：SLA 策略 P1 故障；SLA 策略 P2 故障。");
        (await _admin.GetAsync($"{Path}/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        _usage.Uses.Remove(id);
        (await _admin.DeleteAsync($"{Path}/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task AnEngineerReadsBusinessCalendars_ButOnlyAnAdministratorChangesThem()
    {
        var (engineer, _) = await _host.UserAsync("li.gong", "engineer");
        var id = (await ListAsync()).GetProperty("items")[0].GetProperty("id").GetInt64();

        (await engineer.GetAsync(Path)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await engineer.GetAsync($"{Path}/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await engineer.PostAsync(Path, LunchBreak("门诊"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await engineer.PutAsync($"{Path}/{id}", LunchBreak("门诊"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await engineer.DeleteAsync($"{Path}/{id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task TheList_NamesTheHolidayYearsNotEntered_ForThisYearAndTheNext_InTheReadersZone()
    {
        (await ListAsync()).GetProperty("holidayYearsMissing").EnumerateArray().Select(y => y.GetInt32()).ShouldBe([2026, 2027]);

        (await _admin.PutAsync("/api/v1/calendars/holidays/2026", new { days = new[] { new { date = "2026-10-01", kind = "holiday", festival = "国庆节" } } }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ListAsync()).GetProperty("holidayYearsMissing").EnumerateArray().Select(y => y.GetInt32()).ShouldBe([2027]);

        // 2026-12-31 20:00 UTC is already 2027 in Shanghai, still 2026 in UTC
        _host.Clock.Advance(new DateTimeOffset(2026, 12, 31, 20, 0, 0, TimeSpan.Zero) - _host.Clock.GetUtcNow());
        _admin = await _host.AdminAsync(); // the session ended while the clock moved on two months
        var shanghai = await ListAsync();
        shanghai.GetProperty("zone").GetString().ShouldBe("Asia/Shanghai");
        shanghai.GetProperty("holidayYearsMissing").EnumerateArray().Select(y => y.GetInt32()).ShouldBe([2027, 2028]);
        (await ListAsync("?zone=Europe/London")).GetProperty("holidayYearsMissing").EnumerateArray().Select(y => y.GetInt32()).ShouldBe([2027]);

        var bad = await _admin.GetAsync(Path + "?zone=Nowhere/Else");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        FieldCodes(await bad.JsonAsync()).ShouldBe(new Dictionary<string, string> { ["zone"] = "business_calendar_zone_unknown" });
    }

    [Fact]
    public async Task OtherModules_ReadTheDefinition_WithTheWeekdayAMakeUpDayWorksAs()
    {
        var calendars = _host.Services.GetRequiredService<IBusinessCalendars>();
        var id = (await (await _admin.PostAsync(Path, new
        {
            name = "周二至周六",
            timeZone = "Asia/Shanghai",
            periods = new[] { new { weekday = 6, from = "09:00", to = "12:00" }, new { weekday = 2, from = "13:00", to = "17:00" }, new { weekday = 2, from = "08:00", to = "12:00" } },
        })).JsonAsync()).GetProperty("id").GetInt64();

        var definition = await calendars.GetAsync(id, CancellationToken.None);

        definition!.Name.ShouldBe("周二至周六");
        definition.FollowsHolidays.ShouldBeTrue();
        definition.Week.Keys.ShouldBe([DayOfWeek.Tuesday, DayOfWeek.Saturday], ignoreOrder: true);
        definition.Week[DayOfWeek.Tuesday].ShouldBe([new BusinessPeriod(TimeSpan.FromHours(8), TimeSpan.FromHours(12)), new BusinessPeriod(TimeSpan.FromHours(13), TimeSpan.FromHours(17))]);
        definition.MakeUpDaysWorkAs.ShouldBe(DayOfWeek.Tuesday);
        (await calendars.ListAsync(CancellationToken.None)).Count.ShouldBe(3);
        (await calendars.GetAsync(id + 1000, CancellationToken.None)).ShouldBeNull();

        var office = (await calendars.ListAsync(CancellationToken.None)).Single(c => c.Name.StartsWith("工作时间", StringComparison.Ordinal));
        office.MakeUpDaysWorkAs.ShouldBe(DayOfWeek.Monday);
    }

    [Fact]
    public async Task TheHolidayCalendar_TellsWhichYearsAreEntered_AndItsRevisionMovesWithEveryChange()
    {
        var holidays = _host.Services.GetRequiredService<IHolidayCalendar>();
        (await holidays.YearsWithDaysAsync(CancellationToken.None)).ShouldBeEmpty();
        var before = await holidays.RevisionAsync(CancellationToken.None);

        (await _admin.PutAsync("/api/v1/calendars/holidays/2027", new { days = new[] { new { date = "2027-01-01", kind = "holiday", festival = "元旦" } } })).EnsureSuccessStatusCode();
        (await _admin.PutAsync("/api/v1/calendars/holidays/2026", new { days = new[] { new { date = "2026-10-01", kind = "holiday", festival = "国庆节" } } })).EnsureSuccessStatusCode();

        (await holidays.YearsWithDaysAsync(CancellationToken.None)).ShouldBe([2026, 2027]);
        (await holidays.RevisionAsync(CancellationToken.None)).ShouldBe(before + 2);

        (await _admin.PutAsync("/api/v1/calendars/holidays/2027", new { days = Array.Empty<object>() })).EnsureSuccessStatusCode();
        (await holidays.YearsWithDaysAsync(CancellationToken.None)).ShouldBe([2026]);
        (await holidays.RevisionAsync(CancellationToken.None)).ShouldBe(before + 3);
    }

    private sealed class FakeUsage : IBusinessCalendarUsage
    {
        public Dictionary<long, IReadOnlyList<string>> Uses { get; } = [];

        public Task<IReadOnlyList<string>> UsesAsync(long calendarId, CancellationToken ct) =>
            Task.FromResult(Uses.TryGetValue(calendarId, out var uses) ? uses : (IReadOnlyList<string>)[]);
    }
}
