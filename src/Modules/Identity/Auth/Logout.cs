using System.Globalization;
using Dapper;
using HospitalOps.Identity.Sessions;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Identity.Auth;

/// <summary>Ends the current session on the server (not just the cookie).</summary>
internal static class Logout
{
    internal static async Task<IResult> Endpoint(HttpContext context, Databases databases, IAuditTrail audit, CancellationToken ct)
    {
        var user = CurrentUser.Of(context);
        if (user.SessionId is not null)
        {
            await using var connection = await databases.Config.OpenAsync(ct);
            await using var tx = await Database.BeginWriteAsync(connection, ct);
            await connection.ExecuteAsync("DELETE FROM sessions WHERE id = @id", new { id = user.SessionId }, tx);
            await audit.RecordAsync(new AuditEntry("auth.logout", "user", user.UserId.ToString(CultureInfo.InvariantCulture), AuditEntry.Success), connection, tx, ct: ct);
            await tx.CommitAsync(ct);
        }

        context.Response.Cookies.Delete(SessionAuthentication.SessionCookie, new CookieOptions { Path = "/" });
        context.Response.Cookies.Delete(SessionAuthentication.CsrfCookie, new CookieOptions { Path = "/" });
        return Results.NoContent();
    }
}
