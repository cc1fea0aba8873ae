using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.ServiceDesk.Sla;
using HospitalOps.ServiceDesk.Workflows;

namespace HospitalOps.ServiceDesk.Tickets;

/// <summary>A CI a ticket concerns.</summary>
public sealed record TicketCiDto(long Id, string Code, string Name);

/// <summary>A ticket with everything its page shows: its description as Markdown and as safe HTML, fields, CIs, collaborators, live SLA clocks and the transitions the caller may take.</summary>
public sealed record TicketDto(
    long Id,
    string Number,
    string Type,
    string TypeName,
    string TypeNameEn,
    string State,
    string StateName,
    string StateNameEn,
    string StateCategory,
    int WorkflowVersion,
    string Title,
    string Description,
    string DescriptionHtml,
    string Channel,
    int Impact,
    int Urgency,
    int SystemLevel,
    int Priority,
    long? BusinessSystemId,
    string? BusinessSystemName,
    string? ReporterUser,
    string ReporterName,
    string? ReporterPhone,
    string? Assignee,
    string? Team,
    IReadOnlyDictionary<string, string> Fields,
    string? Source,
    long? SlaPolicyId,
    string? Contract,
    bool InMaintenance,
    DateTimeOffset OpenedAt,
    DateTimeOffset? RespondedAt,
    DateTimeOffset? ArrivedAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? ClosedAt,
    int? Rating,
    string? RatingComment,
    string? SlaColour,
    bool SlaBreached,
    int Version,
    IReadOnlyList<TicketCiDto> Cis,
    IReadOnlyList<string> Collaborators,
    IReadOnlyList<TicketClockDto> Clocks,
    IReadOnlyList<OfferedTransitionDto> Transitions,
    long? FaultPlanId,
    string? FaultPlanName,
    IReadOnlyList<Plans.ChecklistStepDto> Checklist,
    IReadOnlyList<Plans.TicketEscalationDto> Escalations);

/// <summary>Reads tickets for their pages.</summary>
internal sealed class TicketReader(Databases databases, WorkflowCatalog workflows, TicketSla sla, TimeProvider clock)
{
    public async Task<TicketDto> DetailAsync(long id, TicketActor actor, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var t = await TicketRecord.ByIdAsync(connection, null, id, ct) ?? throw AppProblem.NotFound();
        var definition = await workflows.VersionAsync(connection, null, t.WorkflowId, t.WorkflowVersion, ct);
        var state = definition.States.FirstOrDefault(s => s.Key == t.State);
        var type = await connection.QuerySingleAsync<(string Name, string NameEn)>(new CommandDefinition(
            "SELECT name, name_en FROM sd_ticket_types WHERE id = @TypeId", new { t.TypeId }, cancellationToken: ct));
        var cis = (await connection.QueryAsync<TicketCiDto>(new CommandDefinition(
            "SELECT ci_id AS Id, ci_code AS Code, ci_name AS Name FROM sd_ticket_cis WHERE ticket_id = @id ORDER BY ci_code", new { id }, cancellationToken: ct))).ToList();
        var collaborators = await TicketCollaborators.OfAsync(connection, null, id, ct);
        var now = clock.GetUtcNow();
        var clocks = (await sla.ClocksAsync(connection, null, t, ct)).Select(c => TicketSla.Dto(c, c.At(now))).ToList();
        return new TicketDto(
            t.Id, t.Number, t.TypeKey, type.Name, type.NameEn, t.State, state?.Name ?? t.State, state?.NameEn ?? t.State, t.StateCategory, t.WorkflowVersion,
            t.Title, t.Description, TicketText.ToHtml(t.Description), t.Channel, t.Impact, t.Urgency, t.SystemLevel, t.Priority, t.BusinessSystemId, t.BusinessSystemName,
            t.ReporterUser, t.ReporterName, t.ReporterPhone, t.Assignee, t.Team, t.Fields, t.Source, t.SlaPolicyId, t.Contract, t.InMaintenance,
            UnixMs.ToTime(t.OpenedAt), UnixMs.ToTime(t.RespondedAt), UnixMs.ToTime(t.ArrivedAt), UnixMs.ToTime(t.ResolvedAt), UnixMs.ToTime(t.ClosedAt),
            t.Rating, t.RatingComment, t.SlaColour, t.SlaBreached, t.Version, cis, collaborators, clocks,
            TicketWorkflow.Offered(definition, t, actor, collaborators),
            t.FaultPlanId,
            t.FaultPlanId is { } planId ? (await Plans.FaultPlans.ByIdAsync(connection, null, planId, ct))?.Name : null,
            await Plans.TicketChecklist.OfAsync(connection, id, ct),
            await Plans.PlanEscalation.OfAsync(connection, id, ct));
    }
}
