using System.Data.Common;
using System.Text.Json;
using Dapper;

namespace HospitalOps.ServiceDesk.Tickets;

/// <summary>A ticket as stored (one row of <c>sd_tickets</c>, its type's key joined).</summary>
internal sealed record TicketRecord
{
    public const string Select =
        """
        SELECT t.id, t.number, t.type_id AS TypeId, y.key AS TypeKey, t.workflow_id AS WorkflowId, t.workflow_version AS WorkflowVersion, t.state,
          t.state_category AS StateCategory, t.title, t.description, t.channel, t.impact, t.urgency, t.system_level AS SystemLevel, t.priority,
          t.business_system_id AS BusinessSystemId, t.business_system_name AS BusinessSystemName, t.reporter_user AS ReporterUser,
          t.reporter_name AS ReporterName, t.reporter_phone AS ReporterPhone, t.assignee, t.team, t.fields AS FieldsJson, t.source,
          t.sla_policy_id AS SlaPolicyId, t.contract, t.in_maintenance AS InMaintenance, t.opened_at AS OpenedAt, t.responded_at AS RespondedAt,
          t.arrived_at AS ArrivedAt, t.resolved_at AS ResolvedAt, t.closed_at AS ClosedAt, t.rating, t.rating_comment AS RatingComment,
          t.sla_colour AS SlaColour, t.sla_due_at AS SlaDueAt, t.sla_breached AS SlaBreached, t.sla_next_at AS SlaNextAt, t.created_by AS CreatedBy, t.updated_at AS UpdatedAt, t.version, t.fault_plan_id AS FaultPlanId
        FROM sd_tickets t JOIN sd_ticket_types y ON y.id = t.type_id
        """;

    public long Id { get; init; }
    public string Number { get; init; } = "";
    public long TypeId { get; init; }
    public string TypeKey { get; init; } = "";
    public long WorkflowId { get; init; }
    public int WorkflowVersion { get; init; }
    public string State { get; init; } = "";
    public string StateCategory { get; init; } = "";
    public string Title { get; init; } = "";
    public string Description { get; init; } = "";
    public string Channel { get; init; } = "";
    public int Impact { get; init; }
    public int Urgency { get; init; }
    public int SystemLevel { get; init; }
    public int Priority { get; init; }
    public long? BusinessSystemId { get; init; }
    public string? BusinessSystemName { get; init; }
    public string? ReporterUser { get; init; }
    public string ReporterName { get; init; } = "";
    public string? ReporterPhone { get; init; }
    public string? Assignee { get; init; }
    public string? Team { get; init; }
    public string FieldsJson { get; init; } = "{}";
    public string? Source { get; init; }
    public long? SlaPolicyId { get; init; }
    public string? Contract { get; init; }
    public bool InMaintenance { get; init; }
    public long OpenedAt { get; init; }
    public long? RespondedAt { get; init; }
    public long? ArrivedAt { get; init; }
    public long? ResolvedAt { get; init; }
    public long? ClosedAt { get; init; }
    public int? Rating { get; init; }
    public string? RatingComment { get; init; }
    public string? SlaColour { get; init; }
    public long? SlaDueAt { get; init; }
    public bool SlaBreached { get; init; }
    public long? SlaNextAt { get; init; }
    public string? CreatedBy { get; init; }
    public long UpdatedAt { get; init; }
    public int Version { get; init; }
    public long? FaultPlanId { get; init; }

    public Dictionary<string, string> Fields => TicketFieldValues.Parse(FieldsJson);

    public static async Task<TicketRecord?> ByIdAsync(DbConnection connection, DbTransaction? tx, long id, CancellationToken ct) =>
        await connection.QuerySingleOrDefaultAsync<TicketRecord>(new CommandDefinition(TicketRecord.Select + " WHERE t.id = @id", new { id }, tx, cancellationToken: ct));
}

/// <summary>A type's own fields as stored: a flat JSON object of strings.</summary>
internal static class TicketFieldValues
{
    public static Dictionary<string, string> Parse(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? new Dictionary<string, string>(StringComparer.Ordinal);

    public static string Json(IReadOnlyDictionary<string, string> fields) =>
        JsonSerializer.Serialize(fields.OrderBy(f => f.Key, StringComparer.Ordinal).ToDictionary(f => f.Key, f => f.Value), Workflows.WorkflowJson.Options);
}
