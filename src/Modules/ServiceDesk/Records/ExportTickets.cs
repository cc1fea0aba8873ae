using System.Globalization;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Files;
using HospitalOps.Kernel.Security;
using HospitalOps.ServiceDesk.Sla;
using HospitalOps.ServiceDesk.Tickets;
using HospitalOps.ServiceDesk.Workflows;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.ServiceDesk.Records;

/// <summary>
/// The maintenance records of a period as an Excel workbook, the acceptance evidence a maintenance contract is judged on: every
/// ticket the list's filter selects (not a page), oldest first, with its times in Asia/Shanghai, each SLA target's allowed and
/// used working time, its result and the party a breach was recorded against, and the requester's rating. A summary tab (listed
/// first) states the period, the filter, when and by whom it was generated, and the totals. Tickets are read a batch at a time
/// and written as they are read, so a year of records never sits in memory.
/// </summary>
internal static class ExportTickets
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private const int Batch = 500;
    private static readonly string[] Kinds = ["response", "arrival", "resolution"];

    public static readonly IReadOnlyList<string> Headers =
    [
        "工单编号", "类型", "标题", "状态", "业务系统", "配置项", "优先级", "来源渠道", "报告人", "处理人", "处理组",
        "创建时间", "响应时间", "到场时间", "解决时间", "关闭时间",
        "响应时限（分钟）", "响应用时（分钟）", "响应结果", "响应违约方",
        "到场时限（分钟）", "到场用时（分钟）", "到场结果", "到场违约方",
        "解决时限（分钟）", "解决用时（分钟）", "解决结果", "解决违约方",
        "满意度评分", "评价",
    ];

    internal static async Task<IResult> Endpoint(HttpContext context, Databases databases, WorkflowCatalog workflows, TicketSla sla, IUserDirectory users, TimeProvider clock,
        string? status, string? type, string? priority, long? system, string? assignee, string? colour, string? q, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        var filter = new TicketListFilter(status, type, priority, system, assignee, colour, q, from, to);
        var user = CurrentUser.Of(context);
        var file = new FileStream(Path.Combine(Path.GetTempPath(), $"hospitalops-tickets-{Guid.NewGuid():N}.xlsx"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None,
            81920, FileOptions.DeleteOnClose);
        try
        {
            await WriteAsync(file, filter, user.UserName, databases, workflows, sla, users, clock, ct);
            file.Position = 0;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }

        var name = $"ticket-records-{Stamp(from) ?? "all"}-{Stamp(to is { } t ? t.AddMilliseconds(-1) : null) ?? Stamp(clock.GetUtcNow())}.xlsx";
        return Results.File(file, ContentType, name);
    }

    /// <summary>Writes the workbook of the tickets <paramref name="filter"/> selects into <paramref name="output"/>.</summary>
    public static async Task WriteAsync(Stream output, TicketListFilter filter, string userName, Databases databases, WorkflowCatalog workflows, TicketSla sla,
        IUserDirectory users, TimeProvider clock, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var args = new DynamicParameters();
        // The conditions a page is chosen by: for a common word on PostgreSQL they look each ticket's words up in the export's order,
        // where the plain form would gather every ticket that ever matched again for each batch.
        var clause = (await filter.ConditionsAsync(connection, args, userName, ct)).PageWhere;
        var totals = new Totals();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        using var xlsx = new XlsxWriter(output);
        xlsx.BeginSheet("工单记录", [18, 8, 36, 8, 20, 28, 7, 9, 14, 14, 14, 17, 17, 17, 17, 17, 9, 9, 9, 12, 9, 9, 9, 12, 9, 9, 9, 12, 8, 30]);
        xlsx.WriteRow(Headers);

        (long At, long Id)? after = null;
        while (true)
        {
            var keyset = after is null ? "" : "(t.opened_at > @afterAt OR (t.opened_at = @afterAt AND t.id > @afterId))";
            args.Add("afterAt", after?.At ?? 0L);
            args.Add("afterId", after?.Id ?? 0L);
            args.Add("batch", Batch);
            var where = clause.Length == 0 ? (keyset.Length == 0 ? "" : "WHERE " + keyset) : keyset.Length == 0 ? clause : $"{clause} AND {keyset}";
            var rows = (await connection.QueryAsync<Row>(new CommandDefinition(
                $"""
                SELECT t.id, t.number, y.name AS TypeName, t.title, t.state, t.workflow_id AS WorkflowId, t.workflow_version AS WorkflowVersion,
                  t.business_system_name AS BusinessSystemName, t.priority, t.channel, t.reporter_user AS ReporterUser, t.reporter_name AS ReporterName,
                  t.assignee, t.team, t.opened_at AS OpenedAt, t.responded_at AS RespondedAt, t.arrived_at AS ArrivedAt, t.resolved_at AS ResolvedAt,
                  t.closed_at AS ClosedAt, t.rating, t.rating_comment AS RatingComment
                FROM sd_tickets t JOIN sd_ticket_types y ON y.id = t.type_id {where}
                ORDER BY t.opened_at, t.id LIMIT @batch
                """, args, cancellationToken: ct))).ToList();
            if (rows.Count == 0)
            {
                break;
            }

            after = (rows[^1].OpenedAt, rows[^1].Id);
            var ids = rows.Select(r => r.Id).ToList();
            var inList = SqlIn.List("id", ids, args);
            var cis = (await connection.QueryAsync<(long TicketId, string Code, string Name)>(new CommandDefinition(
                $"SELECT ticket_id, ci_code, ci_name FROM sd_ticket_cis WHERE ticket_id IN {inList} ORDER BY ticket_id, ci_code", cancellationToken: ct)))
                .ToLookup(c => c.TicketId);
            var clocks = (await connection.QueryAsync<ClockRow>(new CommandDefinition(
                $"SELECT ticket_id AS TicketId, kind, allowed_ms AS AllowedMs, used_ms AS UsedMs, outcome, stopped_at AS StoppedAt, paused FROM sd_sla_clocks WHERE ticket_id IN {inList}",
                cancellationToken: ct)))
                .ToDictionary(c => (c.TicketId, c.Kind));
            await ComputeRunningClocksAsync(connection, sla, clocks, clock.GetUtcNow(), ct);
            var breaches = (await connection.QueryAsync<(long TicketId, string Kind, string? Responsible)>(new CommandDefinition(
                $"SELECT ticket_id, kind, responsible FROM sd_sla_breaches WHERE ticket_id IN {inList}", cancellationToken: ct)))
                .ToDictionary(b => (b.TicketId, b.Kind), b => b.Responsible);
            var unknown = rows.SelectMany(r => new[] { r.Assignee, r.ReporterUser }).Concat(breaches.Values)
                .OfType<string>().Where(n => !names.ContainsKey(n)).Distinct(StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                var found = await users.ContactsAsync(unknown, ct);
                foreach (var n in unknown)
                {
                    names[n] = found.TryGetValue(n, out var contact) && contact.DisplayName != n ? $"{contact.DisplayName}（{n}）" : n;
                }
            }

            foreach (var r in rows)
            {
                var definition = await workflows.VersionAsync(connection, null, r.WorkflowId, r.WorkflowVersion, ct);
                var cells = new List<object?>(Headers.Count)
                {
                    r.Number, r.TypeName, r.Title, definition.States.FirstOrDefault(s => s.Key == r.State)?.Name ?? r.State, r.BusinessSystemName,
                    string.Join("；", cis[r.Id].Select(c => $"{c.Name}（{c.Code}）")), $"P{r.Priority}", ChannelName(r.Channel),
                    r.ReporterUser is { } reporter ? names.GetValueOrDefault(reporter, r.ReporterName) : r.ReporterName,
                    r.Assignee is { } a ? names.GetValueOrDefault(a, a) : null, r.Team,
                    Time(r.OpenedAt), Time(r.RespondedAt), Time(r.ArrivedAt), Time(r.ResolvedAt), Time(r.ClosedAt),
                };
                foreach (var kind in Kinds)
                {
                    if (clocks.TryGetValue((r.Id, kind), out var c))
                    {
                        totals.Count(kind, c.Outcome);
                        var party = breaches.TryGetValue((r.Id, kind), out var who) ? who is null ? "未指派" : names.GetValueOrDefault(who, who) : null;
                        cells.AddRange([c.AllowedMs / 60_000.0, Math.Round(c.UsedMs / 60_000.0, 1), OutcomeName(c.Outcome), party]);
                    }
                    else
                    {
                        cells.AddRange([null, null, null, null]);
                    }
                }

                cells.Add(r.Rating);
                cells.Add(r.RatingComment);
                totals.Tickets++;
                if (r.Rating is { } rating)
                {
                    totals.Rated++;
                    totals.RatingSum += rating;
                }

                xlsx.WriteRow(cells);
            }

            if (rows.Count < Batch)
            {
                break;
            }
        }

        xlsx.BeginSheet("概要", [22, 60], listFirst: true);
        foreach (var line in Summary(filter, userName, names, totals, clock.GetUtcNow()))
        {
            xlsx.WriteRow(line);
        }

        xlsx.Complete();
    }

    private static IEnumerable<object?[]> Summary(TicketListFilter filter, string userName, Dictionary<string, string> names, Totals totals, DateTimeOffset now)
    {
        yield return ["运维服务记录（工单）"];
        yield return [];
        yield return ["统计期间（按创建时间）", Period(filter.From, filter.To)];
        yield return ["筛选条件", FilterText(filter, userName)];
        yield return ["导出时间", Time(now.ToUnixTimeMilliseconds()) + "（北京时间）"];
        yield return ["导出人", names.GetValueOrDefault(userName, userName)];
        yield return [];
        yield return ["工单数", totals.Tickets];
        var decided = totals.Decided("*");
        yield return ["SLA 考核项（已有结果）", decided];
        yield return ["SLA 达标", totals.Met("*")];
        yield return ["SLA 未达标（超时或违约）", decided - totals.Met("*")];
        yield return ["SLA 计时中", totals.Running("*")];
        yield return ["SLA 达标率", Percent(totals.Met("*"), decided) ?? "—"];
        foreach (var (kind, word) in new[] { ("response", "响应"), ("arrival", "到场"), ("resolution", "解决") })
        {
            yield return [$"{word}达标率", Percent(totals.Met(kind), totals.Decided(kind)) is { } p ? $"{p}（{totals.Met(kind)}/{totals.Decided(kind)}）" : "—"];
        }

        yield return ["满意度（已评价工单的平均分）", totals.Rated == 0 ? "—" : $"{Math.Round((double)totals.RatingSum / totals.Rated, 2).ToString(CultureInfo.InvariantCulture)}（{totals.Rated} 张已评价）"];
        yield return [];
        yield return ["说明", "时间为北京时间（Asia/Shanghai）。时限与用时为 SLA 日历上的工作时间（分钟），挂起时间不计。“超时完成”计为未达标；计时中的考核项不计入达标率。违约方为违约发生时的处理人（无处理人时为处理组）。"];
    }

    private static string? Percent(long met, long decided) =>
        decided == 0 ? null : (100.0 * met / decided).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Period(DateTimeOffset? from, DateTimeOffset? to) => (from, to) switch
    {
        (null, null) => "全部",
        _ => $"{(from is { } f ? Time(f.ToUnixTimeMilliseconds()) : "不限")} 至 {(to is { } t ? Time(t.ToUnixTimeMilliseconds()) : "不限")}（不含）",
    };

    private static string FilterText(TicketListFilter f, string userName)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(f.Status) && f.Status != "all")
        {
            parts.Add("状态：" + (f.Status switch { "active" => "未关闭", "open" => "处理中", "new" => "待响应", "waiting" => "挂起", "resolved" => "已解决", "closed" => "已关闭", _ => f.Status }));
        }

        if (!string.IsNullOrWhiteSpace(f.Type))
        {
            parts.Add("类型：" + f.Type.Trim());
        }

        if (!string.IsNullOrWhiteSpace(f.Priority))
        {
            parts.Add("优先级：" + f.Priority.Trim());
        }

        if (f.System is { } s)
        {
            parts.Add("业务系统：#" + s.ToString(CultureInfo.InvariantCulture));
        }

        if (!string.IsNullOrWhiteSpace(f.Assignee))
        {
            parts.Add("处理人：" + (f.Assignee == "me" ? userName : f.Assignee == "none" ? "未指派" : f.Assignee.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(f.Colour))
        {
            parts.Add("SLA：" + f.Colour switch { "green" => "绿", "yellow" => "黄", "red" => "红", _ => "黑" });
        }

        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            parts.Add("关键词：" + f.Q.Trim());
        }

        return parts.Count == 0 ? "无（全部工单）" : string.Join("；", parts);
    }

    private static string? Stamp(DateTimeOffset? at) =>
        at is { } t ? TimeZoneInfo.ConvertTime(t, BusinessCalendar.DefaultZone).ToString("yyyyMMdd", CultureInfo.InvariantCulture) : null;

    /// <summary>A stored time as the hospital reads it: Asia/Shanghai, to the minute.</summary>
    public static string? Time(long? ms) =>
        ms is { } v ? TimeZoneInfo.ConvertTime(UnixMs.ToTime(v), BusinessCalendar.DefaultZone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : null;

    public static string OutcomeName(string outcome) => outcome switch
    {
        "met" => "达标",
        "met_late" => "超时完成",
        "breached" => "违约",
        _ => "计时中",
    };

    private static string ChannelName(string channel) => channel switch
    {
        "phone" => "电话",
        "walk_in" => "现场",
        "wecom" => "企业微信",
        "web" => "网页",
        "email" => "邮件",
        "inspection" => "巡检",
        "alert" => "告警",
        _ => channel,
    };

    private sealed class Totals
    {
        private readonly Dictionary<(string Kind, string Outcome), long> _outcomes = [];

        public long Tickets { get; set; }

        public long Rated { get; set; }

        public long RatingSum { get; set; }

        public void Count(string kind, string outcome) => _outcomes[(kind, outcome)] = _outcomes.GetValueOrDefault((kind, outcome)) + 1;

        public long Met(string kind) => Sum(kind, o => o == "met");

        public long Decided(string kind) => Sum(kind, o => o is "met" or "met_late" or "breached");

        public long Running(string kind) => Sum(kind, o => o is not ("met" or "met_late" or "breached"));

        private long Sum(string kind, Func<string, bool> outcome) =>
            _outcomes.Where(o => (kind == "*" || o.Key.Kind == kind) && outcome(o.Key.Outcome)).Sum(o => o.Value);
    }

    private sealed record Row
    {
        public long Id { get; init; }
        public string Number { get; init; } = "";
        public string TypeName { get; init; } = "";
        public string Title { get; init; } = "";
        public string State { get; init; } = "";
        public long WorkflowId { get; init; }
        public int WorkflowVersion { get; init; }
        public string? BusinessSystemName { get; init; }
        public int Priority { get; init; }
        public string Channel { get; init; } = "";
        public string? ReporterUser { get; init; }
        public string ReporterName { get; init; } = "";
        public string? Assignee { get; init; }
        public string? Team { get; init; }
        public long OpenedAt { get; init; }
        public long? RespondedAt { get; init; }
        public long? ArrivedAt { get; init; }
        public long? ResolvedAt { get; init; }
        public long? ClosedAt { get; init; }
        public int? Rating { get; init; }
        public string? RatingComment { get; init; }
    }

    /// <summary>
    /// A running clock's stored time used is as of its last write (the SLA sweep writes a clock when its colour, deadline or result
    /// moves, not as every second passes), so the record of a ticket still open is computed as of now.
    /// </summary>
    private static async Task ComputeRunningClocksAsync(System.Data.Common.DbConnection connection, TicketSla sla, Dictionary<(long TicketId, string Kind), ClockRow> clocks,
        DateTimeOffset now, CancellationToken ct)
    {
        var running = clocks.Values.Where(c => c.StoppedAt is null && !c.Paused).Select(c => c.TicketId).Distinct().ToList();
        if (running.Count == 0)
        {
            return;
        }

        var args = new DynamicParameters();
        var tickets = (await connection.QueryAsync<TicketRecord>(new CommandDefinition(
            $"{TicketRecord.Select} WHERE t.id IN {SqlIn.List("id", running, args)}", args, cancellationToken: ct))).ToList();
        foreach (var (ticketId, ticketClocks) in await sla.ClocksAsync(connection, null, tickets, ct))
        {
            foreach (var c in ticketClocks.Select(c => TicketSla.Dto(c, c.At(now))))
            {
                clocks[(ticketId, c.Kind)] = new ClockRow { TicketId = ticketId, Kind = c.Kind, AllowedMs = c.AllowedMs, UsedMs = c.UsedMs, Outcome = c.Outcome, StoppedAt = c.StoppedAt?.ToUnixTimeMilliseconds(), Paused = c.Paused };
            }
        }
    }

    private sealed record ClockRow
    {
        public long TicketId { get; init; }
        public string Kind { get; init; } = "";
        public long AllowedMs { get; init; }
        public long UsedMs { get; init; }
        public string Outcome { get; init; } = "";
        public long? StoppedAt { get; init; }
        public bool Paused { get; init; }
    }
}
