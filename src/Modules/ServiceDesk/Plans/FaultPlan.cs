using System.Data.Common;
using System.Text.Json;
using Dapper;
using HospitalOps.ServiceDesk.Workflows;

namespace HospitalOps.ServiceDesk.Plans;

/// <summary>A level of a plan's escalation: when the ticket is still unresolved <see cref="AfterMinutes"/> after it opened, these people are told.</summary>
public sealed record EscalationLevel(int AfterMinutes, IReadOnlyList<string> Users, string? Note = null);

/// <summary>
/// A typical fault (典型故障) with its plan (预案): which tickets it matches (the CIs whose failure it is — one of the CMDB's
/// typical faults of the business system — or words in the title), a default priority, the contingency steps a ticket shows as
/// a checklist, and who is told when the ticket stays unresolved.
/// </summary>
public sealed record FaultPlanDto(
    long Id,
    string Name,
    long? BusinessSystemId,
    string? BusinessSystemName,
    IReadOnlyList<string> CiCodes,
    IReadOnlyList<string> Keywords,
    int? DefaultPriority,
    IReadOnlyList<string> Steps,
    IReadOnlyList<EscalationLevel> Escalation,
    string Source);

internal static class FaultPlans
{
    private const string Columns =
        "id, name, business_system_id AS BusinessSystemId, business_system_name AS BusinessSystemName, ci_codes AS CiCodes, keywords, default_priority AS DefaultPriority, steps, escalation, source";

    public static async Task<List<FaultPlanDto>> AllAsync(DbConnection connection, DbTransaction? tx, CancellationToken ct) =>
        (await connection.QueryAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM sd_fault_plans ORDER BY business_system_name, name", transaction: tx, cancellationToken: ct)))
        .Select(r => r.ToDto()).ToList();

    public static async Task<FaultPlanDto?> ByIdAsync(DbConnection connection, DbTransaction? tx, long id, CancellationToken ct) =>
        (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM sd_fault_plans WHERE id = @id", new { id }, tx, cancellationToken: ct)))?.ToDto();

    /// <summary>
    /// The plan of a new ticket: one whose CIs all are among the ticket's (the most CIs first: a double fault is more specific
    /// than a single one), else one whose word appears in the title; only plans of the ticket's business system or of none.
    /// </summary>
    public static FaultPlanDto? Match(IEnumerable<FaultPlanDto> plans, long? businessSystemId, IReadOnlyCollection<string> ciCodes, string title) =>
        plans
            .Where(p => p.BusinessSystemId is null || p.BusinessSystemId == businessSystemId)
            .Select(p => (Plan: p, Score:
                p.CiCodes.Count > 0 && p.CiCodes.All(ciCodes.Contains) ? 100 + p.CiCodes.Count
                : p.Keywords.Any(k => title.Contains(k, StringComparison.OrdinalIgnoreCase)) ? 10
                : 0))
            .Where(p => p.Score > 0)
            .OrderByDescending(p => p.Score).ThenBy(p => p.Plan.BusinessSystemId is null ? 1 : 0).ThenBy(p => p.Plan.Id)
            .Select(p => p.Plan)
            .FirstOrDefault();

    private sealed class Row
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public long? BusinessSystemId { get; init; }
        public string? BusinessSystemName { get; init; }
        public string CiCodes { get; init; } = "[]";
        public string Keywords { get; init; } = "[]";
        public int? DefaultPriority { get; init; }
        public string Steps { get; init; } = "[]";
        public string Escalation { get; init; } = "[]";
        public string Source { get; init; } = "";

        public FaultPlanDto ToDto() => new(Id, Name, BusinessSystemId, BusinessSystemName,
            JsonSerializer.Deserialize<List<string>>(CiCodes) ?? [], JsonSerializer.Deserialize<List<string>>(Keywords) ?? [], DefaultPriority,
            JsonSerializer.Deserialize<List<string>>(Steps) ?? [], JsonSerializer.Deserialize<List<EscalationLevel>>(Escalation, WorkflowJson.Options) ?? [], Source);
    }
}
