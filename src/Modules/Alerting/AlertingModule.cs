using HospitalOps.Alerting.Data;
using HospitalOps.Alerting.Evaluation;
using HospitalOps.Alerting.Events;
using HospitalOps.Alerting.Rules;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HospitalOps.Alerting;

/// <summary>Alerting: rules over the metric history, their alerts, and the events (事态) engineers handle.</summary>
public static class AlertingModule
{
    public const string Read = "alerting.read";
    public const string Write = "alerting.write";
    public const string Handle = "alerting.handle";
    public const string Ingest = "alerting.ingest";

    public static IServiceCollection AddAlertingModule(this IServiceCollection services, IConfiguration configuration)
    {
        PermissionCatalog.Register(
            new Permission(Read, "alerting", "查看告警规则与事态", "View alert rules and events"),
            new Permission(Write, "alerting", "维护告警规则", "Edit alert rules"),
            new Permission(Handle, "alerting", "处理事态（确认、关闭）", "Handle events (acknowledge, close)"),
            new Permission(Ingest, "alerting", "接收外部告警（Prometheus 等）", "Send alerts from outside (Prometheus and others)"));
        AlertingErrors.Register();
        services.Configure<AlertingOptions>(configuration.GetSection("Alerting"));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AlertingOptions>>().Value);
        services.AddSingleton<IMigrationSource, AlertingMigrations>();
        services.AddSingleton<ScopeResolver>();
        services.AddSingleton<Baselines.BaselineRules>();
        services.AddSingleton<RuleEvaluator>();
        services.AddSingleton<EvaluationScheduler>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<EvaluationScheduler>());
        services.AddScoped<SaveRule>();
        services.AddSingleton<IngestAlerts>();
        services.AddSingleton<PreviewRule>();
        services.AddScoped<Maintenance.SaveMaintenanceWindow>();
        services.AddSingleton<Kernel.Events.IModuleEventSubscriber, Maintenance.WindowsFromChanges>();
        services.AddSingleton<Kernel.Events.IModuleEventSubscriber, Notifications.Delivery.TicketNoticeDelivery>();
        services.AddSingleton<Kernel.Events.IModuleEventSubscriber, Notifications.Delivery.P1GroupDelivery>();
        services.AddSingleton<Kernel.Demo.IDemoData, Demo.AlertingDemo>();
        AddNotifications(services);
        return services;
    }

    private static void AddNotifications(IServiceCollection services)
    {
        services.AddHttpClient(Notifications.Senders.NotificationHttp.ClientName).ConfigurePrimaryHttpMessageHandler(Notifications.Senders.NotificationHttp.Handler);
        services.AddSingleton<Notifications.Senders.NotificationHttp>();
        services.AddSingleton<Notifications.Senders.INotificationSender, Notifications.Senders.EmailSender>();
        services.AddSingleton<Notifications.Senders.INotificationSender, Notifications.Senders.WeComSender>();
        services.AddSingleton<Notifications.Senders.INotificationSender, Notifications.Senders.DingTalkSender>();
        services.AddSingleton<Notifications.Senders.INotificationSender, Notifications.Senders.FeishuSender>();
        services.AddSingleton<Notifications.Senders.INotificationSender, Notifications.Senders.AliyunSmsSender>();
        services.AddSingleton<Notifications.Senders.INotificationSender, Notifications.Senders.TencentSmsSender>();
        services.AddSingleton<Notifications.Senders.INotificationSender, Notifications.Senders.WebhookSender>();
        services.AddSingleton<Notifications.Delivery.NotificationSignal>();
        services.AddSingleton<Notifications.Delivery.NotificationPlanner>();
        services.AddSingleton<Notifications.Delivery.OutboxDispatcher>();
        services.AddSingleton<IHostedService, Notifications.Delivery.NotificationWorker>();
        services.AddScoped<Notifications.Channels.SaveChannel>();
        services.AddScoped<Notifications.Routing.SaveRoute>();
        services.AddScoped<Notifications.Routing.ReorderRoutes>();
        services.AddScoped<OnCall.SaveOnCallSchedule>();
        services.AddScoped<Escalation.SaveEscalationPolicy>();
        services.AddSingleton<Escalation.EscalationSweeper>();
    }

    public static IEndpointRouteBuilder MapAlertingModule(this IEndpointRouteBuilder api)
    {
        var alerting = api.MapGroup("/alerting").WithTags("Alerting");
        alerting.MapGet("/rules", ListRules.Endpoint).RequirePermission(Read);
        alerting.MapGet("/rules/{id:long}", ListRules.GetEndpoint).RequirePermission(Read);
        alerting.MapPost("/rules", SaveRule.CreateEndpoint).RequirePermission(Write);
        alerting.MapPost("/rules/preview", PreviewRule.Endpoint).RequirePermission(Read);
        alerting.MapPut("/rules/{id:long}", SaveRule.UpdateEndpoint).RequirePermission(Write);
        alerting.MapDelete("/rules/{id:long}", DeleteRule.Endpoint).RequirePermission(Write);
        alerting.MapGet("/rule-templates", RuleTemplates.ListEndpoint).RequirePermission(Read);
        alerting.MapPost("/rule-templates/{id}/apply", RuleTemplates.ApplyEndpoint).RequirePermission(Write);
        alerting.MapGet("/maintenance-windows", Maintenance.ListMaintenanceWindows.Endpoint).RequirePermission(Read);
        alerting.MapGet("/maintenance-windows/calendar", Maintenance.ListMaintenanceWindows.CalendarEndpoint).RequirePermission(Read);
        alerting.MapGet("/maintenance-windows/{id:long}", Maintenance.ListMaintenanceWindows.GetEndpoint).RequirePermission(Read);
        alerting.MapPost("/maintenance-windows", Maintenance.SaveMaintenanceWindow.CreateEndpoint).RequirePermission(Write);
        alerting.MapPut("/maintenance-windows/{id:long}", Maintenance.SaveMaintenanceWindow.UpdateEndpoint).RequirePermission(Write);
        alerting.MapDelete("/maintenance-windows/{id:long}", Maintenance.SaveMaintenanceWindow.DeleteEndpoint).RequirePermission(Write);
        alerting.MapGet("/events", ListEvents.Endpoint).RequirePermission(Read);
        alerting.MapGet("/alarm", ActiveAlarm.Endpoint).RequirePermission(Read);
        alerting.MapPost("/alerts", IngestAlerts.Endpoint).RequirePermission(Ingest);
        // The Alertmanager v2 path under this prefix: Prometheus sends here with path_prefix /api/v1/alerting.
        alerting.MapPost("/api/v2/alerts", IngestAlerts.Endpoint).RequirePermission(Ingest);
        alerting.MapGet("/events/{id:long}", ListEvents.GetEndpoint).RequirePermission(Read);
        alerting.MapPost("/events/{id:long}/acknowledge", AcknowledgeEvents.OneEndpoint).RequirePermission(Handle);
        alerting.MapPost("/events/acknowledge", AcknowledgeEvents.BulkEndpoint).RequirePermission(Handle);
        alerting.MapPost("/events/{id:long}/resolve", ResolveEvent.Endpoint).RequirePermission(Handle);
        alerting.MapGet("/events/{id:long}/context", EventContext.Endpoint).RequirePermission(Read);
        alerting.MapGet("/events/{id:long}/timeline", EventTimelineEndpoint.Endpoint).RequirePermission(Read);
        alerting.MapGet("/events/{id:long}/deliveries", Notifications.Delivery.EventDeliveries.Endpoint).RequirePermission(Read);
        alerting.MapGet("/channel-types", Notifications.Channels.ListChannels.TypesEndpoint).RequirePermission(Read);
        alerting.MapGet("/channels", Notifications.Channels.ListChannels.Endpoint).RequirePermission(Read);
        alerting.MapGet("/channels/{id:long}", Notifications.Channels.ListChannels.GetEndpoint).RequirePermission(Read);
        alerting.MapPost("/channels", Notifications.Channels.SaveChannel.CreateEndpoint).RequirePermission(Write);
        alerting.MapPut("/channels/{id:long}", Notifications.Channels.SaveChannel.UpdateEndpoint).RequirePermission(Write);
        alerting.MapDelete("/channels/{id:long}", Notifications.Channels.SaveChannel.DeleteEndpoint).RequirePermission(Write);
        alerting.MapPost("/channels/{id:long}/test", Notifications.Channels.TestChannel.Endpoint).RequirePermission(Write);
        alerting.MapGet("/routes", Notifications.Routing.ListRoutes.Endpoint).RequirePermission(Read);
        alerting.MapGet("/routes/{id:long}", Notifications.Routing.ListRoutes.GetEndpoint).RequirePermission(Read);
        alerting.MapPost("/routes", Notifications.Routing.SaveRoute.CreateEndpoint).RequirePermission(Write);
        alerting.MapPut("/routes/{id:long}", Notifications.Routing.SaveRoute.UpdateEndpoint).RequirePermission(Write);
        alerting.MapPut("/routes/order", Notifications.Routing.ReorderRoutes.Endpoint).RequirePermission(Write);
        alerting.MapDelete("/routes/{id:long}", Notifications.Routing.SaveRoute.DeleteEndpoint).RequirePermission(Write);
        alerting.MapGet("/oncall-schedules", OnCall.ListOnCallSchedules.Endpoint).RequirePermission(Read);
        alerting.MapGet("/oncall-schedules/{id:long}", OnCall.ListOnCallSchedules.GetEndpoint).RequirePermission(Read);
        alerting.MapGet("/oncall-schedules/{id:long}/shifts", OnCall.ListOnCallSchedules.ShiftsEndpoint).RequirePermission(Read);
        alerting.MapPost("/oncall-schedules", OnCall.SaveOnCallSchedule.CreateEndpoint).RequirePermission(Write);
        alerting.MapPut("/oncall-schedules/{id:long}", OnCall.SaveOnCallSchedule.UpdateEndpoint).RequirePermission(Write);
        alerting.MapDelete("/oncall-schedules/{id:long}", OnCall.SaveOnCallSchedule.DeleteEndpoint).RequirePermission(Write);
        alerting.MapGet("/escalation-policies", Escalation.SaveEscalationPolicy.ListEndpoint).RequirePermission(Read);
        alerting.MapPost("/escalation-policies", Escalation.SaveEscalationPolicy.CreateEndpoint).RequirePermission(Write);
        alerting.MapPut("/escalation-policies/{id:long}", Escalation.SaveEscalationPolicy.UpdateEndpoint).RequirePermission(Write);
        alerting.MapDelete("/escalation-policies/{id:long}", Escalation.SaveEscalationPolicy.DeleteEndpoint).RequirePermission(Write);
        return api;
    }
}
