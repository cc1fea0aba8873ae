using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using HospitalOps.Monitoring.Query;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Monitoring.Dashboards;

/// <summary>
/// Creates and updates user dashboards. A dashboard is private until shared; an update names the version it was
/// based on, so two people editing at once cannot overwrite each other (409).
/// </summary>
internal sealed class SaveDashboard(Databases databases, IAuditTrail audit, TimeProvider clock)
{
    internal static async Task<IResult> CreateEndpoint(SaveDashboardRequest request, HttpContext context, SaveDashboard save, CancellationToken ct)
    {
        var saved = await save.CreateAsync(request, CurrentUser.Of(context), ct);
        return Results.Created($"/api/v1/dashboards/{saved.Uid}", saved);
    }

    internal static async Task<IResult> UpdateEndpoint(string uid, SaveDashboardRequest request, HttpContext context, SaveDashboard save, CancellationToken ct) =>
        Results.Ok(await save.UpdateAsync(uid, request, CurrentUser.Of(context), ct));

    public async Task<DashboardDto> CreateAsync(SaveDashboardRequest request, CurrentUser user, CancellationToken ct)
    {
        var valid = Validate(request);
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var uid = DashboardStore.NewUid();
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await connection.ExecuteAsync(
            """
            INSERT INTO monitoring_dashboards (uid, title, description, tags, owner_id, owner_name, shared, definition, created_at, updated_at, version)
            VALUES (@uid, @Title, @Description, @Tags, @owner, @ownerName, @Shared, @Definition, @now, @now, 1)
            """,
            new { uid, valid.Title, valid.Description, valid.Tags, owner = user.UserId, ownerName = user.UserName, valid.Shared, valid.Definition, now }, tx);
        await audit.RecordAsync(new AuditEntry("monitoring.dashboard.create", "dashboard", uid, AuditEntry.Success, valid.Title), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        return DashboardStore.ToDto((await DashboardStore.FindAsync(connection, uid))!, user);
    }

    public async Task<DashboardDto> UpdateAsync(string uid, SaveDashboardRequest request, CurrentUser user, CancellationToken ct)
    {
        if (BuiltInDashboards.Exists(uid))
        {
            throw AppProblem.Forbidden();
        }

        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var row = await DashboardStore.VisibleAsync(connection, uid, user, tx);
        if (!DashboardStore.CanEdit(row, user))
        {
            throw AppProblem.Forbidden();
        }

        AppProblem.EnsureVersion(request.Version, row.Version);

        var valid = Validate(request);

        // Only the owner decides whether a dashboard is shared.
        var shared = row.OwnerId == user.UserId ? valid.Shared : row.Shared;
        await connection.ExecuteAsync(
            """
            UPDATE monitoring_dashboards SET title = @Title, description = @Description, tags = @Tags, shared = @shared, definition = @Definition,
              updated_at = @now, version = version + 1
            WHERE id = @id
            """,
            new { valid.Title, valid.Description, valid.Tags, shared, valid.Definition, now = clock.GetUtcNow().ToUnixTimeMilliseconds(), id = row.Id }, tx);
        await audit.RecordAsync(new AuditEntry("monitoring.dashboard.update", "dashboard", uid, AuditEntry.Success, valid.Title), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        return DashboardStore.ToDto((await DashboardStore.FindAsync(connection, uid))!, user);
    }

    private sealed record Valid(string Title, string Description, string Tags, bool Shared, string Definition);

    private static Valid Validate(SaveDashboardRequest request)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var queryErrors = new Dictionary<string, string>(StringComparer.Ordinal);
        var title = request.Title?.Trim() ?? string.Empty;
        if (title.Length is 0 or > 200)
        {
            errors["title"] = title.Length == 0 ? "required" : "too_long";
        }

        var description = request.Description?.Trim() ?? string.Empty;
        if (description.Length > 2000)
        {
            errors["description"] = "too_long";
        }

        var tags = (request.Tags ?? []).Select(t => t?.Trim() ?? string.Empty).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (tags.Count > 20 || tags.Any(t => t.Length > 50))
        {
            errors["tags"] = "invalid_value";
        }

        if (request.Definition is null)
        {
            errors["definition"] = "required";
        }
        else
        {
            DashboardDefinition.Validate(request.Definition, errors, queryErrors, PromQLCheck.ParseError);
        }

        if (errors.Count > 0)
        {
            // The first query that does not parse is named with the parser's message (position and reason).
            var args = queryErrors.Count > 0 ? new Dictionary<string, string> { ["field"] = queryErrors.First().Key, ["message"] = queryErrors.First().Value } : null;
            throw new AppProblem(400, "validation_failed", args, errors);
        }

        return new Valid(title, description, JsonSerializer.Serialize(tags), request.Shared == true, request.Definition!.ToJsonString());
    }
}
