using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.ServiceDesk;

/// <summary>
/// The service desk: tickets whose SLA clocks run on business calendars (work hours, weekends, public holidays,
/// make-up working days, 7×24). So far it holds the SLA engine only; tickets, their storage and routes come next.
/// </summary>
public static class ServiceDeskModule
{
    public static IServiceCollection AddServiceDeskModule(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapServiceDeskModule(this IEndpointRouteBuilder api)
    {
        api.MapGroup("/service-desk").WithTags("ServiceDesk");
        return api;
    }
}
