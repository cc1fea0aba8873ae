using System.Globalization;
using Dapper;
using HospitalOps.Calendars.Contracts;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace HospitalOps.Calendars.Business;

/// <summary>
/// Deletes a business calendar nothing uses. A built-in calendar is never deleted (a fresh install needs 工作时间 and
/// 7×24; it can be edited instead); one that an SLA policy or another module's object names is refused with what uses it,
/// as every <see cref="IBusinessCalendarUsage"/> registered says.
/// </summary>
internal static class DeleteBusinessCalendar
{
    /// <summary>How many uses the refusal lists by name before it says how many more there are.</summary>
    public const int UsesShown = 10;

    internal static async Task<IResult> Endpoint(
        long id, BusinessCalendarStore store, Databases databases, IAuditTrail audit, [FromServices] IEnumerable<IBusinessCalendarUsage> usages, HttpContext context, CancellationToken ct)
    {
        var row = await store.RowAsync(id, ct) ?? throw AppProblem.NotFound();
        if (row.BuiltIn)
        {
            throw AppProblem.Conflict("business_calendar_built_in");
        }

        // The uses live in other modules' tables, so they are asked before the delete's transaction: a module that
        // names a calendar checks, when it saves, that the calendar still exists (IBusinessCalendars.GetAsync).
        var uses = new List<string>();
        foreach (var usage in usages)
        {
            uses.AddRange(await usage.UsesAsync(id, ct));
        }

        if (uses.Count > 0)
        {
            var english = RequestLanguage.Of(context) == RequestLanguage.English;
            var listed = string.Join(english ? "; " : "；", uses.Take(UsesShown));
            if (uses.Count > UsesShown)
            {
                listed += english ? $" and {uses.Count - UsesShown} more" : $" 等 {uses.Count} 项";
            }

            throw new AppProblem(409, "business_calendar_in_use", new Dictionary<string, string> { ["uses"] = listed, ["name"] = row.Name });
        }

        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var deleted = await connection.ExecuteAsync(new CommandDefinition("DELETE FROM business_calendars WHERE id = @id AND built_in = @no", new { id, no = false }, tx, cancellationToken: ct));
        if (deleted == 0)
        {
            throw AppProblem.NotFound();
        }

        await audit.RecordAsync(new AuditEntry("calendars.business.delete", "business_calendar", id.ToString(CultureInfo.InvariantCulture), AuditEntry.Success, row.Name), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        return Results.NoContent();
    }
}
