using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Monitoring.Dashboards;

/// <summary>The dashboards a user can open: built-in ones first, then their own, then those others shared.</summary>
internal static class ListDashboards
{
    internal static async Task<IResult> Endpoint(HttpContext context, Databases databases, CancellationToken ct)
    {
        var user = CurrentUser.Of(context);
        await using var connection = await databases.Config.OpenAsync(ct);
        var rows = await connection.QueryAsync<DashboardRow>(new CommandDefinition(
            DashboardRow.Select + " WHERE owner_id = @me OR shared = @yes ORDER BY title", new { me = user.UserId, yes = true }, cancellationToken: ct));
        var saved = rows.Select(r => DashboardStore.ToSummary(r, user)).OrderBy(d => d.Mine ? 0 : 1).ThenBy(d => d.Title, StringComparer.CurrentCulture);
        return Results.Ok(BuiltInDashboards.List(RequestLanguage.Of(context)).Concat(saved).ToList());
    }

    internal static async Task<IResult> GetEndpoint(string uid, HttpContext context, Databases databases, CancellationToken ct)
    {
        if (BuiltInDashboards.Find(uid, RequestLanguage.Of(context)) is { } builtIn)
        {
            return Results.Ok(builtIn);
        }

        var user = CurrentUser.Of(context);
        await using var connection = await databases.Config.OpenAsync(ct);
        return Results.Ok(DashboardStore.ToDto(await DashboardStore.VisibleAsync(connection, uid, user), user));
    }
}
