using HospitalOps.Cmdb.Cis;
using HospitalOps.Cmdb.Data;
using HospitalOps.Cmdb.Demo;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Demo;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Cmdb;

/// <summary>The configuration management database. This release: CI types and the business systems of the demo hospital, read-only.</summary>
public static class CmdbModule
{
    public const string Read = "cmdb.read";

    public static IServiceCollection AddCmdbModule(this IServiceCollection services)
    {
        PermissionCatalog.Register(new Permission(Read, "cmdb", "查看配置项", "View configuration items"));
        services.AddSingleton<IMigrationSource, CmdbMigrations>();
        services.AddSingleton<IDemoData, BusinessSystemsDemo>();
        return services;
    }

    public static IEndpointRouteBuilder MapCmdbModule(this IEndpointRouteBuilder api)
    {
        var cmdb = api.MapGroup("/cmdb").WithTags("CMDB");
        cmdb.MapGet("/types", ListCis.TypesEndpoint).RequirePermission(Read);
        cmdb.MapGet("/cis", ListCis.Endpoint).RequirePermission(Read);
        return api;
    }
}
