using Dapper;
using HospitalOps.Alerting.Rules;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Demo;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Alerting.Demo;

/// <summary>
/// The demo hospital's alerting: the whole template library applied with its defaults, an on-call roster of the IT
/// department, an escalation policy, and a route to a WeCom robot that is switched off (the demo has no robot to reach).
/// </summary>
internal sealed class AlertingDemo(Databases databases, IServiceScopeFactory scopes) : IDemoData
{
    public int Order => 50;

    public async Task LoadAsync(CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var applied = (await connection.QueryAsync<string>(new CommandDefinition("SELECT template FROM alert_rules WHERE template IS NOT NULL", cancellationToken: ct)))
            .ToHashSet(StringComparer.Ordinal);
        await using var services = scopes.CreateAsyncScope();
        var save = services.ServiceProvider.GetRequiredService<SaveRule>();
        foreach (var template in RuleTemplates.All.Where(t => !applied.Contains(t.Id)))
        {
            await save.CreateAsync(RuleTemplates.Instantiate(template, new ApplyRuleTemplateRequest(null, null, null, null, null, null)), ct);
        }

        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM notification_routes", cancellationToken: ct)) == 0)
        {
            await NotificationsAsync(services.ServiceProvider, ct);
        }
    }

    private static async Task NotificationsAsync(IServiceProvider services, CancellationToken ct)
    {
        var robot = await services.GetRequiredService<Notifications.Channels.SaveChannel>().SaveAsync(null, new Notifications.Channels.SaveChannelRequest(
            "信息科值班群（示例，未启用）", Notifications.Channels.ChannelType.WeCom, "zh-CN", new Notifications.Channels.ChannelSettings { MessageType = "text" },
            new Dictionary<string, string?> { ["url"] = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=demo-not-a-real-key" }, null, Enabled: false, null), ct);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var roster = await services.GetRequiredService<OnCall.SaveOnCallSchedule>().SaveAsync(null, new OnCall.SaveOnCallScheduleRequest(
            "信息科日常值班", ["chen.hao", "zheng.tao", "wu.gang", "huang.qiang"], 1, "08:30", today.AddDays(-(int)today.DayOfWeek),
            ["zheng.tao", "huang.qiang"], [new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 2), new DateOnly(2027, 1, 3)], [], null), ct);
        var policy = await services.GetRequiredService<Escalation.SaveEscalationPolicy>().SaveAsync(null, new Escalation.SaveEscalationPolicyRequest(
            "紧急事态升级",
            [new Escalation.EscalationStep(10, ["huang.qiang"], null, [robot.Id]), new Escalation.EscalationStep(30, ["wang.jun"], roster.Id, [robot.Id])],
            15, null), ct);
        await services.GetRequiredService<Notifications.Routing.SaveRoute>().SaveAsync(null, new Notifications.Routing.SaveRouteRequest(
            "紧急与严重事态", 10, new Notifications.Routing.RouteMatch([Severity.Critical, Severity.Major], null, null, null, null), [robot.Id], roster.Id, policy.Id,
            true, false, true, null), ct);
    }
}
