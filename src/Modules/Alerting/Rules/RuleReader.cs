using System.Data.Common;
using Dapper;
using HospitalOps.Alerting.Evaluation;
using HospitalOps.Kernel.Data;

namespace HospitalOps.Alerting.Rules;

/// <summary>Reads rules with the count of their firing and pending alerts.</summary>
internal static class RuleReader
{
    public static async Task<AlertRuleRow?> FindAsync(DbConnection connection, long id, DbTransaction? tx = null) =>
        await connection.QuerySingleOrDefaultAsync<AlertRuleRow>($"SELECT {AlertRuleRow.Columns} FROM alert_rules WHERE id = @id", new { id }, tx);

    public static async Task<AlertRuleDto?> GetAsync(DbConnection connection, long id, CancellationToken ct) =>
        await FindAsync(connection, id) is { } row ? (await DescribeAsync(connection, [row], ct))[0] : null;

    public static async Task<IReadOnlyList<AlertRuleDto>> DescribeAsync(DbConnection connection, IReadOnlyList<AlertRuleRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var ids = SqlIn.List("id", rows.Select(r => r.Id).ToList(), new DynamicParameters());
        var counts = (await connection.QueryAsync<(long RuleId, string State, int Count)>(new CommandDefinition(
            $"SELECT rule_id, state, COUNT(*) FROM alert_states WHERE rule_id IN {ids} GROUP BY rule_id, state", cancellationToken: ct))).ToList();
        return rows.Select(r => r.ToDto(
            counts.Where(c => c.RuleId == r.Id && c.State == AlertState.Firing).Sum(c => c.Count),
            counts.Where(c => c.RuleId == r.Id && c.State == AlertState.Pending).Sum(c => c.Count))).ToList();
    }
}
