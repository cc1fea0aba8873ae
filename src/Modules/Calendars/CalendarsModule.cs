using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Calendars;

/// <summary>
/// The hospital's calendars: the public holidays and make-up working days (调休) of each year, as the State Council
/// publishes them, and the business calendars (working hours, 7×24) that SLA clocks, on-call rosters and learned
/// baselines run on. So far it reads the yearly holiday notice; storage and routes come next.
/// </summary>
public static class CalendarsModule
{
    public static IServiceCollection AddCalendarsModule(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapCalendarsModule(this IEndpointRouteBuilder api)
    {
        api.MapGroup("/calendars").WithTags("Calendars");
        return api;
    }
}
