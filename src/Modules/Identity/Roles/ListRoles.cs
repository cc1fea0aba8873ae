using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Identity.Roles;

internal static class ListRoles
{
    internal static async Task<IResult> Endpoint(Databases databases, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var rows = await connection.QueryAsync<RoleRow>(RoleRow.Select + " ORDER BY r.builtin DESC, r.name");
        return Results.Ok(rows.Select(r => r.ToDto()).ToList());
    }

    internal static IResult PermissionsEndpoint() => Results.Ok(PermissionCatalog.List());
}
