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

    public static IServiceCollection AddAlertingModule(this IServiceCollection services, IConfiguration configuration)
    {
        PermissionCatalog.Register(
            new Permission(Read, "alerting", "查看告警规则与事态", "View alert rules and events"),
            new Permission(Write, "alerting", "维护告警规则", "Edit alert rules"),
            new Permission(Handle, "alerting", "处理事态（确认）", "Handle events (acknowledge)"));
        AlertingErrors.Register();
        services.Configure<AlertingOptions>(configuration.GetSection("Alerting"));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AlertingOptions>>().Value);
        services.AddSingleton<IMigrationSource, AlertingMigrations>();
        services.AddSingleton<ScopeResolver>();
        services.AddSingleton<RuleEvaluator>();
        services.AddSingleton<EvaluationScheduler>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<EvaluationScheduler>());
        services.AddScoped<SaveRule>();
        services.AddSingleton<PreviewRule>();
        services.AddScoped<Maintenance.SaveMaintenanceWindow>();
        services.AddSingleton<Kernel.Demo.IDemoData, Demo.AlertingDemo>();
        return services;
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
        alerting.MapGet("/maintenance-windows/{id:long}", Maintenance.ListMaintenanceWindows.GetEndpoint).RequirePermission(Read);
        alerting.MapPost("/maintenance-windows", Maintenance.SaveMaintenanceWindow.CreateEndpoint).RequirePermission(Write);
        alerting.MapPut("/maintenance-windows/{id:long}", Maintenance.SaveMaintenanceWindow.UpdateEndpoint).RequirePermission(Write);
        alerting.MapDelete("/maintenance-windows/{id:long}", Maintenance.SaveMaintenanceWindow.DeleteEndpoint).RequirePermission(Write);
        alerting.MapGet("/events", ListEvents.Endpoint).RequirePermission(Read);
        alerting.MapGet("/events/{id:long}", ListEvents.GetEndpoint).RequirePermission(Read);
        alerting.MapPost("/events/{id:long}/acknowledge", AcknowledgeEvents.OneEndpoint).RequirePermission(Handle);
        alerting.MapPost("/events/acknowledge", AcknowledgeEvents.BulkEndpoint).RequirePermission(Handle);
        return api;
    }
}
