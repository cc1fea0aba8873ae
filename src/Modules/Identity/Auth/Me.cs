using Dapper;
using HospitalOps.Identity.Data;
using HospitalOps.Identity.Passwords;
using HospitalOps.Identity.Sessions;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;
using System.Data.Common;

namespace HospitalOps.Identity.Auth;

public sealed record RoleRef(string Name, string LabelZh, string LabelEn);

public sealed record MeDto(
    long Id, string UserName, string DisplayName, string? Email, string? Phone, string Source,
    IReadOnlyList<RoleRef> Roles, IReadOnlyList<string> Permissions, bool TotpEnabled,
    bool MustChangePassword, bool MustEnrollTwoFactor, DateTimeOffset? LastLoginAt, string? CsrfToken);

/// <summary>The signed-in user, what they may do, and what they must do first.</summary>
internal sealed class Me(Databases databases, PasswordPolicy policy)
{
    public async Task<MeDto> Handle(long userId, string? csrf, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        return await Build(connection, userId, csrf, policy) ?? throw AppProblem.NotFound();
    }

    internal static async Task<MeDto?> Build(DbConnection connection, long userId, string? csrf, PasswordPolicy policy, DbTransaction? tx = null)
    {
        var user = await IdentityStore.UserByIdAsync(connection, userId, tx);
        if (user is null)
        {
            return null;
        }

        var grants = await IdentityStore.GrantsAsync(connection, userId, tx);
        return From(user, grants, csrf, policy);
    }

    internal static MeDto From(UserRow user, IReadOnlyList<RoleGrant> grants, string? csrf, PasswordPolicy policy)
    {
        var roles = grants.Select(g => new RoleRef(g.Name, g.LabelZh, g.LabelEn)).ToList();
        var restriction = SessionAuthentication.RestrictionOf(user, grants, policy);
        return new MeDto(user.Id, user.UserName, user.DisplayName, user.Email, user.Phone, user.Source, roles,
            IdentityStore.PermissionsOf(grants).Order(StringComparer.Ordinal).ToList(), user.TotpEnabled,
            restriction == SessionAuthentication.PasswordChangeRequired, restriction == SessionAuthentication.TotpEnrolmentRequired,
            UnixMs.ToTime(user.LastLoginAt), csrf);
    }

    internal static async Task<IResult> Endpoint(HttpContext context, Me me, PasswordPolicy policy, CancellationToken ct)
    {
        var csrf = context.User.FindFirst(CurrentUser.CsrfClaim)?.Value;
        if (context.Items[typeof(AuthenticatedUser)] is AuthenticatedUser known)
        {
            // Authentication read this very user a moment ago, in this request.
            return Results.Ok(From(known.User, known.Grants, csrf, policy));
        }

        return Results.Ok(await me.Handle(CurrentUser.Of(context).UserId, csrf, ct));
    }
}
