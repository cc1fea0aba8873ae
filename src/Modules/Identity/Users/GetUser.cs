using System.Globalization;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Identity.Users;

/// <summary>One user: users may read themselves, others need identity.users.read (checked per object).</summary>
internal static class GetUser
{
    internal static async Task<IResult> Endpoint(HttpContext context, long id, Databases databases, TimeProvider clock, ObjectGuard guard, CancellationToken ct)
    {
        await guard.EnsureAsync(CurrentUser.Of(context), UserAccessRule.Type, id.ToString(CultureInfo.InvariantCulture), ObjectAccessKind.Read, ct);
        await using var connection = await databases.Config.OpenAsync(ct);
        return Results.Ok(await UserQueries.GetAsync(connection, id, UnixMs.Now(clock)) ?? throw AppProblem.NotFound());
    }
}

/// <summary>The per-object rule for user records.</summary>
internal sealed class UserAccessRule : IObjectAccessRule
{
    public const string Type = "user";

    public string ObjectType => Type;

    public ValueTask<bool> AllowsAsync(CurrentUser user, string objectId, ObjectAccessKind access, CancellationToken ct)
    {
        var self = objectId == user.UserId.ToString(CultureInfo.InvariantCulture);
        return ValueTask.FromResult(access == ObjectAccessKind.Read
            ? self || user.Has(IdentityPermissions.UsersRead)
            : user.Has(IdentityPermissions.UsersWrite));
    }
}
