using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HospitalOps.Monitoring.Prometheus;

/// <summary>
/// The Prometheus-compatible API under <c>/prometheus/api/v1</c>: what Grafana's Prometheus data source and a site's
/// Prometheus (remote write) expect. Authenticated like the rest of the API: an API token (Bearer) or the web session.
/// </summary>
public static class PrometheusApi
{
    public static IEndpointRouteBuilder MapPrometheusApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/prometheus/api/v1").WithTags("Prometheus API");
        api.MapPost("/write", RemoteWriteEndpoint.Receive).RequirePermission(MonitoringModule.Write);
        return app;
    }
}
