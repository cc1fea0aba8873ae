using System.Data.Common;
using System.Text.Json;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Alerting.Maintenance;

/// <summary>
/// Creates, changes and deletes maintenance windows. While one is open, the alerts it covers still become events
/// (nothing is lost), marked "in maintenance": they are not notified and do not count against SLAs.
/// </summary>
internal sealed class SaveMaintenanceWindow(Databases databases, IAuditTrail audit, TimeProvider clock, AlertingOptions options)
{
    public const int MaxDurationMinutes = 7 * 24 * 60;
    public const int MaxOneOffDays = 31;

    internal static async Task<IResult> CreateEndpoint(SaveMaintenanceWindowRequest request, HttpContext context, SaveMaintenanceWindow save, CancellationToken ct)
    {
        var window = await save.CreateAsync(request, CurrentUser.Of(context).UserName, "manual", ct);
        return Results.Created($"/api/v1/alerting/maintenance-windows/{window.Id}", window);
    }

    internal static async Task<IResult> UpdateEndpoint(long id, SaveMaintenanceWindowRequest request, SaveMaintenanceWindow save, CancellationToken ct) =>
        Results.Ok(await save.UpdateAsync(id, request, ct));

    internal static async Task<IResult> DeleteEndpoint(long id, SaveMaintenanceWindow save, CancellationToken ct)
    {
        await save.DeleteAsync(id, ct);
        return Results.NoContent();
    }

    public async Task<MaintenanceWindowDto> CreateAsync(SaveMaintenanceWindowRequest request, string createdBy, string source, CancellationToken ct)
    {
        var valid = Validate(request);
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var now = UnixMs.Now(clock);
        var id = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO maintenance_windows (name, reason, scope, starts_at, ends_at, cron, duration_ms, enabled, source, created_by, created_at, updated_at, version)
            VALUES (@Name, @Reason, @Scope, @StartsAt, @EndsAt, @Cron, @DurationMs, @Enabled, @source, @createdBy, @now, @now, 1)
            RETURNING id
            """,
            new { valid.Name, valid.Reason, valid.Scope, valid.StartsAt, valid.EndsAt, valid.Cron, valid.DurationMs, valid.Enabled, source, createdBy, now }, tx);
        await audit.RecordAsync(new AuditEntry("alerting.maintenance.create", "maintenance_window", id.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditEntry.Success, valid.Name), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        return (await FindAsync(connection, id, null))!.ToDto(now, options.Zone);
    }

    public async Task<MaintenanceWindowDto> UpdateAsync(long id, SaveMaintenanceWindowRequest request, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var row = await FindAsync(connection, id, tx) ?? throw AppProblem.NotFound();
        AppProblem.EnsureVersion(request.Version, row.Version);

        var valid = Validate(request);
        var now = UnixMs.Now(clock);
        await connection.ExecuteAsync(
            """
            UPDATE maintenance_windows SET name = @Name, reason = @Reason, scope = @Scope, starts_at = @StartsAt, ends_at = @EndsAt, cron = @Cron,
              duration_ms = @DurationMs, enabled = @Enabled, updated_at = @now, version = version + 1
            WHERE id = @id
            """,
            new { valid.Name, valid.Reason, valid.Scope, valid.StartsAt, valid.EndsAt, valid.Cron, valid.DurationMs, valid.Enabled, now, id }, tx);
        await audit.RecordAsync(new AuditEntry("alerting.maintenance.update", "maintenance_window", id.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditEntry.Success, valid.Name), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        return (await FindAsync(connection, id, null))!.ToDto(now, options.Zone);
    }

    public async Task DeleteAsync(long id, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var row = await FindAsync(connection, id, tx) ?? throw AppProblem.NotFound();
        await connection.ExecuteAsync("DELETE FROM maintenance_windows WHERE id = @id", new { id }, tx);
        await audit.RecordAsync(new AuditEntry("alerting.maintenance.delete", "maintenance_window", id.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditEntry.Success, row.Name), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
    }

    internal static async Task<MaintenanceWindowRow?> FindAsync(DbConnection connection, long id, DbTransaction? tx) =>
        await connection.QuerySingleOrDefaultAsync<MaintenanceWindowRow>($"SELECT {MaintenanceWindowRow.Columns} FROM maintenance_windows WHERE id = @id", new { id }, tx);

    private sealed record Valid(string Name, string? Reason, string Scope, long? StartsAt, long? EndsAt, string? Cron, long? DurationMs, bool Enabled);

    private static Valid Validate(SaveMaintenanceWindowRequest request)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        string? reason = null;
        var name = request.Name?.Trim() ?? string.Empty;
        if (name.Length is 0 or > 200)
        {
            errors["name"] = name.Length == 0 ? "required" : "too_long";
        }

        var why = string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim();
        if (why is { Length: > 1000 })
        {
            errors["reason"] = "too_long";
        }

        var scope = Normalize(request.Scope);
        if (scope is null)
        {
            errors["scope"] = "maintenance_scope_empty";
        }
        else if ((scope.CiCodes?.Count ?? 0) > 500 || (scope.Attributes?.Count ?? 0) > 10 || (scope.Labels?.Count ?? 0) > 10)
        {
            errors["scope"] = "invalid_value";
        }

        var cron = string.IsNullOrWhiteSpace(request.Cron) ? null : request.Cron.Trim();
        long? durationMs = null;
        if (cron is null)
        {
            if (request.StartsAt is null || request.EndsAt is null)
            {
                errors[request.StartsAt is null ? "startsAt" : "endsAt"] = "required";
            }
            else if (request.EndsAt <= request.StartsAt || request.EndsAt - request.StartsAt > TimeSpan.FromDays(MaxOneOffDays))
            {
                errors["endsAt"] = "invalid_window_end";
            }
        }
        else
        {
            if (CronSchedule.Check(cron) is { } cronError)
            {
                errors["cron"] = "invalid_schedule";
                reason = cronError;
            }

            if (request.DurationMinutes is not (>= 1 and <= MaxDurationMinutes))
            {
                errors["durationMinutes"] = "invalid_window_duration";
            }
            else
            {
                durationMs = request.DurationMinutes.Value * 60_000L;
            }

            if (request.StartsAt is { } from && request.EndsAt is { } until && until <= from)
            {
                errors["endsAt"] = "invalid_window_end";
            }
        }

        if (errors.Count > 0)
        {
            throw new AppProblem(400, "validation_failed", reason is null ? null : new Dictionary<string, string> { ["reason"] = reason }, errors);
        }

        return new Valid(name, why, JsonSerializer.Serialize(scope, MaintenanceWindowRow.Json), request.StartsAt?.ToUnixTimeMilliseconds(), request.EndsAt?.ToUnixTimeMilliseconds(), cron, durationMs, request.Enabled ?? true);
    }

    /// <summary>The scope without empty parts, or null when nothing is left.</summary>
    private static MaintenanceScope? Normalize(MaintenanceScope? scope)
    {
        if (scope is null)
        {
            return null;
        }

        var codes = scope.CiCodes?.Select(c => c?.Trim() ?? string.Empty).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var attributes = scope.Attributes?.Where(a => !string.IsNullOrWhiteSpace(a.Key)).ToDictionary(a => a.Key.Trim(), a => a.Value?.Trim() ?? string.Empty, StringComparer.Ordinal);
        var labels = scope.Labels?.Where(a => !string.IsNullOrWhiteSpace(a.Key)).ToDictionary(a => a.Key.Trim(), a => a.Value ?? string.Empty, StringComparer.Ordinal);
        var type = string.IsNullOrWhiteSpace(scope.Type) ? null : scope.Type.Trim();
        var normalized = new MaintenanceScope(codes is { Count: > 0 } ? codes : null, type, scope.BusinessId, attributes is { Count: > 0 } ? attributes : null, labels is { Count: > 0 } ? labels : null);
        return normalized.CiCodes is null && !normalized.UsesCmdb && normalized.Labels is null ? null : normalized;
    }
}
