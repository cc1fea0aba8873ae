using System.Globalization;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Files;
using HospitalOps.Kernel.Security;
using HospitalOps.ServiceDesk.Workflows;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.ServiceDesk.Records;

/// <summary>The work log of a period as an Excel workbook: a summary per engineer, then every on-site visit.</summary>
internal static class ExportWorkLog
{
    internal static async Task<IResult> Endpoint(HttpContext context, Databases databases, WorkflowCatalog workflows, IUserDirectory users, TimeProvider clock,
        string? from, string? to, string? engineer, CancellationToken ct)
    {
        var log = await GetWorkLog.BuildAsync(context, databases, workflows, users, clock, from, to, engineer, ct);
        using var memory = new MemoryStream();
        using (var xlsx = new XlsxWriter(memory))
        {
            xlsx.BeginSheet("工作记录", [22, 10, 10, 10, 10, 14, 14, 60]);
            xlsx.WriteRow(["工程师工作记录（驻场人天）"]);
            xlsx.WriteRow(["统计期间", $"{Day(log.From)} 至 {Day(log.To)}（含）"]);
            xlsx.WriteRow(["导出时间", ExportTickets.Time(clock.GetUtcNow().ToUnixTimeMilliseconds()) + "（北京时间）"]);
            xlsx.WriteRow(["合计人天", log.PersonDays, "合计工时（小时）", log.Hours]);
            xlsx.WriteRow(["说明", "一个人天 = 一名工程师在北京时间的一个自然日内到场（不论时长）；同日多次到场计一个人天，跨零点的到场两日各计一个人天。到场从“到场”一步起，到工单离开到场状态（解决、挂起、改派）止。处理工单 = 期间内到场的工单，及期间内解决、处理人为该工程师的工单。"]);
            xlsx.WriteRow([]);
            xlsx.WriteRow(["工程师", "人天", "工时（小时）", "到场次数", "处理工单", "响应达标", "解决达标", "到场日期"]);
            foreach (var e in log.Engineers)
            {
                xlsx.WriteRow([
                    e.DisplayName == e.Engineer ? e.Engineer : $"{e.DisplayName}（{e.Engineer}）", e.PersonDays, e.Hours, e.VisitCount, e.TicketsHandled,
                    $"{e.ResponseMet}/{e.ResponseMeasured}", $"{e.ResolutionMet}/{e.ResolutionMeasured}", string.Join("、", e.Days.Select(Day)),
                ]);
            }

            xlsx.BeginSheet("到场明细", [22, 18, 36, 20, 17, 17, 10, 24]);
            xlsx.WriteRow(["工程师", "工单编号", "标题", "业务系统", "到场时间", "离场时间", "工时（小时）", "计入日期"]);
            foreach (var e in log.Engineers)
            {
                foreach (var v in e.Visits)
                {
                    xlsx.WriteRow([
                        e.DisplayName == e.Engineer ? e.Engineer : $"{e.DisplayName}（{e.Engineer}）", v.Number, v.Title, v.BusinessSystemName,
                        ExportTickets.Time(v.ArrivedAt.ToUnixTimeMilliseconds()), v.LeftAt is { } left ? ExportTickets.Time(left.ToUnixTimeMilliseconds()) : "仍在现场",
                        v.Hours, string.Join("、", v.Days.Select(Day)),
                    ]);
                }
            }

            xlsx.Complete();
        }

        return Results.File(memory.ToArray(), ExportTickets.ContentType, $"work-log-{log.From:yyyyMMdd}-{log.To:yyyyMMdd}.xlsx");
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
