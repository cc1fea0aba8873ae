using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Paging;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Identity.Users;

internal static class ListUsers
{
    internal static async Task<IResult> Endpoint(Databases databases, TimeProvider clock, string? query, string? role, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        await using var connection = await databases.Config.OpenAsync(ct);
        var (items, total) = await UserQueries.ListAsync(connection, query, role, paging.PageSize, paging.Offset, UnixMs.Now(clock));
        return Results.Ok(new Page<UserDto>(items, total, paging.PageNumber, paging.PageSize));
    }
}
