using System.Data.Common;
using Dapper;
using HospitalOps.Cmdb.Contracts;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.ServiceDesk.Priority;
using HospitalOps.ServiceDesk.Sla;
using HospitalOps.ServiceDesk.Types;
using HospitalOps.ServiceDesk.Workflows;

namespace HospitalOps.ServiceDesk.Tickets;

/// <summary>What a new ticket is made of, whoever opens it (a person, an alert, a workflow action).</summary>
internal sealed record NewTicket(
    string TypeKey,
    string Title,
    string Description,
    string Channel,
    int? Impact,
    int? Urgency,
    long? BusinessSystemId,
    IReadOnlyList<long> CiIds,
    string? ReporterUser,
    string? ReporterName,
    string? ReporterPhone,
    string? Assignee,
    string? Team,
    IReadOnlyDictionary<string, string> Fields,
    string? Source,
    string? Contract,
    bool InMaintenance,
    IReadOnlyList<(string User, string Reason)> Collaborators);

/// <summary>
/// Opens tickets: the type's current workflow version, the business system's level from the CMDB (the most critical system the CIs
/// serve when none is named), the priority from the matrix, the SLA policy that fits, a number, the timeline's first entry and
/// the clocks, all in the caller's transaction.
/// </summary>
internal sealed class TicketCreation(WorkflowCatalog workflows, TicketSla sla, Dispatching.DispatchRules dispatch, TimeProvider clock)
{
    public static readonly string[] Channels = ["phone", "walk_in", "wecom", "web", "email", "alert", "inspection"];

    public async Task<long> CreateAsync(DbConnection connection, DbTransaction tx, NewTicket request, TicketActor actor, ICmdbDirectory cmdb, CancellationToken ct, bool refreshDerived = true)
    {
        var type = await connection.QuerySingleOrDefaultAsync<(long Id, string Prefix, long WorkflowId, string Fields, long DefaultImpact, long DefaultUrgency, bool Active)>(new CommandDefinition(
            "SELECT id, prefix, workflow_id, fields, default_impact, default_urgency, active FROM sd_ticket_types WHERE key = @TypeKey", new { request.TypeKey }, tx, cancellationToken: ct));
        if (type.Id == 0 || !type.Active)
        {
            throw AppProblem.Invalid("type", "ticket_unknown_type");
        }

        var typeFields = System.Text.Json.JsonSerializer.Deserialize<List<TicketField>>(type.Fields, WorkflowJson.Options) ?? [];
        var fields = TicketFieldInput.Checked(typeFields, request.Fields, "fields");

        var cis = request.CiIds.Count == 0 ? new Dictionary<long, CiFacts>() : new Dictionary<long, CiFacts>(await cmdb.FactsAsync(request.CiIds.Distinct().ToList(), ct));
        var missingCi = request.CiIds.FirstOrDefault(id => !cis.ContainsKey(id));
        if (missingCi != 0)
        {
            throw AppProblem.Invalid("ciIds", "ticket_unknown_ci");
        }

        var (system, level) = await BusinessSystemAsync(request.BusinessSystemId, cis.Values, cmdb, ct);
        var impact = request.Impact ?? (int)type.DefaultImpact;
        var urgency = request.Urgency ?? (int)type.DefaultUrgency;
        var priority = await PriorityMatrix.PriorityOfAsync(connection, tx, impact, urgency, level, ct);
        // A typical fault's plan gives its priority to tickets whose impact and urgency nobody judged (those from alerts, or left to default).
        var plan = Plans.FaultPlans.Match(await Plans.FaultPlans.AllAsync(connection, tx, ct), system?.Id, cis.Values.Select(c => c.Code).ToList(), request.Title);
        if (plan?.DefaultPriority is { } planned && (request.Channel == "alert" || (request.Impact is null && request.Urgency is null)))
        {
            priority = planned;
        }

        var policy = SlaPolicies.Match(await SlaPolicies.AllAsync(connection, tx, ct), request.TypeKey, priority, request.Contract);
        var (version, definition) = await workflows.CurrentAsync(connection, tx, type.WorkflowId, ct);
        // Nobody named (not the person opening it, not the CMDB's maintainers): the dispatch rules choose the team and who in it.
        var dispatched = request.Assignee is null && request.Team is null
            ? await dispatch.ChooseAsync(connection, tx, request.TypeKey, system?.Id, priority, request.Channel, request.Title, request.Description, ct)
            : null;
        var assignee = request.Assignee ?? dispatched?.Assignee;
        var team = request.Team ?? dispatched?.Team;
        var now = clock.GetUtcNow();
        var at = now.ToUnixTimeMilliseconds();
        var number = await TicketNumbers.NextAsync(connection, tx, type.Prefix, now, BusinessCalendar.DefaultZone, ct);

        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO sd_tickets (number, type_id, workflow_id, workflow_version, state, state_category, title, description, channel, impact, urgency, system_level,
              priority, business_system_id, business_system_name, reporter_user, reporter_name, reporter_phone, assignee, team, fields, source, sla_policy_id, contract,
              in_maintenance, opened_at, sla_breached, created_by, updated_at, version, fault_plan_id)
            VALUES (@number, @typeId, @workflowId, @version, @state, @category, @Title, @Description, @Channel, @impact, @urgency, @level,
              @priority, @systemId, @systemName, @ReporterUser, @reporterName, @ReporterPhone, @assignee, @team, @fields, @Source, @policyId, @Contract,
              @InMaintenance, @at, @no, @createdBy, @at, 1, @planId)
            RETURNING id
            """,
            new
            {
                number, typeId = type.Id, workflowId = type.WorkflowId, version, state = definition.Initial, category = definition.State(definition.Initial).Category,
                request.Title, request.Description, request.Channel, impact, urgency, level, priority, systemId = system?.Id, systemName = system?.Name,
                request.ReporterUser, reporterName = request.ReporterName ?? request.ReporterUser ?? actor.UserName, request.ReporterPhone, assignee, team,
                fields = TicketFieldValues.Json(fields), request.Source, policyId = policy?.Id, request.Contract, request.InMaintenance, at, no = false,
                createdBy = actor.UserName, planId = plan?.Id,
            }, tx, cancellationToken: ct));

        foreach (var ci in cis.Values)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO sd_ticket_cis (ticket_id, ci_id, ci_code, ci_name) VALUES (@id, @Id2, @Code, @Name)", new { id, Id2 = ci.Id, ci.Code, ci.Name }, tx, cancellationToken: ct));
        }

        await TicketLog.AddAsync(connection, tx, id, at, TicketLog.Created, actor.UserName, null, definition.Initial, $"P{priority}", ct);
        if (dispatched is not null)
        {
            await TicketLog.AddAsync(connection, tx, id, at, TicketLog.Dispatched, actor.UserName, null, null,
                System.Text.Json.JsonSerializer.Serialize(new { rule = dispatched.Rule, team = dispatched.Team, assignee = dispatched.Assignee }, WorkflowJson.Options), ct);
        }
        if (plan is not null)
        {
            for (var i = 0; i < plan.Steps.Count; i++)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO sd_ticket_checklist (ticket_id, step_index, text) VALUES (@id, @i, @text)", new { id, i, text = plan.Steps[i] }, tx, cancellationToken: ct));
            }

            await TicketLog.AddAsync(connection, tx, id, at, TicketLog.PlanMatched, actor.UserName, null, null, plan.Name, ct);
        }

        foreach (var (user, reason) in request.Collaborators.DistinctBy(c => c.User).Where(c => c.User != assignee))
        {
            await TicketCollaborators.AddAsync(connection, tx, id, user, reason, at, actor.UserName, ct);
        }

        if (priority == 1)
        {
            await P1Groups.P1Announcement.PublishAsync(connection, tx, id, ct);
        }

        // The search index and the SLA clocks follow from the rows above; a bulk loader may refresh them once at its end.
        if (refreshDerived)
        {
            await TicketSearch.WriteAsync(connection, tx, id, ct);
            await sla.RecomputeAsync(connection, tx, (await TicketRecord.ByIdAsync(connection, tx, id, ct))!, now, ct);
        }

        return id;
    }

    /// <summary>The named business system, else the most critical one the CIs serve; its level (1 most critical), 3 when unknown.</summary>
    private static async Task<(BusinessRef? System, int Level)> BusinessSystemAsync(long? systemId, IEnumerable<CiFacts> cis, ICmdbDirectory cmdb, CancellationToken ct)
    {
        var candidates = systemId is { } id ? [id] : cis.SelectMany(c => c.BusinessSystems).Select(b => b.Id).Distinct().ToList();
        if (candidates.Count == 0)
        {
            return (null, PriorityMatrix.Levels);
        }

        var facts = await cmdb.FactsAsync(candidates, ct);
        if (systemId is not null && !facts.ContainsKey(systemId.Value))
        {
            throw AppProblem.Invalid("businessSystemId", "ticket_unknown_ci");
        }

        var best = facts.Values
            .Select(f => (System: new BusinessRef(f.Id, f.Code, f.Name), Level: LevelOf(f)))
            .OrderBy(f => f.Level).ThenBy(f => f.System.Id)
            .First();
        return best;
    }

    private static int LevelOf(CiFacts system) =>
        system.Attributes.TryGetValue("level", out var level) && int.TryParse(level, out var n) && n is >= 1 and <= PriorityMatrix.Levels ? n : PriorityMatrix.Levels;
}
