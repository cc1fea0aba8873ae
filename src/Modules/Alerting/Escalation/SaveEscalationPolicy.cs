using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Alerting.Escalation;

/// <summary>Creates, changes and deletes escalation policies (who is told next when nobody acknowledges).</summary>
internal sealed class SaveEscalationPolicy(Databases databases, TimeProvider clock, IAuditTrail audit, IUserDirectory users)
{
    public const int MaxSteps = 5;

    internal static async Task<IResult> CreateEndpoint(SaveEscalationPolicyRequest request, SaveEscalationPolicy save, CancellationToken ct)
    {
        var policy = await save.SaveAsync(null, request, ct);
        return Results.Created($"/api/v1/alerting/escalation-policies/{policy.Id}", policy);
    }

    internal static async Task<IResult> UpdateEndpoint(long id, SaveEscalationPolicyRequest request, SaveEscalationPolicy save, CancellationToken ct) =>
        Results.Ok(await save.SaveAsync(id, request, ct));

    internal static async Task<IResult> DeleteEndpoint(long id, SaveEscalationPolicy save, CancellationToken ct)
    {
        await save.DeleteAsync(id, ct);
        return Results.NoContent();
    }

    internal static async Task<IResult> ListEndpoint(Databases databases, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var rows = await connection.QueryAsync<EscalationPolicyRow>(new CommandDefinition($"SELECT {EscalationPolicyRow.Columns} FROM escalation_policies ORDER BY name", cancellationToken: ct));
        return Results.Ok(rows.Select(r => r.ToDto()).ToList());
    }

    public async Task<EscalationPolicyDto> SaveAsync(long? id, SaveEscalationPolicyRequest request, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        EscalationPolicyRow? existing = null;
        if (id is { } policyId)
        {
            existing = await FindAsync(connection, policyId, null) ?? throw AppProblem.NotFound();
        }

        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var name = request.Name?.Trim() ?? existing?.Name ?? string.Empty;
        if (name.Length is 0 or > 200)
        {
            errors["name"] = name.Length == 0 ? "required" : "too_long";
        }

        var steps = (request.Steps ?? existing?.StepList ?? []).ToList();
        if (steps.Count is 0 or > MaxSteps)
        {
            errors["steps"] = steps.Count == 0 ? "required" : "too_many";
        }

        var repeat = request.Steps is null && request.RepeatMinutes is null ? existing?.RepeatMinutes : request.RepeatMinutes;
        if (repeat is not null and not (>= 5 and <= 1440))
        {
            errors["repeatMinutes"] = "invalid_value";
        }

        var channelIds = await connection.QueryAsync<long>(new CommandDefinition("SELECT id FROM notification_channels", cancellationToken: ct));
        var scheduleIds = await connection.QueryAsync<long>(new CommandDefinition("SELECT id FROM oncall_schedules", cancellationToken: ct));
        var known = await users.ContactsAsync(steps.SelectMany(s => s.Users ?? []).ToList(), ct);
        for (var i = 0; i < steps.Count && steps.Count <= MaxSteps; i++)
        {
            var step = steps[i];
            if (step.AfterMinutes is < 1 or > 1440 || (i > 0 && step.AfterMinutes <= steps[i - 1].AfterMinutes))
            {
                errors[$"steps[{i}].afterMinutes"] = "invalid_value";
            }

            if ((step.Channels?.Count ?? 0) is 0 or > 10 || step.Channels!.Except(channelIds).Any())
            {
                errors[$"steps[{i}].channels"] = (step.Channels?.Count ?? 0) == 0 ? "required" : "invalid_reference";
            }

            if ((step.Users?.Count ?? 0) > 20 || step.Users?.Any(u => !known.ContainsKey(u)) == true)
            {
                errors[$"steps[{i}].users"] = "invalid_reference";
            }

            if (step.ScheduleId is { } schedule && !scheduleIds.Contains(schedule))
            {
                errors[$"steps[{i}].scheduleId"] = "invalid_reference";
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

        await Data.UniqueName.EnsureFreeAsync(connection, tx, "escalation_policies", name, id, ct);

        var values = new { name, steps = JsonSerializer.Serialize(steps, EscalationPolicyRow.Json), repeat, now = UnixMs.Now(clock), id = id ?? 0 };
        if (existing is null)
        {
            id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO escalation_policies (name, steps, repeat_minutes, created_at, updated_at, version) VALUES (@name, @steps, @repeat, @now, @now, 1) RETURNING id",
                values, tx, cancellationToken: ct));
        }
        else
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE escalation_policies SET name = @name, steps = @steps, repeat_minutes = @repeat, updated_at = @now, version = version + 1 WHERE id = @id",
                values, tx, cancellationToken: ct));
        }

        await audit.RecordAsync(
            new AuditEntry(existing is null ? "alerting.escalation.create" : "alerting.escalation.update", "escalation_policy", id!.Value.ToString(CultureInfo.InvariantCulture), AuditEntry.Success, name),
            connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        return (await FindAsync(connection, id.Value, null))!.ToDto();
    }

    public async Task DeleteAsync(long id, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var row = await FindAsync(connection, id, tx) ?? throw AppProblem.NotFound();
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM notification_routes WHERE escalation_policy_id = @id", new { id }, tx, cancellationToken: ct)) > 0)
        {
            throw AppProblem.Conflict("in_use");
        }

        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM escalation_policies WHERE id = @id", new { id }, tx, cancellationToken: ct));
        await audit.RecordAsync(new AuditEntry("alerting.escalation.delete", "escalation_policy", id.ToString(CultureInfo.InvariantCulture), AuditEntry.Success, row.Name), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
    }

    internal static async Task<EscalationPolicyRow?> FindAsync(DbConnection connection, long id, DbTransaction? tx) =>
        await connection.QuerySingleOrDefaultAsync<EscalationPolicyRow>($"SELECT {EscalationPolicyRow.Columns} FROM escalation_policies WHERE id = @id", new { id }, tx);
}
