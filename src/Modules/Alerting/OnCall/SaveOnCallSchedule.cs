using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Alerting.OnCall;

/// <summary>Creates, changes and deletes on-call rosters. Everyone named must be a user of the platform.</summary>
internal sealed class SaveOnCallSchedule(Databases databases, TimeProvider clock, IAuditTrail audit, IUserDirectory users, AlertingOptions options)
{
    internal static async Task<IResult> CreateEndpoint(SaveOnCallScheduleRequest request, SaveOnCallSchedule save, CancellationToken ct)
    {
        var schedule = await save.SaveAsync(null, request, ct);
        return Results.Created($"/api/v1/alerting/oncall-schedules/{schedule.Id}", schedule);
    }

    internal static async Task<IResult> UpdateEndpoint(long id, SaveOnCallScheduleRequest request, SaveOnCallSchedule save, CancellationToken ct) =>
        Results.Ok(await save.SaveAsync(id, request, ct));

    internal static async Task<IResult> DeleteEndpoint(long id, SaveOnCallSchedule save, CancellationToken ct)
    {
        await save.DeleteAsync(id, ct);
        return Results.NoContent();
    }

    public async Task<OnCallScheduleDto> SaveAsync(long? id, SaveOnCallScheduleRequest request, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        OnCallScheduleRow? existing = null;
        if (id is { } scheduleId)
        {
            existing = await FindAsync(connection, scheduleId, null) ?? throw AppProblem.NotFound();
        }

        var roster = existing?.Roster;
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var name = request.Name?.Trim() ?? existing?.Name ?? string.Empty;
        if (name.Length is 0 or > 200)
        {
            errors["name"] = name.Length == 0 ? "required" : "too_long";
        }

        var participants = Clean(request.Participants) ?? roster?.Participants.ToList() ?? [];
        var holidayParticipants = Clean(request.HolidayParticipants) ?? roster?.HolidayParticipants.ToList() ?? [];
        var overrides = request.Overrides?.ToList() ?? roster?.Overrides.ToList() ?? [];
        if (participants.Count == 0)
        {
            errors["participants"] = "required";
        }
        else if (participants.Count > 50 || holidayParticipants.Count > 50)
        {
            errors[participants.Count > 50 ? "participants" : "holidayParticipants"] = "too_many";
        }

        var rotationDays = request.RotationDays ?? existing?.RotationDays ?? 1;
        if (rotationDays is < 1 or > 28)
        {
            errors["rotationDays"] = "invalid_value";
        }

        var handover = request.Handover ?? existing?.Handover ?? "08:00";
        if (Notifications.Routing.RouteMatcher.ParseTime(handover) is not { } handoverTime)
        {
            errors["handover"] = "invalid_value";
        }
        else
        {
            handover = handoverTime.ToString("hh\\:mm", CultureInfo.InvariantCulture);
        }

        var anchor = request.AnchorDate ?? roster?.AnchorDate;
        if (anchor is null)
        {
            errors["anchorDate"] = "required";
        }

        var holidays = (request.Holidays ?? roster?.Holidays ?? []).Distinct().Order().ToList();
        if (holidays.Count > 400)
        {
            errors["holidays"] = "too_many";
        }

        if (overrides.Count > 200)
        {
            errors["overrides"] = "too_many";
        }

        for (var i = 0; i < overrides.Count && overrides.Count <= 200; i++)
        {
            var o = overrides[i];
            if (o.To <= o.From || o.To - o.From > TimeSpan.FromDays(31))
            {
                errors[$"overrides[{i}].to"] = "invalid_window_end";
            }

            if (o.Reason is { Length: > 200 })
            {
                errors[$"overrides[{i}].reason"] = "too_long";
            }
        }

        var named = participants.Concat(holidayParticipants).Concat(overrides.Select(o => o.User ?? string.Empty)).Distinct(StringComparer.Ordinal).ToList();
        var known = await users.ContactsAsync(named, ct);
        if (participants.FirstOrDefault(p => !known.ContainsKey(p)) is not null)
        {
            errors["participants"] = "invalid_reference";
        }

        if (holidayParticipants.FirstOrDefault(p => !known.ContainsKey(p)) is not null)
        {
            errors["holidayParticipants"] = "invalid_reference";
        }

        for (var i = 0; i < overrides.Count && overrides.Count <= 200; i++)
        {
            if (!known.ContainsKey(overrides[i].User ?? string.Empty))
            {
                errors[$"overrides[{i}].user"] = "invalid_reference";
            }
        }

        if (errors.Count > 0)
        {
            throw AppProblem.Invalid(errors);
        }

        await using var tx = await Database.BeginWriteAsync(connection, ct);
        if (existing is not null)
        {
            AppProblem.EnsureVersion(request.Version, existing.Version);
        }

        await Data.UniqueName.EnsureFreeAsync(connection, tx, "oncall_schedules", name, id, ct);

        var values = new
        {
            name,
            participants = JsonSerializer.Serialize(participants, OnCallScheduleRow.Json),
            rotationDays,
            handover,
            anchor = anchor!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            holidayParticipants = JsonSerializer.Serialize(holidayParticipants, OnCallScheduleRow.Json),
            holidays = JsonSerializer.Serialize(holidays, OnCallScheduleRow.Json),
            overrides = JsonSerializer.Serialize(overrides.OrderBy(o => o.From), OnCallScheduleRow.Json),
            now = UnixMs.Now(clock),
            id = id ?? 0,
        };
        if (existing is null)
        {
            id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                INSERT INTO oncall_schedules (name, participants, rotation_days, handover, anchor_date, holiday_participants, holidays, overrides, created_at, updated_at, version)
                VALUES (@name, @participants, @rotationDays, @handover, @anchor, @holidayParticipants, @holidays, @overrides, @now, @now, 1) RETURNING id
                """,
                values, tx, cancellationToken: ct));
        }
        else
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE oncall_schedules SET name = @name, participants = @participants, rotation_days = @rotationDays, handover = @handover, anchor_date = @anchor,
                  holiday_participants = @holidayParticipants, holidays = @holidays, overrides = @overrides, updated_at = @now, version = version + 1
                WHERE id = @id
                """,
                values, tx, cancellationToken: ct));
        }

        await audit.RecordAsync(
            new AuditEntry(existing is null ? "alerting.oncall.create" : "alerting.oncall.update", "oncall_schedule", id!.Value.ToString(CultureInfo.InvariantCulture), AuditEntry.Success, name),
            connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        return (await FindAsync(connection, id.Value, null))!.ToDto(clock.GetUtcNow(), options.Zone);
    }

    public async Task DeleteAsync(long id, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var row = await FindAsync(connection, id, tx) ?? throw AppProblem.NotFound();
        var used = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM notification_routes WHERE schedule_id = @id", new { id }, tx, cancellationToken: ct));
        var policies = await connection.QueryAsync<string>(new CommandDefinition("SELECT steps FROM escalation_policies", transaction: tx, cancellationToken: ct));
        if (used > 0 || policies.Any(p => Escalation.EscalationPolicyRow.StepsOf(p).Any(s => s.ScheduleId == id)))
        {
            throw AppProblem.Conflict("in_use");
        }

        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM oncall_schedules WHERE id = @id", new { id }, tx, cancellationToken: ct));
        await audit.RecordAsync(new AuditEntry("alerting.oncall.delete", "oncall_schedule", id.ToString(CultureInfo.InvariantCulture), AuditEntry.Success, row.Name), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
    }

    internal static async Task<OnCallScheduleRow?> FindAsync(DbConnection connection, long id, DbTransaction? tx) =>
        await connection.QuerySingleOrDefaultAsync<OnCallScheduleRow>($"SELECT {OnCallScheduleRow.Columns} FROM oncall_schedules WHERE id = @id", new { id }, tx);

    private static List<string>? Clean(IReadOnlyList<string>? names) =>
        names?.Select(n => n?.Trim() ?? string.Empty).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
}
