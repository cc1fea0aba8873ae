using System.Globalization;
using System.Text.Json;
using Dapper;
using HospitalOps.Cmdb.Contracts;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using HospitalOps.ServiceDesk.Workflows;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.ServiceDesk.Plans;

/// <summary>A plan as the administrator saves it.</summary>
public sealed record SaveFaultPlanRequest(
    string? Name,
    long? BusinessSystemId,
    IReadOnlyList<string>? CiCodes,
    IReadOnlyList<string>? Keywords,
    int? DefaultPriority,
    IReadOnlyList<string>? Steps,
    IReadOnlyList<EscalationLevel>? Escalation);

/// <summary>One of the CMDB's typical faults of a business system, and the plan that covers it if there is one.</summary>
public sealed record DerivedFaultDto(IReadOnlyList<CiName> Cis, string Result, long? PlanId, string? PlanName);

/// <summary>
/// Typical faults and plans: listed (with the CMDB's own typical faults of a business system, so an administrator writes a plan
/// for each), saved and deleted. A plan's escalation names people who must exist here.
/// </summary>
internal static class SaveFaultPlan
{
    public const int MaxSteps = 50;
    public const int MaxLevels = 5;

    internal static async Task<IResult> ListEndpoint(long? system, Databases databases, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var plans = await FaultPlans.AllAsync(connection, null, ct);
        return Results.Ok(system is { } id ? plans.Where(p => p.BusinessSystemId == id).ToList() : plans);
    }

    internal static async Task<IResult> DerivedEndpoint(long system, Databases databases, IServiceScopeFactory scopes, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var faults = await scope.ServiceProvider.GetRequiredService<ICmdbDirectory>().TypicalFaultsAsync(system, ct);
        await using var connection = await databases.Config.OpenAsync(ct);
        var plans = (await FaultPlans.AllAsync(connection, null, ct)).Where(p => p.BusinessSystemId == system).ToList();
        return Results.Ok(faults.Select(f =>
        {
            var codes = f.Cis.Select(c => c.Code).Order(StringComparer.Ordinal).ToList();
            var plan = plans.FirstOrDefault(p => p.CiCodes.Order(StringComparer.Ordinal).SequenceEqual(codes));
            return new DerivedFaultDto(f.Cis, f.Result, plan?.Id, plan?.Name);
        }).ToList());
    }

    internal static Task<IResult> CreateEndpoint(SaveFaultPlanRequest request, Databases databases, IServiceScopeFactory scopes, IUserDirectory users, IAuditTrail audit, TimeProvider clock, CancellationToken ct) =>
        SaveAsync(null, request, databases, scopes, users, audit, clock, ct);

    internal static Task<IResult> UpdateEndpoint(long id, SaveFaultPlanRequest request, Databases databases, IServiceScopeFactory scopes, IUserDirectory users, IAuditTrail audit, TimeProvider clock, CancellationToken ct) =>
        SaveAsync(id, request, databases, scopes, users, audit, clock, ct);

    internal static async Task<IResult> DeleteEndpoint(long id, Databases databases, IAuditTrail audit, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var plan = await FaultPlans.ByIdAsync(connection, tx, id, ct) ?? throw AppProblem.NotFound();
        // Tickets keep their checklist; they only lose the link to the plan.
        await connection.ExecuteAsync(new CommandDefinition("UPDATE sd_tickets SET fault_plan_id = NULL WHERE fault_plan_id = @id", new { id }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM sd_fault_plans WHERE id = @id", new { id }, tx, cancellationToken: ct));
        await audit.RecordAsync(new AuditEntry("servicedesk.fault_plan.delete", "fault_plan", id.ToString(CultureInfo.InvariantCulture), AuditEntry.Success, plan.Name), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        return Results.NoContent();
    }

    private static async Task<IResult> SaveAsync(long? id, SaveFaultPlanRequest request, Databases databases, IServiceScopeFactory scopes, IUserDirectory users, IAuditTrail audit, TimeProvider clock, CancellationToken ct)
    {
        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > 100)
        {
            throw AppProblem.Invalid("name", name.Length == 0 ? "required" : "too_long");
        }

        var ciCodes = (request.CiCodes ?? []).Select(c => c?.Trim() ?? "").Where(c => c.Length > 0).Distinct().ToList();
        var keywords = (request.Keywords ?? []).Select(k => k?.Trim() ?? "").Where(k => k.Length > 0).Distinct().ToList();
        if (ciCodes.Count == 0 && keywords.Count == 0)
        {
            throw AppProblem.Invalid("ciCodes", "plan_no_match");
        }

        if (ciCodes.Count > 10 || keywords.Count > 20 || keywords.Any(k => k.Length > 40))
        {
            throw AppProblem.Invalid(ciCodes.Count > 10 ? "ciCodes" : "keywords", "plan_match_too_large");
        }

        if (request.DefaultPriority is < 1 or > 4)
        {
            throw AppProblem.Invalid("defaultPriority", "priority_range");
        }

        var steps = (request.Steps ?? []).Select(s => s?.Trim() ?? "").ToList();
        if (steps.Count > MaxSteps || steps.Any(s => s.Length is 0 or > 500))
        {
            throw AppProblem.Invalid("steps", steps.Count > MaxSteps ? "plan_too_many_steps" : "plan_bad_step");
        }

        var levels = request.Escalation ?? [];
        if (levels.Count > MaxLevels)
        {
            throw AppProblem.Invalid("escalation", "plan_too_many_levels");
        }

        for (var i = 0; i < levels.Count; i++)
        {
            var level = levels[i];
            if (level is null || level.AfterMinutes is < 1 or > 30 * 24 * 60 || (i > 0 && level.AfterMinutes <= levels[i - 1].AfterMinutes))
            {
                throw AppProblem.Invalid($"escalation[{i}].afterMinutes", "plan_escalation_order");
            }

            var named = (level.Users ?? []).Distinct().ToList();
            var found = named.Count == 0 ? new Dictionary<string, UserContact>() : await users.ContactsAsync(named, ct);
            if (named.Count == 0 || named.Any(u => !found.ContainsKey(u)))
            {
                throw AppProblem.Invalid($"escalation[{i}].users", named.Count == 0 ? "required" : "ticket_unknown_user");
            }
        }

        string? systemName = null;
        if (request.BusinessSystemId is { } systemId)
        {
            await using var scope = scopes.CreateAsyncScope();
            var facts = await scope.ServiceProvider.GetRequiredService<ICmdbDirectory>().FactsAsync([systemId], ct);
            if (!facts.TryGetValue(systemId, out var system) || system.Type != "business")
            {
                throw AppProblem.Invalid("businessSystemId", "ticket_unknown_ci");
            }

            systemName = system.Name;
        }

        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        if (await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT id FROM sd_fault_plans WHERE name = @name AND id <> @self", new { name, self = id ?? 0 }, tx, cancellationToken: ct)) is not null)
        {
            throw AppProblem.Invalid("name", "plan_name_taken");
        }

        var args = new
        {
            id, name, system = request.BusinessSystemId, systemName, ciCodes = JsonSerializer.Serialize(ciCodes), keywords = JsonSerializer.Serialize(keywords), request.DefaultPriority,
            steps = JsonSerializer.Serialize(steps), escalation = JsonSerializer.Serialize(levels.Select(l => l with { Users = l.Users.Distinct().ToList() }), WorkflowJson.Options),
            now = UnixMs.Now(clock),
        };
        if (id is null)
        {
            id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                INSERT INTO sd_fault_plans (name, business_system_id, business_system_name, ci_codes, keywords, default_priority, steps, escalation, source, updated_at)
                VALUES (@name, @system, @systemName, @ciCodes, @keywords, @DefaultPriority, @steps, @escalation, 'manual', @now) RETURNING id
                """, args, tx, cancellationToken: ct));
        }
        else if (await connection.ExecuteAsync(new CommandDefinition(
                     """
                     UPDATE sd_fault_plans SET name = @name, business_system_id = @system, business_system_name = @systemName, ci_codes = @ciCodes, keywords = @keywords,
                       default_priority = @DefaultPriority, steps = @steps, escalation = @escalation, updated_at = @now WHERE id = @id
                     """, args, tx, cancellationToken: ct)) == 0)
        {
            throw AppProblem.NotFound();
        }

        await audit.RecordAsync(new AuditEntry("servicedesk.fault_plan.save", "fault_plan", id.Value.ToString(CultureInfo.InvariantCulture), AuditEntry.Success, name), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        return Results.Ok(await FaultPlans.ByIdAsync(connection, null, id.Value, ct));
    }
}
