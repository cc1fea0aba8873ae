using HospitalOps.Kernel.Cluster;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Security;
using HospitalOps.Monitoring.Api;
using HospitalOps.Monitoring.Collection;
using HospitalOps.Monitoring.Collectors.Database;
using HospitalOps.Monitoring.Collectors.Dicom;
using HospitalOps.Monitoring.Collectors.Hl7;
using HospitalOps.Monitoring.Collectors.Middleware;
using HospitalOps.Monitoring.Collectors.Ntp;
using HospitalOps.Monitoring.Collectors.Probes;
using HospitalOps.Monitoring.Collectors.Snmp;
using HospitalOps.Monitoring.Data;
using HospitalOps.Monitoring.Forwarding;
using HospitalOps.Monitoring.Health;
using HospitalOps.Monitoring.History;
using HospitalOps.Monitoring.Scrape;
using HospitalOps.Monitoring.Targets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HospitalOps.Monitoring;

/// <summary>Monitoring: targets and their collectors, and the metric history store.</summary>
public static class MonitoringModule
{
    public const string Read = "monitoring.read";
    public const string Write = "monitoring.write";

    public static IServiceCollection AddMonitoringModule(this IServiceCollection services, IConfiguration configuration)
    {
        PermissionCatalog.Register(
            new Permission(Read, "monitoring", "查看监控对象与指标", "View monitoring targets and metrics"),
            new Permission(Write, "monitoring", "维护监控对象", "Edit monitoring targets"));
        MonitoringErrors.Register();
        ScrapeErrors.Register();
        DicomErrors.Register();
        ProbeErrors.Register();
        NtpErrors.Register();
        SnmpErrors.Register();
        Hl7Errors.Register();
        MiddlewareErrors.Register();
        DatabaseErrors.Register();
        services.Configure<MonitoringOptions>(configuration.GetSection("Monitoring"));
        services.Configure<HistoryOptions>(configuration.GetSection("Monitoring:History"));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<MonitoringOptions>>().Value);
        services.AddSingleton<IMigrationSource, MonitoringMigrations>();
        services.AddSingleton<IMigrationSource, HistoryMigrations>();
        services.AddSingleton<Kernel.Demo.IDemoData, Demo.MonitoringDemo>();

        services.AddSingleton<SeriesIndex>();
        services.AddSingleton<HistoryStore>();
        services.AddSingleton<HistoryCompactor>();
        services.AddSingleton<MetricMetadataBook>();
        services.AddSingleton<Prometheus.RemoteWriteIngest>();
        services.AddSingleton<Import.OpenMetricsImport>();
        services.Configure<Query.QuerySettings>(configuration.GetSection("Monitoring:Query"));
        services.AddSingleton<Query.HistoryQueries>();
        services.AddSingleton<Contracts.IMetricQueries>(sp => sp.GetRequiredService<Query.HistoryQueries>());
        services.AddSingleton<Capacity.CapacityAnalysis>();
        services.AddRemoteWrite(configuration);
        services.AddSingleton<TargetHealthBook>();
        services.AddSingleton<TargetChanges>();
        services.AddSingleton<TargetRuntimes>();
        services.AddSingleton<TargetOwnership>();
        services.AddSingleton<ScrapeIngest>();
        services.AddSingleton<CollectionRunner>();
        services.AddSingleton<Discovery.HostDiscovery>();
        services.AddHttpClient(ScrapeCollector.HttpClientName).ConfigurePrimaryHttpMessageHandler(ScrapeCollector.Handler);
        services.AddSingleton<ICollector, ScrapeCollector>();
        services.AddSingleton<ICollector, IcmpCollector>();
        services.AddSingleton<ICollector, TcpCollector>();
        services.AddSingleton<ICollector, HttpCollector>();
        services.AddSingleton<ICollector, DnsCollector>();
        services.AddSingleton<ICollector, NtpCollector>();
        services.AddSingleton<ICollector, SnmpTargetCollector>();
        services.AddSingleton<ICollector, DicomCollector>();
        services.AddSingleton<ICollector, Hl7Collector>();
        services.AddSingleton<ICollector, WebLogicTargetCollector>();
        services.AddSingleton<ICollector, TomcatTargetCollector>();
        services.AddSingleton<ICollector, PostgresTargetCollector>();
        services.AddSingleton<ICollector, PluginDatabaseCollector>();
        services.AddHostedService<HistoryMaintenance>();
        services.AddHostedService<CollectionScheduler>();
        services.AddHostedService<Demo.DemoFeeder>();

        services.AddScoped<SaveTarget>();
        services.AddScoped<BulkCreateTargets>();
        services.AddScoped<TargetReader>();
        services.AddScoped<Dashboards.SaveDashboard>();
        return services;
    }

    /// <summary>The Prometheus-compatible API, at <c>/prometheus/api/v1</c> beside the product's own API.</summary>
    public static IEndpointRouteBuilder MapPrometheusCompatibleApi(this IEndpointRouteBuilder app) => Prometheus.PrometheusApi.MapPrometheusApi(app);

    public static IEndpointRouteBuilder MapMonitoringModule(this IEndpointRouteBuilder api)
    {
        var monitoring = api.MapGroup("/monitoring").WithTags("Monitoring");
        monitoring.MapGet("/kinds", () => Results.Ok(TargetKind.All)).RequirePermission(Read);
        monitoring.MapGet("/targets", ListTargets.Endpoint).RequirePermission(Read);
        monitoring.MapGet("/targets/{id:long}", ListTargets.GetEndpoint).RequirePermission(Read);
        monitoring.MapPost("/targets", SaveTarget.CreateEndpoint).RequirePermission(Write);
        monitoring.MapPut("/targets/{id:long}", SaveTarget.UpdateEndpoint).RequirePermission(Write);
        monitoring.MapDelete("/targets/{id:long}", DeleteTarget.Endpoint).RequirePermission(Write);
        monitoring.MapPost("/targets/bulk", BulkCreateTargets.Endpoint).RequirePermission(Write);
        monitoring.MapPost("/targets/test", TestTarget.DraftEndpoint).RequirePermission(Write);
        monitoring.MapPost("/targets/{id:long}/test", TestTarget.SavedEndpoint).RequirePermission(Write);
        monitoring.MapPost("/targets/{id:long}/collect", ReadHistory.CollectNowEndpoint).RequirePermission(Write);
        monitoring.MapGet("/targets/{id:long}/latest", ReadHistory.LatestEndpoint).RequirePermission(Read);
        monitoring.MapGet("/targets/{id:long}/statements", RunningStatementsEndpoint.Endpoint).RequirePermission(Read);

        monitoring.MapGet("/series", ReadHistory.SeriesEndpoint).RequirePermission(Read);
        monitoring.MapGet("/range", ReadHistory.RangeEndpoint).RequirePermission(Read);

        var dashboards = api.MapGroup("/dashboards").WithTags("Dashboards");
        dashboards.MapGet("/", Dashboards.ListDashboards.Endpoint).RequirePermission(Read);
        dashboards.MapGet("/{uid}", Dashboards.ListDashboards.GetEndpoint).RequirePermission(Read);
        dashboards.MapPost("/", Dashboards.SaveDashboard.CreateEndpoint).RequirePermission(Read);
        dashboards.MapPut("/{uid}", Dashboards.SaveDashboard.UpdateEndpoint).RequirePermission(Read);
        dashboards.MapDelete("/{uid}", Dashboards.DeleteDashboard.Endpoint).RequirePermission(Read);
        dashboards.MapPost("/{uid}/copy", Dashboards.PortableDashboards.CopyEndpoint).RequirePermission(Read);
        dashboards.MapGet("/{uid}/export", Dashboards.PortableDashboards.ExportEndpoint).RequirePermission(Read);
        dashboards.MapPost("/import", Dashboards.PortableDashboards.ImportEndpoint).RequirePermission(Read);

        var capacity = api.MapGroup("/capacity").WithTags("Capacity");
        capacity.MapGet("/business/{id:long}", Capacity.BusinessCapacity.Endpoint).RequirePermission(Read);
        capacity.MapGet("/forecasts", Capacity.CapacityForecastList.Endpoint).RequirePermission(Read);
        capacity.MapGet("/report.xlsx", Capacity.CapacityForecastList.XlsxEndpoint).RequirePermission(Read);
        return api;
    }
}
