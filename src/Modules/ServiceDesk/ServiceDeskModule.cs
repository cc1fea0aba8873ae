using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Events;
using HospitalOps.Kernel.Security;
using HospitalOps.ServiceDesk.Data;
using HospitalOps.ServiceDesk.Priority;
using HospitalOps.ServiceDesk.Sla;
using HospitalOps.ServiceDesk.Tickets;
using HospitalOps.ServiceDesk.Workflows;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HospitalOps.ServiceDesk;

/// <summary>
/// The service desk: tickets of types an administrator defines, each moving through a versioned workflow, prioritised by the
/// impact × urgency × system level matrix, and measured by SLA clocks that run on business calendars (work hours, weekends,
/// public holidays, make-up working days, 7×24).
/// </summary>
public static class ServiceDeskModule
{
    public const string Read = "servicedesk.read";
    public const string Work = "servicedesk.work";
    public const string Dispatch = "servicedesk.dispatch";
    public const string Approve = "servicedesk.approve";
    public const string Admin = "servicedesk.admin";

    public static IServiceCollection AddServiceDeskModule(this IServiceCollection services)
    {
        PermissionCatalog.Register(
            new Permission(Read, "servicedesk", "查看工单", "View tickets"),
            new Permission(Work, "servicedesk", "提交与处理工单", "Open and work on tickets"),
            new Permission(Dispatch, "servicedesk", "派单、调整优先级", "Dispatch tickets and change their priority"),
            new Permission(Approve, "servicedesk", "审批变更", "Approve changes"),
            new Permission(Admin, "servicedesk", "维护工单类型、流程、优先级矩阵与 SLA 策略", "Edit ticket types, workflows, the priority matrix and SLA policies", Administrative: true));
        ServiceDeskErrors.Register();
        Changes.ChangeErrors.Register();
        services.AddSingleton<IMigrationSource, ServiceDeskMigrations>();
        services.AddSingleton<IStartupTask, ServiceDeskSetup>();
        services.AddSingleton<IStartupTask, SeedDefaultSlaPolicies>();
        services.AddSingleton<Calendars.Contracts.IBusinessCalendarUsage, SlaPolicyCalendarUsage>();
        services.AddSingleton<CalendarSource>();
        services.AddSingleton<ISlaCalendarSource>(sp => sp.GetRequiredService<CalendarSource>());
        services.AddSingleton<WorkflowCatalog>();
        services.AddSingleton<TicketSla>();
        services.AddSingleton<Dispatching.DispatchRules>();
        services.AddSingleton<TicketCreation>();
        services.AddSingleton<TicketTransitions>();
        services.AddSingleton<Changes.ChangeGate>();
        services.AddSingleton<TicketReader>();
        services.AddSingleton<IModuleEventSubscriber, FromAlerts.AlertTickets>();
        services.AddSingleton<SlaSweeper>();
        services.AddSingleton<Kernel.Demo.IDemoData, Demo.ServiceDeskDemo>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<SlaSweeper>());
        services.AddSingleton<Boards.BoardChanges>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<Boards.BoardChanges>());
        return services;
    }

    public static IEndpointRouteBuilder MapServiceDeskModule(this IEndpointRouteBuilder api)
    {
        var desk = api.MapGroup("/service-desk").WithTags("ServiceDesk");
        desk.MapGet("/tickets", ListTickets.Endpoint).RequirePermission(Read);
        desk.MapPost("/tickets", CreateTicket.Endpoint).RequirePermission(Work);
        desk.MapGet("/tickets/{id:long}", GetTicket.Endpoint).RequirePermission(Read);
        desk.MapGet("/similar", SimilarWork.Endpoint).RequirePermission(Read);
        desk.MapPost("/tickets/{id:long}/knowledge-draft", DraftKnowledge.Endpoint).RequirePermission("knowledge.write");
        desk.MapGet("/tickets/{id:long}/timeline", GetTicket.TimelineEndpoint).RequirePermission(Read);
        desk.MapGet("/tickets/{id:long}/metric-snapshots", FromAlerts.MetricSnapshot.Endpoint).RequirePermission(Read);
        desk.MapPost("/tickets/{id:long}/transitions/{key}", TransitionTicket.Endpoint).RequirePermission(Work);
        desk.MapGet("/tickets/{id:long}/comments", TicketComments.ListEndpoint).RequirePermission(Read);
        desk.MapPost("/tickets/{id:long}/comments", TicketComments.AddEndpoint).RequirePermission(Work);
        desk.MapPost("/preview", TicketText.PreviewEndpoint).RequirePermission(Work);
        desk.MapGet("/tickets/{id:long}/attachments", Attachments.TicketAttachments.ListEndpoint).RequirePermission(Read);
        desk.MapPost("/tickets/{id:long}/attachments", Attachments.UploadAttachment.Endpoint).RequirePermission(Work).WithMetadata(Attachments.UploadAttachment.Limit);
        desk.MapGet("/tickets/{id:long}/attachments/{attachmentId:long}/content", Attachments.DownloadAttachment.Endpoint).RequirePermission(Read);
        desk.MapDelete("/tickets/{id:long}/attachments/{attachmentId:long}", Attachments.DeleteAttachment.Endpoint).RequirePermission(Work);

        desk.MapGet("/tickets/{id:long}/change-review", Changes.ChangeReview.Endpoint).RequirePermission(Read);
        desk.MapPut("/tickets/{id:long}/release-changes", Changes.ReleaseLinks.PutEndpoint).RequirePermission(Work);
        desk.MapGet("/change-approval-policies", Changes.ApprovalPolicy.GetEndpoint).RequirePermission(Read);
        desk.MapPut("/change-approval-policies", Changes.ApprovalPolicy.PutEndpoint).RequirePermission(Admin);
        desk.MapGet("/tickets/export", Records.ExportTickets.Endpoint).RequirePermission(Read);
        desk.MapPost("/tickets/bulk", Records.BulkTicketActions.Endpoint).RequirePermission(Work);
        desk.MapPost("/tickets/bulk/offered", Records.BulkTicketActions.OfferedEndpoint).RequirePermission(Read);
        desk.MapGet("/work-log", Records.GetWorkLog.Endpoint).RequirePermission(Read);
        desk.MapGet("/work-log/export", Records.ExportWorkLog.Endpoint).RequirePermission(Read);

        desk.MapGet("/boards/stream", Boards.BoardStream.Endpoint).RequirePermission(Read);
        desk.MapGet("/boards/{board}", Boards.Boards.Endpoint).RequirePermission(Read);

        desk.MapGet("/types", Types.SaveTicketType.ListEndpoint).RequirePermission(Read);
        desk.MapPost("/types", Types.SaveTicketType.CreateEndpoint).RequirePermission(Admin);
        desk.MapPut("/types/{id:long}", Types.SaveTicketType.UpdateEndpoint).RequirePermission(Admin);
        desk.MapGet("/workflows", SaveWorkflow.ListEndpoint).RequirePermission(Read);
        desk.MapPost("/workflows", SaveWorkflow.CreateEndpoint).RequirePermission(Admin);
        desk.MapGet("/workflows/{id:long}", SaveWorkflow.GetEndpoint).RequirePermission(Read);
        desk.MapPut("/workflows/{id:long}", SaveWorkflow.UpdateEndpoint).RequirePermission(Admin);
        desk.MapGet("/workflows/{id:long}/versions/{version:int}", SaveWorkflow.VersionEndpoint).RequirePermission(Read);

        desk.MapPost("/tickets/{id:long}/checklist/{index:int}", Plans.TicketChecklist.TickEndpoint).RequirePermission(Work);
        desk.MapGet("/fault-plans", Plans.SaveFaultPlan.ListEndpoint).RequirePermission(Read);
        desk.MapGet("/fault-plans/derived", Plans.SaveFaultPlan.DerivedEndpoint).RequirePermission(Read);
        desk.MapPost("/fault-plans", Plans.SaveFaultPlan.CreateEndpoint).RequirePermission(Admin);
        desk.MapPut("/fault-plans/{id:long}", Plans.SaveFaultPlan.UpdateEndpoint).RequirePermission(Admin);
        desk.MapDelete("/fault-plans/{id:long}", Plans.SaveFaultPlan.DeleteEndpoint).RequirePermission(Admin);

        desk.MapGet("/dispatch-rules", Dispatching.SaveDispatchRules.GetEndpoint).RequirePermission(Read);
        desk.MapPut("/dispatch-rules", Dispatching.SaveDispatchRules.PutEndpoint).RequirePermission(Admin);
        desk.MapGet("/priority-matrix", PriorityMatrix.GetEndpoint).RequirePermission(Read);
        desk.MapPut("/priority-matrix", PriorityMatrix.PutEndpoint).RequirePermission(Admin);
        desk.MapGet("/sla-policies", SlaPolicies.ListEndpoint).RequirePermission(Read);
        desk.MapPost("/sla-policies", SlaPolicies.CreateEndpoint).RequirePermission(Admin);
        desk.MapPut("/sla-policies/{id:long}", SlaPolicies.UpdateEndpoint).RequirePermission(Admin);
        desk.MapDelete("/sla-policies/{id:long}", SlaPolicies.DeleteEndpoint).RequirePermission(Admin);
        return api;
    }
}
