using System.Data.Common;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.ServiceDesk.Priority;

/// <summary>One cell of the matrix: impact (1 全院, 2 科室, 3 个人) × urgency (1 高, 2 中, 3 低) × system level (1 = HIS, EMR, LIS, PACS, emergency, ICU) → P1–P4.</summary>
public sealed record PriorityCell(int Impact, int Urgency, int SystemLevel, int Priority);

/// <summary>The whole matrix, as the administrator edits it (all 27 cells).</summary>
public sealed record SavePriorityMatrixRequest(IReadOnlyList<PriorityCell>? Cells);

/// <summary>
/// The priority matrix: a ticket's priority follows from how widely it hurts, how urgent it is, and how critical its business
/// system is (the CMDB's system level). Administrators edit it; a ticket keeps the priority it was given until someone changes it.
/// </summary>
internal static class PriorityMatrix
{
    public const int Levels = 3;

    /// <summary>The shipped matrix: the three ranks added, 3–4 → P1, 5 → P2, 6–7 → P3, 8–9 → P4 (a hospital-wide HIS outage is P1; one user's question on a level-3 system P4).</summary>
    public static int DefaultPriority(int impact, int urgency, int level) => (impact + urgency + level) switch
    {
        <= 4 => 1,
        5 => 2,
        <= 7 => 3,
        _ => 4,
    };

    public static IEnumerable<PriorityCell> DefaultCells()
    {
        for (var i = 1; i <= Levels; i++)
        {
            for (var u = 1; u <= Levels; u++)
            {
                for (var l = 1; l <= Levels; l++)
                {
                    yield return new PriorityCell(i, u, l, DefaultPriority(i, u, l));
                }
            }
        }
    }

    public static async Task<int> PriorityOfAsync(DbConnection connection, DbTransaction? tx, int impact, int urgency, int level, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            "SELECT priority FROM sd_priority_matrix WHERE impact = @impact AND urgency = @urgency AND system_level = @level", new { impact, urgency, level }, tx, cancellationToken: ct))
        ?? DefaultPriority(impact, urgency, level);

    internal static async Task<IResult> GetEndpoint(Databases databases, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        return Results.Ok(await ReadAsync(connection, ct));
    }

    internal static async Task<IResult> PutEndpoint(SavePriorityMatrixRequest request, Databases databases, IAuditTrail audit, CancellationToken ct)
    {
        var cells = request.Cells ?? [];
        for (var i = 0; i < cells.Count; i++)
        {
            var c = cells[i];
            if (c is null || c.Impact is < 1 or > Levels || c.Urgency is < 1 or > Levels || c.SystemLevel is < 1 or > Levels)
            {
                throw AppProblem.Invalid($"cells[{i}]", "invalid_value");
            }

            if (c.Priority is < 1 or > 4)
            {
                throw AppProblem.Invalid($"cells[{i}].priority", "priority_range");
            }
        }

        if (cells.Select(c => (c.Impact, c.Urgency, c.SystemLevel)).Distinct().Count() != Levels * Levels * Levels || cells.Count != Levels * Levels * Levels)
        {
            throw AppProblem.Invalid("cells", "priority_matrix_incomplete");
        }

        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM sd_priority_matrix", transaction: tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO sd_priority_matrix (impact, urgency, system_level, priority) VALUES (@Impact, @Urgency, @SystemLevel, @Priority)", cells, tx, cancellationToken: ct));
        await audit.RecordAsync(new AuditEntry("servicedesk.priority_matrix.update", "priority_matrix", "all", AuditEntry.Success,
            string.Join(" ", cells.OrderBy(c => c.Impact).ThenBy(c => c.Urgency).ThenBy(c => c.SystemLevel).Select(c => $"{c.Impact}{c.Urgency}{c.SystemLevel}=P{c.Priority}"))), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        return Results.Ok(await ReadAsync(connection, ct));
    }

    private static async Task<List<PriorityCell>> ReadAsync(DbConnection connection, CancellationToken ct) =>
        (await connection.QueryAsync<(long Impact, long Urgency, long SystemLevel, long Priority)>(new CommandDefinition(
            "SELECT impact, urgency, system_level, priority FROM sd_priority_matrix ORDER BY impact, urgency, system_level", cancellationToken: ct)))
        .Select(c => new PriorityCell((int)c.Impact, (int)c.Urgency, (int)c.SystemLevel, (int)c.Priority)).ToList();
}
