using Dapper;
using HospitalOps.Cmdb.Model;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Cmdb.Types;

/// <summary>The CI types with their attribute schemas and how many CIs each has, in layer order.</summary>
internal static class ListTypes
{
    internal static CiTypeDto ToDto(TypeRow r) => new(r.Code, r.NameZh, r.NameEn, r.Layer, r.Schema, r.Builtin, r.Count, r.Version);

    internal static async Task<IResult> Endpoint(Databases databases, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var rows = await connection.QueryAsync<TypeRow>(CmdbStore.TypeSelect);
        var layerOrder = BuiltInModel.Layers.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
        return Results.Ok(rows.OrderBy(r => layerOrder.GetValueOrDefault(r.Layer, 99)).ThenBy(r => r.Code, StringComparer.Ordinal).Select(ToDto).ToList());
    }

    internal static async Task<IResult> GetEndpoint(string code, Databases databases, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        return Results.Ok(ToDto(await CmdbStore.TypeAsync(connection, code) ?? throw AppProblem.NotFound()));
    }

    internal static IResult LayersEndpoint() => Results.Ok(BuiltInModel.Layers);
}
