using HospitalOps.Cmdb.Analysis;
using HospitalOps.Cmdb.Cis;
using HospitalOps.Cmdb.Contracts;
using HospitalOps.Cmdb.Data;
using HospitalOps.Cmdb.Directory;
using HospitalOps.Cmdb.Demo;
using HospitalOps.Cmdb.History;
using HospitalOps.Cmdb.Model;
using HospitalOps.Cmdb.Relations;
using HospitalOps.Cmdb.RelationTypes;
using HospitalOps.Cmdb.Transfer;
using HospitalOps.Cmdb.Types;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Demo;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Cmdb;

/// <summary>The configuration management database: the model as data, CIs, relations and their history.</summary>
public static class CmdbModule
{
    public const string Read = "cmdb.read";
    public const string Write = "cmdb.write";
    public const string ModelWrite = "cmdb.model.write";

    public static IServiceCollection AddCmdbModule(this IServiceCollection services)
    {
        PermissionCatalog.Register(
            new Permission(Read, "cmdb", "查看配置项", "View configuration items"),
            new Permission(Write, "cmdb", "维护配置项与关系", "Edit configuration items and relations"),
            new Permission(ModelWrite, "cmdb", "维护配置模型（类型、属性、关系类型）", "Edit the CMDB model (types, attributes, relation types)", Administrative: true));
        CmdbErrors.Register();
        services.AddSingleton<IMigrationSource, CmdbMigrations>();
        services.AddSingleton<IStartupTask, SyncBuiltInModel>();
        services.AddSingleton<IDemoData, BusinessSystemsDemo>();
        services.AddSingleton<IDemoData, HospitalCmdbDemo>();
        services.AddScoped<SaveCi>();
        services.AddScoped<ICmdbDirectory, CmdbDirectory>();
        services.AddScoped<SaveRelation>();
        services.AddScoped<SaveType>();
        services.AddScoped<SaveRelationType>();
        services.AddScoped<ImportCis>();
        services.AddSingleton<GraphCache>();
        return services;
    }

    public static IEndpointRouteBuilder MapCmdbModule(this IEndpointRouteBuilder api)
    {
        var cmdb = api.MapGroup("/cmdb").WithTags("CMDB");
        cmdb.MapGet("/layers", ListTypes.LayersEndpoint).RequirePermission(Read);
        cmdb.MapGet("/types", ListTypes.Endpoint).RequirePermission(Read);
        cmdb.MapGet("/types/{code}", ListTypes.GetEndpoint).RequirePermission(Read);
        cmdb.MapPost("/types", SaveType.CreateEndpoint).RequirePermission(ModelWrite);
        cmdb.MapPut("/types/{code}", SaveType.UpdateEndpoint).RequirePermission(ModelWrite);
        cmdb.MapDelete("/types/{code}", SaveType.DeleteEndpoint).RequirePermission(ModelWrite);

        cmdb.MapPost("/types/{code}/import", ImportCis.Endpoint).RequirePermission(Write);
        cmdb.MapGet("/types/{code}/export", ExportCis.Endpoint).RequirePermission(Read);

        cmdb.MapGet("/relation-types", SaveRelationType.ListEndpoint).RequirePermission(Read);
        cmdb.MapPost("/relation-types", SaveRelationType.CreateEndpoint).RequirePermission(ModelWrite);
        cmdb.MapPut("/relation-types/{code}", SaveRelationType.UpdateEndpoint).RequirePermission(ModelWrite);
        cmdb.MapDelete("/relation-types/{code}", SaveRelationType.DeleteEndpoint).RequirePermission(ModelWrite);

        cmdb.MapGet("/cis", ListCis.Endpoint).RequirePermission(Read);
        cmdb.MapGet("/cis/{id:long}", GetCi.Endpoint).RequirePermission(Read);
        cmdb.MapPost("/cis", SaveCi.CreateEndpoint).RequirePermission(Write);
        cmdb.MapPut("/cis/{id:long}", SaveCi.UpdateEndpoint).RequirePermission(Write);
        cmdb.MapDelete("/cis/{id:long}", DeleteCi.Endpoint).RequirePermission(Write);
        cmdb.MapGet("/cis/{id:long}/relations", ListRelations.Endpoint).RequirePermission(Read);
        cmdb.MapGet("/cis/{id:long}/history", CiHistory.Endpoint).RequirePermission(Read);

        cmdb.MapPost("/impact", RunImpact.Endpoint).RequirePermission(Read);
        cmdb.MapGet("/failure-matrix", BuildFailureMatrix.Endpoint).RequirePermission(Read);
        cmdb.MapGet("/business/{id:long}/service-model", ServiceModel.Endpoint).RequirePermission(Read);
        cmdb.MapGet("/business/{id:long}/fault-tree", TypicalFaults.TreeEndpoint).RequirePermission(Read);
        cmdb.MapGet("/business/{id:long}/typical-faults", TypicalFaults.FaultsEndpoint).RequirePermission(Read);

        cmdb.MapPost("/relations", SaveRelation.CreateEndpoint).RequirePermission(Write);
        cmdb.MapDelete("/relations/{id:long}", SaveRelation.DeleteEndpoint).RequirePermission(Write);
        return api;
    }
}
