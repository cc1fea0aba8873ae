using System.Data.Common;
using Dapper;
using HospitalOps.Alerting.Evaluation;
using HospitalOps.Alerting.Rules;

namespace HospitalOps.Alerting.Maintenance;

/// <summary>
/// The maintenance windows open at one instant, with their CMDB scopes resolved: which window (if any) an alert falls
/// in. Built once per evaluation of a rule group.
/// </summary>
internal sealed class MaintenanceCover
{
    public static readonly MaintenanceCover None = new([]);

    private readonly IReadOnlyList<(MaintenanceWindowRow Window, MaintenanceScope Scope, HashSet<string>? Cis)> _open;

    private MaintenanceCover(IReadOnlyList<(MaintenanceWindowRow, MaintenanceScope, HashSet<string>?)> open) => _open = open;

    public static async Task<MaintenanceCover> AtAsync(DbConnection connection, long at, TimeZoneInfo zone, ScopeResolver scopes, CancellationToken ct, DbTransaction? tx = null)
    {
        var windows = await connection.QueryAsync<MaintenanceWindowRow>(new CommandDefinition(
            $"SELECT {MaintenanceWindowRow.Columns} FROM maintenance_windows WHERE enabled = @yes AND (starts_at IS NULL OR starts_at <= @at) AND (ends_at IS NULL OR ends_at > @at)",
            new { yes = true, at }, tx, cancellationToken: ct));
        var open = new List<(MaintenanceWindowRow, MaintenanceScope, HashSet<string>?)>();
        foreach (var window in windows.Where(w => w.IsOpenAt(at, zone)))
        {
            var scope = window.ScopeValue;
            var cis = scope.UsesCmdb ? await scopes.CisAsync(new RuleScope(scope.Type, scope.BusinessId, scope.Attributes), ct) : null;
            open.Add((window, scope, cis));
        }

        return new MaintenanceCover(open);
    }

    /// <summary>The first open window that covers an alert with these labels, or null.</summary>
    public long? WindowFor(IReadOnlyDictionary<string, string> labels)
    {
        foreach (var (window, scope, cis) in _open)
        {
            var ci = labels.GetValueOrDefault("ci");
            if (scope.CiCodes is { Count: > 0 } codes && (ci is null || !codes.Contains(ci, StringComparer.Ordinal)))
            {
                continue;
            }

            if (cis is not null && (ci is null || !cis.Contains(ci)))
            {
                continue;
            }

            if (scope.Labels is { Count: > 0 } wanted && wanted.Any(l => labels.GetValueOrDefault(l.Key) != l.Value))
            {
                continue;
            }

            return window.Id;
        }

        return null;
    }
}
