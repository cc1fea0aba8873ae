using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HospitalOps.Monitoring.Prometheus;

/// <summary>
/// The Prometheus-compatible API under <c>/prometheus/api/v1</c>: what Grafana's Prometheus data source and a site's
/// Prometheus (remote write) expect. Authenticated like the rest of the API: an API token (Bearer) or the web session.
/// </summary>
internal static class PrometheusApi
{
    private static readonly string[] GetOrPost = ["GET", "POST"];

    public static IEndpointRouteBuilder MapPrometheusApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/prometheus/api/v1").WithTags("Prometheus API");
        api.MapPost("/write", RemoteWriteEndpoint.Receive).RequirePermission(MonitoringModule.Write);
        api.MapMethods("/query", GetOrPost, QueryEndpoints.Instant).RequirePermission(MonitoringModule.Read);
        api.MapMethods("/query_range", GetOrPost, QueryEndpoints.Range).RequirePermission(MonitoringModule.Read);
        api.MapMethods("/series", GetOrPost, SeriesEndpoints.Series).RequirePermission(MonitoringModule.Read);
        api.MapMethods("/labels", GetOrPost, SeriesEndpoints.Labels).RequirePermission(MonitoringModule.Read);
        api.MapGet("/label/{name}/values", SeriesEndpoints.LabelValues).RequirePermission(MonitoringModule.Read);
        api.MapGet("/metadata", SeriesEndpoints.Metadata).RequirePermission(MonitoringModule.Read);
        api.MapGet("/status/buildinfo", SeriesEndpoints.BuildInfo).RequirePermission(MonitoringModule.Read);
        api.MapMethods("/query_exemplars", GetOrPost, SeriesEndpoints.EmptyList).RequirePermission(MonitoringModule.Read);
        api.MapGet("/rules", SeriesEndpoints.NoRules).RequirePermission(MonitoringModule.Read);
        return app;
    }
}
