using System.Diagnostics;
using HospitalOps.Kernel.Observability;

namespace HospitalOps.Host.Platform;

/// <summary>Counts requests and their durations by route template (not raw path, so ids do not explode the series).</summary>
internal sealed class HttpMetricsMiddleware(RequestDelegate next, MetricsRegistry metrics)
{
    private static readonly double[] Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MetricsRegistry.CounterFamily _requests = metrics.Counter("hospitalops_http_requests_total", "HTTP requests by method, route and status.", "method", "route", "status");
    private readonly MetricsRegistry.HistogramFamily _durations = metrics.Histogram("hospitalops_http_request_duration_seconds", "HTTP request durations by method and route.", Buckets, "method", "route");

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? (context.GetEndpoint() is null ? "unmatched" : "static");
            var method = context.Request.Method;
            _requests.Inc(1, method, route, context.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
            _durations.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds, method, route);
        }
    }
}
