using System.Net;
using System.Text.Json;
using Dapper;
using HospitalOps.ServiceDesk.Tests.Tickets;
using HospitalOps.Tests.Support;

namespace HospitalOps.ServiceDesk.Tests.Dispatching;

/// <summary>
/// 派单规则: an administrator's ordered rules send a new ticket nobody assigned to a team, and in it to the member with the fewest
/// tickets in hand or to a named person; bad rules are refused field by field and change nothing.
/// </summary>
public sealed class DispatchRuleTests : IAsyncLifetime
{
    private const string Rules = $"{TicketDesk.Path}/dispatch-rules";
    private TicketDesk _desk = null!;

    public async Task InitializeAsync()
    {
        _desk = await TicketDesk.StartAsync();
        // The organisation's teams come from the HR directory (or the demo): two teams; zhangwei, liuyang and anquan in infrastructure.
        await using var connection = await _desk.Host.Databases.Config.OpenAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO org_units (kind, code, name_zh, name_en, parent_id, contact) VALUES ('team', 'team-infra', '基础设施组', 'Infrastructure team', NULL, NULL);
            INSERT INTO org_units (kind, code, name_zh, name_en, parent_id, contact) VALUES ('team', 'team-dba', '数据库组', 'Database team', NULL, NULL);
            UPDATE users SET org_unit_id = (SELECT id FROM org_units WHERE code = 'team-infra') WHERE user_name IN ('zhangwei', 'liuyang', 'anquan');
            """);
    }

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    private object PrinterRule(string assign = "least_loaded", string? assignee = null) => new
    {
        name = "打印机与网络报修",
        enabled = true,
        types = new[] { "incident", "request" },
        systems = Array.Empty<long>(),
        priorities = Array.Empty<int>(),
        channels = new[] { "phone", "web" },
        keywords = new[] { "打印机", "网络" },
        team = "team-infra",
        assign,
        assignee,
    };

    private object HisRule() => new
    {
        name = "HIS 数据库",
        enabled = true,
        types = Array.Empty<string>(),
        systems = new[] { _desk.His },
        priorities = new[] { 1, 2 },
        channels = Array.Empty<string>(),
        keywords = Array.Empty<string>(),
        team = "team-dba",
        assign = "team",
    };

    private Task<JsonElement> OpenAsync(string title, long system, int impact = 3, int urgency = 3, string channel = "phone") =>
        _desk.CreateAsync(_desk.Reporter, new { type = "incident", title, description = title, channel, impact, urgency, businessSystemId = system });

    [Fact]
    public async Task ANewTicketNobodyAssigned_GoesToTheFirstRulesTeam_AndToItsLeastLoadedMember()
    {
        (await _desk.Admin.PutAsync(Rules, new { rules = new[] { HisRule(), PrinterRule() } })).StatusCode.ShouldBe(HttpStatusCode.OK);

        // zhangwei and liuyang hold nothing: the first by name gets the first ticket, the other the second. anquan, the security
        // administrator in the same team, may not work tickets and gets none.
        var first = await OpenAsync("二楼护士站打印机无法打印", _desk.FollowUp);
        (first.GetProperty("team").GetString(), first.GetProperty("assignee").GetString()).ShouldBe(("基础设施组", "liuyang"));
        var second = await OpenAsync("门诊网络时断时续", _desk.FollowUp);
        (second.GetProperty("team").GetString(), second.GetProperty("assignee").GetString()).ShouldBe(("基础设施组", "zhangwei"));

        var timeline = (await (await _desk.Admin.GetAsync($"{TicketDesk.Path}/tickets/{first.GetProperty("id").GetInt64()}/timeline")).JsonAsync()).EnumerateArray().ToList();
        var dispatched = timeline.Single(e => e.GetProperty("kind").GetString() == "dispatched");
        using (var detail = JsonDocument.Parse(dispatched.GetProperty("detail").GetString()!))
        {
            detail.RootElement.GetProperty("rule").GetString().ShouldBe("打印机与网络报修");
            detail.RootElement.GetProperty("assignee").GetString().ShouldBe("liuyang");
        }

        // A P1 of HIS meets the HIS rule first: the database team's queue, nobody named.
        var his = await OpenAsync("HIS 收费打印机 报错 ORA-00060", _desk.His, impact: 1, urgency: 1);
        his.GetProperty("team").GetString().ShouldBe("数据库组");
        his.GetProperty("assignee").ValueKind.ShouldBe(JsonValueKind.Null);

        // Nothing matches a walk-in about something else: no team, nobody.
        var other = await OpenAsync("随访电话外呼失败", _desk.FollowUp, channel: "walk_in");
        other.GetProperty("team").ValueKind.ShouldBe(JsonValueKind.Null);

        // Someone named by the person opening the ticket keeps it: rules are for tickets nobody assigned.
        var named = await _desk.CreateAsync(_desk.Admin, new { type = "incident", title = "三楼打印机卡纸", description = "卡纸", channel = "phone", businessSystemId = _desk.FollowUp, assignee = "wangli" });
        (named.GetProperty("assignee").GetString(), named.GetProperty("team").ValueKind).ShouldBe(("wangli", JsonValueKind.Null));
    }

    [Fact]
    public async Task ARuleNamingAPerson_SendsTicketsToThem_AndADisabledRuleTakesNothing()
    {
        (await _desk.Admin.PutAsync(Rules, new { rules = new[] { PrinterRule("user", "zhangwei") } })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await OpenAsync("打印机缺墨", _desk.FollowUp)).GetProperty("assignee").GetString().ShouldBe("zhangwei");

        var rules = await (await _desk.Admin.GetAsync(Rules)).JsonAsync();
        var teams = rules.GetProperty("teams").EnumerateArray().ToList();
        teams.Select(t => t.GetProperty("code").GetString()).ShouldBe(["team-dba", "team-infra"], ignoreOrder: true);
        teams.Single(t => t.GetProperty("code").GetString() == "team-infra").GetProperty("members").EnumerateArray()
            .Select(m => m.GetProperty("userName").GetString()).ShouldBe(["anquan", "liuyang", "zhangwei"]);

        var disabled = JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(PrinterRule("user", "zhangwei")))!;
        disabled["enabled"] = false;
        (await _desk.Admin.PutAsync(Rules, new { rules = new[] { disabled } })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await OpenAsync("打印机缺纸", _desk.FollowUp)).GetProperty("assignee").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task BadRules_AreRefusedFieldByField_AndChangeNothing()
    {
        (await _desk.Admin.PutAsync(Rules, new { rules = new[] { PrinterRule() } })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var bad = new
        {
            name = "",
            enabled = true,
            types = new[] { "no-such-type" },
            systems = new[] { 987_654L },
            priorities = new[] { 5 },
            channels = new[] { "fax" },
            keywords = Enumerable.Range(0, 21).Select(i => $"词{i}").ToArray(),
            team = "team-nowhere",
            assign = "user",
            assignee = (string?)null,
        };
        var response = await _desk.Admin.PutAsync(Rules, new { rules = new object[] { PrinterRule(), bad } });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.FieldErrorAsync("rules[1].name")).ShouldBe("dispatch_rule_name");
        (await response.FieldErrorAsync("rules[1].types")).ShouldBe("ticket_unknown_type");
        (await response.FieldErrorAsync("rules[1].systems")).ShouldBe("ticket_unknown_ci");
        (await response.FieldErrorAsync("rules[1].priorities")).ShouldBe("priority_range");
        (await response.FieldErrorAsync("rules[1].channels")).ShouldBe("invalid_value");
        (await response.FieldErrorAsync("rules[1].keywords")).ShouldBe("dispatch_keywords");
        (await response.FieldErrorAsync("rules[1].team")).ShouldBe("dispatch_unknown_team");
        (await response.FieldErrorAsync("rules[1].assignee")).ShouldBe("dispatch_assignee_required");

        var mode = await _desk.Admin.PutAsync(Rules, new { rules = new[] { PrinterRule("someone") } });
        (await mode.FieldErrorAsync("rules[0].assign")).ShouldBe("dispatch_assign_mode");
        var gone = await _desk.Admin.PutAsync(Rules, new { rules = new[] { PrinterRule("user", "nobody") } });
        (await gone.FieldErrorAsync("rules[0].assignee")).ShouldBe("ticket_unknown_user");

        // the saved list is as it was; an engineer may read it but not change it
        var saved = await (await _desk.Engineer.GetAsync(Rules)).JsonAsync();
        saved.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("name").GetString()).ShouldBe(["打印机与网络报修"]);
        (await _desk.Engineer.PutAsync(Rules, new { rules = Array.Empty<object>() })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
