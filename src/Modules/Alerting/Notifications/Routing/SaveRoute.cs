using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using HospitalOps.Alerting.Rules;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Alerting.Notifications.Routing;

/// <summary>Creates, changes and deletes notification routes (which events go to which channels).</summary>
internal sealed class SaveRoute(Databases databases, TimeProvider clock, IAuditTrail audit)
{
    internal static async Task<IResult> CreateEndpoint(SaveRouteRequest request, SaveRoute save, CancellationToken ct)
    {
        var route = await save.SaveAsync(null, request, ct);
        return Results.Created($"/api/v1/alerting/routes/{route.Id}", route);
    }

    internal static async Task<IResult> UpdateEndpoint(long id, SaveRouteRequest request, SaveRoute save, CancellationToken ct) =>
        Results.Ok(await save.SaveAsync(id, request, ct));

    internal static async Task<IResult> DeleteEndpoint(long id, SaveRoute save, CancellationToken ct)
    {
        await save.DeleteAsync(id, ct);
        return Results.NoContent();
    }

    public async Task<RouteDto> SaveAsync(long? id, SaveRouteRequest request, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        NotificationRoute? existing = null;
        if (id is { } routeId)
        {
            existing = await FindAsync(connection, routeId, tx) ?? throw AppProblem.NotFound();
            AppProblem.EnsureVersion(request.Version, existing.Version);
        }

        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var name = request.Name?.Trim() ?? existing?.Name ?? string.Empty;
        if (name.Length is 0 or > 200)
        {
            errors["name"] = name.Length == 0 ? "required" : "too_long";
        }

        var match = request.Match ?? existing?.MatchValue ?? new RouteMatch(null, null, null, null, null);
        CheckMatch(match, errors);
        var channels = (request.Channels ?? existing?.ChannelList ?? []).Distinct().ToList();
        if (channels.Count == 0)
        {
            errors["channels"] = "required";
        }
        else if (channels.Count > 20)
        {
            errors["channels"] = "too_many";
        }
        else
        {
            var args = new DynamicParameters();
            var known = await connection.QueryAsync<long>(new CommandDefinition(
                $"SELECT id FROM notification_channels WHERE id IN {SqlIn.List("id", channels, args)}", args, tx, cancellationToken: ct));
            if (channels.Except(known).Any())
            {
                errors["channels"] = "invalid_reference";
            }
        }

        // A route's schedule and policy are kept unless the request names others; 0 clears them.
        var scheduleId = request.ScheduleId is { } sid ? (sid == 0 ? null : sid) : existing?.ScheduleId;
        var policyId = request.EscalationPolicyId is { } pid ? (pid == 0 ? null : pid) : existing?.EscalationPolicyId;
        if (scheduleId is { } schedule && await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT id FROM oncall_schedules WHERE id = @schedule", new { schedule }, tx, cancellationToken: ct)) is null)
        {
            errors["scheduleId"] = "invalid_reference";
        }

        if (policyId is { } policy && await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT id FROM escalation_policies WHERE id = @policy", new { policy }, tx, cancellationToken: ct)) is null)
        {
            errors["escalationPolicyId"] = "invalid_reference";
        }

        if (errors.Count > 0)
        {
            throw AppProblem.Invalid(errors);
        }

        await Data.UniqueName.EnsureFreeAsync(connection, tx, "notification_routes", name, id, ct);

        var position = request.Position ?? existing?.Position
            ?? await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COALESCE(MAX(position), 0) + 10 FROM notification_routes", transaction: tx, cancellationToken: ct));
        var values = new
        {
            name,
            position,
            match = JsonSerializer.Serialize(match, NotificationRoute.Json),
            channels = JsonSerializer.Serialize(channels),
            scheduleId,
            policyId,
            notifyResolved = request.NotifyResolved ?? existing?.NotifyResolved ?? true,
            stop = request.Stop ?? existing?.Stop ?? false,
            enabled = request.Enabled ?? existing?.Enabled ?? true,
            now = UnixMs.Now(clock),
            id = id ?? 0,
        };
        if (existing is null)
        {
            id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                INSERT INTO notification_routes (name, position, match, channels, schedule_id, escalation_policy_id, notify_resolved, stop, enabled, created_at, updated_at, version)
                VALUES (@name, @position, @match, @channels, @scheduleId, @policyId, @notifyResolved, @stop, @enabled, @now, @now, 1) RETURNING id
                """,
                values, tx, cancellationToken: ct));
        }
        else
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE notification_routes SET name = @name, position = @position, match = @match, channels = @channels, schedule_id = @scheduleId,
                  escalation_policy_id = @policyId, notify_resolved = @notifyResolved,
                  stop = @stop, enabled = @enabled, updated_at = @now, version = version + 1
                WHERE id = @id
                """,
                values, tx, cancellationToken: ct));
        }

        await audit.RecordAsync(
            new AuditEntry(existing is null ? "alerting.route.create" : "alerting.route.update", "notification_route", id!.Value.ToString(CultureInfo.InvariantCulture), AuditEntry.Success, name),
            connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        return (await FindAsync(connection, id.Value, null))!.ToDto();
    }

    public async Task DeleteAsync(long id, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var row = await FindAsync(connection, id, tx) ?? throw AppProblem.NotFound();
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM notification_routes WHERE id = @id", new { id }, tx, cancellationToken: ct));
        await audit.RecordAsync(new AuditEntry("alerting.route.delete", "notification_route", id.ToString(CultureInfo.InvariantCulture), AuditEntry.Success, row.Name), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
    }

    internal static async Task<NotificationRoute?> FindAsync(DbConnection connection, long id, DbTransaction? tx) =>
        await connection.QuerySingleOrDefaultAsync<NotificationRoute>($"SELECT {NotificationRoute.Columns} FROM notification_routes WHERE id = @id", new { id }, tx);

    private static void CheckMatch(RouteMatch match, Dictionary<string, string> errors)
    {
        if (match.Severities?.FirstOrDefault(s => !Severity.All.Contains(s)) is not null)
        {
            errors["match.severities"] = "invalid_value";
        }

        if ((match.BusinessIds?.Count ?? 0) > 100 || (match.CiTypes?.Count ?? 0) > 50 || (match.Labels?.Count ?? 0) > 10)
        {
            errors["match"] = "too_many";
        }

        if (match.Hours is { } hours)
        {
            if (RouteMatcher.ParseTime(hours.From) is null)
            {
                errors["match.hours.from"] = "invalid_value";
            }

            if (RouteMatcher.ParseTime(hours.To) is null)
            {
                errors["match.hours.to"] = "invalid_value";
            }

            if (hours.Days?.Any(d => d is < 1 or > 7) == true)
            {
                errors["match.hours.days"] = "invalid_value";
            }
        }
    }
}
