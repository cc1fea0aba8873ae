using Dapper;
using HospitalOps.Cmdb.Contracts;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Demo;
using HospitalOps.Kernel.Security;
using HospitalOps.ServiceDesk.Sla;
using HospitalOps.ServiceDesk.Tickets;
using HospitalOps.ServiceDesk.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.ServiceDesk.Demo;

/// <summary>
/// Two months of the demo hospital's service desk, so lists, boards and reports are alive on first run: faults, requests, events
/// from alerts, problems and changes on the demo's business systems, taken by the engineers of the system's team, mostly in time
/// and sometimes late, rated by the requesters; the last days still open in every state. Every ticket goes through the real
/// workflow steps at the times it would have, so its SLA outcome is computed, not written. Random but repeatable (a fixed seed).
/// </summary>
internal sealed class ServiceDeskDemo(
    Databases databases, WorkflowCatalog workflows, TicketSla sla, SlaSweeper sweeper, IUserDirectory users, IServiceScopeFactory scopes, TimeProvider clock) : IDemoData
{
    public const int Days = 60;

    public int Order => 60;

    /// <summary>The engineers of each team of the demo hospital (its identity demo), who take that team's systems' tickets.</summary>
    private static readonly Dictionary<string, string[]> Engineers = new(StringComparer.Ordinal)
    {
        ["team-his"] = ["chen.hao", "huang.qiang"],
        ["team-emr"] = ["liu.yang"],
        ["team-imaging"] = ["zhou.lei", "ma.chao"],
        ["team-lab"] = ["sun.li"],
        ["team-dba"] = ["wu.gang"],
        ["team-infra"] = ["zheng.tao"],
        ["team-apps"] = ["huang.qiang"],
    };

    private static readonly string[] Requesters = ["门诊部 护士长", "住院部 护士站", "药剂科 药师", "收费处 收费员", "检验科 技师", "放射科 技师", "医务处 干事", "财务处 会计"];

    private static readonly (string Type, int Weight)[] Types = [("incident", 45), ("request", 26), ("event", 14), ("problem", 4), ("change", 8), ("requirement", 3)];

    private static readonly Dictionary<string, string[]> Titles = new(StringComparer.Ordinal)
    {
        ["incident"] =
        [
            "{0} 登录缓慢，门诊窗口排队", "{0} 打印报表失败", "{0} 提示数据库连接超时", "{0} 接口消息积压，数据未同步", "{0} 工作站无法连接服务器",
            "{0} 页面白屏", "{0} 保存时报错 ORA-00060", "{0} 查询结果与实际不符", "{0} 条码打印机卡纸", "{0} 签名证书校验失败",
        ],
        ["request"] =
        [
            "为新入职医生开通 {0} 账号", "{0} 增加科室操作权限", "导出上月 {0} 工作量统计", "{0} 工作站安装打印机驱动", "{0} 修改报表模板抬头",
            "{0} 重置用户密码", "{0} 新增收费项目",
        ],
        ["event"] = ["{0} 数据库服务器 CPU 使用率持续高于 90%", "{0} 应用服务不可达", "{0} 表空间使用率超过 85%", "{0} 服务器时钟偏差超过 1 秒", "{0} 接口队列长度异常"],
        ["problem"] = ["{0} 每周一上午间歇性超时的根因分析", "{0} 夜间批处理反复失败"],
        ["change"] = ["{0} 版本升级", "{0} 数据库补丁安装", "{0} 应用服务器扩容内存", "{0} 数据库迁移到新存储"],
        ["requirement"] = ["{0} 增加电子签名提醒", "{0} 对接医保新接口"],
    };

    private static readonly string[] Resolutions =
    [
        "重启应用服务后恢复，已观察 30 分钟无异常。", "清理阻塞会话，优化相关 SQL 的执行计划。", "更换故障网线并重新配置交换机端口。", "更新客户端配置文件中的服务地址。",
        "扩展表空间并设置自动扩展上限。", "与厂商远程协助修复接口程序缺陷，已发补丁。", "按申请完成配置，并与科室确认可用。",
    ];

    public async Task LoadAsync(CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM sd_tickets", cancellationToken: ct)) > 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var cmdb = scope.ServiceProvider.GetRequiredService<ICmdbDirectory>();
        var systems = (await cmdb.SelectAsync(new CiSelector("business", null, null, null, 200), ct))
            .Select(s => (System: s, Team: s.Attributes.GetValueOrDefault("team") ?? "team-apps", Level: int.TryParse(s.Attributes.GetValueOrDefault("level"), out var l) ? l : 3))
            .ToList();
        var existing = await users.ContactsAsync(Engineers.Values.SelectMany(e => e).Distinct().ToList(), ct);
        if (systems.Count == 0 || existing.Count == 0)
        {
            return;
        }

        var demoClock = new DemoClock();
        var creation = new TicketCreation(workflows, sla, new Dispatching.DispatchRules(users), demoClock);
        var transitions = new TicketTransitions(databases, workflows, sla, creation, users, scopes, demoClock, new Changes.ChangeGate(users, scopes));
        var random = new Random(20261122);
        var end = clock.GetUtcNow();
        var start = end.AddDays(-Days);
        var zone = BusinessCalendar.DefaultZone;

        for (var day = 0; day < Days; day++)
        {
            var date = TimeZoneInfo.ConvertTime(start.AddDays(day), zone).Date;
            var weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            var count = weekend ? random.Next(1, 4) : random.Next(5, 11);
            var opened = Enumerable.Range(0, count)
                .Select(_ => new DateTimeOffset(date, zone.GetUtcOffset(date)).AddMinutes(weekend || random.Next(10) == 0 ? random.Next(0, 24 * 60) : random.Next(7 * 60 + 30, 18 * 60)))
                .Where(t => t < end.AddMinutes(-30))
                .Order()
                .ToList();
            await using var tx = await Database.BeginWriteAsync(connection, ct);
            foreach (var at in opened)
            {
                await OneAsync(connection, tx, creation, transitions, demoClock, cmdb, random, systems, existing.Keys.ToList(), at, end, ct);
            }

            await tx.CommitAsync(ct);
        }

        await sweeper.SweepAsync(ct);
        await DispatchRulesAsync(connection, systems.Select(s => (s.System.Id, s.Team)).ToList(), ct);
    }

    /// <summary>
    /// The demo hospital's dispatch rules, saved after its history so that they send only the tickets people open from now on:
    /// database errors to the DBAs and printers and the network to infrastructure, whatever the system; then each business system's
    /// tickets to the team its CMDB entry names, to whoever there holds the fewest.
    /// </summary>
    private async Task DispatchRulesAsync(System.Data.Common.DbConnection connection, List<(long Id, string Team)> systems, CancellationToken ct)
    {
        var teams = (await users.TeamsAsync(ct)).ToDictionary(t => t.Code, StringComparer.Ordinal);
        var rules = new List<Dispatching.DispatchRule>
        {
            new("数据库报错与锁等待", true, ["incident", "event"], [], [], [], ["ORA-", "死锁", "锁等待", "表空间", "数据库连接"], "team-dba", "least_loaded", null),
            new("打印机、电脑与网络报修", true, ["incident", "request"], [], [], [], ["打印机", "电脑", "网络", "扫码枪", "断网"], "team-infra", "least_loaded", null),
        };
        foreach (var group in systems.GroupBy(s => s.Team).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (teams.TryGetValue(group.Key, out var team))
            {
                // a team of the hospital's own staff shares its tickets; one the vendor's resident engineer works for gets them named
                var resident = team.Members.Count == 0 ? Engineers.GetValueOrDefault(group.Key)?.FirstOrDefault() : null;
                rules.Add(new($"{team.Name.Split('（')[0]}的业务系统", true, [], group.Select(s => s.Id).ToList(), [], [], [], group.Key,
                    resident is null ? "least_loaded" : "user", resident));
            }
        }

        await using var tx = await Database.BeginWriteAsync(connection, ct);
        for (var i = 0; i < rules.Count; i++)
        {
            if (!teams.ContainsKey(rules[i].Team))
            {
                continue;
            }

            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO sd_dispatch_rules (position, rule, updated_at, updated_by) VALUES (@i, @rule, @now, 'demo')",
                new { i, rule = System.Text.Json.JsonSerializer.Serialize(rules[i], Workflows.WorkflowJson.Options), now = UnixMs.Now(clock) }, tx, cancellationToken: ct));
        }

        await tx.CommitAsync(ct);
    }

    private async Task OneAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx, TicketCreation creation, TicketTransitions transitions, DemoClock demoClock,
        ICmdbDirectory cmdb, Random random, List<(CiFacts System, string Team, int Level)> systems, List<string> engineers, DateTimeOffset at, DateTimeOffset end, CancellationToken ct)
    {
        var type = Pick(random, Types);
        // Level-1 systems (HIS, EMR, LIS, PACS…) carry most of the work.
        var level1 = systems.Where(s => s.Level == 1).ToList();
        var (system, team, _) = level1.Count > 0 && random.Next(10) < 6 ? level1[random.Next(level1.Count)] : systems[random.Next(systems.Count)];
        var candidates = Engineers.GetValueOrDefault(team, ["huang.qiang"]).Where(engineers.Contains).ToList();
        var engineer = candidates.Count > 0 ? candidates[random.Next(candidates.Count)] : engineers[random.Next(engineers.Count)];
        var title = string.Format(System.Globalization.CultureInfo.InvariantCulture, Titles[type][random.Next(Titles[type].Length)], ShortName(system.Name));
        var fields = new Dictionary<string, string>();
        if (type == "incident" && random.Next(10) < 4)
        {
            fields["onSiteRequired"] = "true";
        }

        if (type == "change")
        {
            fields["risk"] = random.Next(10) < 2 ? "high" : "medium";
            fields["plannedStart"] = at.AddDays(2).ToString("O");
            fields["plannedEnd"] = at.AddDays(2).AddHours(3).ToString("O");
            fields["rollbackPlan"] = "回退到变更前的备份与版本。";
        }

        demoClock.Now = at;
        var requester = Requesters[random.Next(Requesters.Length)];
        var id = await creation.CreateAsync(connection, tx, new NewTicket(
            type, title, $"{requester}来电：{title}。", type == "event" ? "alert" : random.Next(3) == 0 ? "web" : "phone",
            random.Next(1, 4), random.Next(1, 4), system.Id, [], null, type == "event" ? "告警 / Alerting" : requester, null, engineer, team, fields,
            type == "event" ? $"demo-alert:{at.ToUnixTimeMilliseconds()}:{random.Next()}" : null, null, false, []),
            TicketActor.System(engineer), cmdb, ct, refreshDerived: false);

        // How this one went: most answered within minutes, a few late; most resolved well in time, some late; the last days still open.
        var age = end - at;
        var late = random.Next(100) < 9;
        var respondAfter = TimeSpan.FromMinutes(late ? random.Next(35, 150) : random.Next(3, 25));
        var steps = StepsOf(type, fields.ContainsKey("onSiteRequired"), fields.GetValueOrDefault("risk") == "high", random);
        var t = at;
        foreach (var (key, after, extra) in steps)
        {
            t += key is "accept" or "investigate" or "submit" or "submit_high_risk" ? respondAfter : after(random, late);
            if (t > end.AddMinutes(-5) || (age < TimeSpan.FromDays(3) && random.Next(5) < 3) || (age < TimeSpan.FromDays(6) && random.Next(4) == 0))
            {
                break;
            }

            demoClock.Now = t;
            var rating = key == "confirm" ? (int?)PickRating(random) : null;
            await transitions.ApplyInAsync(connection, tx, id, key, new TransitionTicketRequest(null, extra, null, rating, rating is >= 4 ? "处理及时" : rating is not null ? "希望更快一些" : null,
                key is "hold" or "wait" ? "等待科室确认" : null, null), null, TicketActor.System(key == "confirm" ? requester : engineer), ct, refreshDerived: false);
        }

        // The clocks once, as they stand now, from the whole history (a breach on the way is recorded against the engineer).
        await TicketSearch.WriteAsync(connection, tx, id, ct);
        await sla.RecomputeAsync(connection, tx, (await TicketRecord.ByIdAsync(connection, tx, id, ct))!, end, ct);
    }

    private static List<(string Key, Func<Random, bool, TimeSpan> After, Dictionary<string, string>? Fields)> StepsOf(string type, bool onSite, bool highRisk, Random random)
    {
        var resolution = new Dictionary<string, string> { ["resolution"] = Resolutions[random.Next(Resolutions.Length)] };
        static TimeSpan Work(Random r, bool late) => TimeSpan.FromMinutes(late ? r.Next(600, 3000) : r.Next(20, 400));
        static TimeSpan Confirm(Random r, bool late) => TimeSpan.FromMinutes(r.Next(30, 600));
        return type switch
        {
            "incident" or "event" => onSite
                ? [("accept", Work, null), ("arrive", (r, l) => TimeSpan.FromMinutes(l ? r.Next(70, 200) : r.Next(15, 55)), null), ("resolve", Work, resolution), ("confirm", Confirm, null)]
                : [("accept", Work, null), ("resolve", Work, resolution), ("confirm", Confirm, null)],
            "request" or "requirement" => [("accept", Work, null), ("fulfil", Work, resolution), ("confirm", Confirm, null)],
            "problem" => [("investigate", Work, null), ("record_cause", Work, new() { ["rootCause"] = "连接池上限过低，高峰期排队。" }), ("resolve", Work, resolution), ("close", Confirm, null)],
            _ => [(highRisk ? "submit_high_risk" : "submit", Work, null), ("approve", (r, _) => TimeSpan.FromHours(r.Next(2, 20)), null), ("start", (r, _) => TimeSpan.FromHours(r.Next(20, 40)), null),
                  ("complete", (r, _) => TimeSpan.FromHours(r.Next(1, 4)), resolution), ("close", Confirm, null)],
        };
    }

    /// <summary>A system's name without its explanation in brackets ("门急诊 HIS（预约挂号…）" → "门急诊 HIS"), unless the bracket is part of the name itself.</summary>
    private static string ShortName(string name)
    {
        var cut = name.IndexOf('（', StringComparison.Ordinal);
        return cut >= 2 && name.EndsWith('）') && name.LastIndexOf('（') == cut ? name[..cut] : name;
    }

    private static int PickRating(Random random) => random.Next(100) switch
    {
        < 60 => 5,
        < 88 => 4,
        < 96 => 3,
        < 99 => 2,
        _ => 1,
    };

    private static string Pick(Random random, (string Value, int Weight)[] choices)
    {
        var roll = random.Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
        {
            if ((roll -= weight) < 0)
            {
                return value;
            }
        }

        return choices[0].Value;
    }

    /// <summary>The instant each demo step happened, for the ticket code that reads its time from a clock.</summary>
    private sealed class DemoClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
