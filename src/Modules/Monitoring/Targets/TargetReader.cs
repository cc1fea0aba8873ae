using System.Text.Json;
using Dapper;
using HospitalOps.Cmdb.Contracts;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using HospitalOps.Monitoring.Health;

namespace HospitalOps.Monitoring.Targets;

/// <summary>Targets with their health and CI, as the API shows them.</summary>
internal sealed class TargetReader(Databases databases, ISecretProtector secrets, ICmdbDirectory cmdb, TargetHealthBook book)
{
    private sealed class HealthRow
    {
        public long TargetId { get; init; }

        public string State { get; init; } = "unknown";

        public long? LastRunAt { get; init; }

        public long? LastSuccessAt { get; init; }

        public double? LastDurationMs { get; init; }

        public int? LastSamples { get; init; }

        public string? LastErrorCode { get; init; }

        public string? LastErrorArgs { get; init; }

        public int ConsecutiveFailures { get; init; }
    }

    public async Task<TargetDto?> GetAsync(long id, string language, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var row = await TargetRow.FindAsync(connection, id);
        return row is null ? null : (await DescribeAsync(connection, [row], language, ct))[0];
    }

    public async Task<List<TargetDto>> DescribeAsync(System.Data.Common.DbConnection connection, IReadOnlyList<TargetRow> rows, string language, CancellationToken ct)
    {
        var health = new Dictionary<long, HealthRow>();
        foreach (var slice in rows.Select(r => r.Id).Chunk(500))
        {
            var args = new DynamicParameters();
            var clause = SqlIn.List("t", slice, args);
            foreach (var h in await connection.QueryAsync<HealthRow>(new CommandDefinition(
                "SELECT target_id AS TargetId, state, last_run_at AS LastRunAt, last_success_at AS LastSuccessAt, last_duration_ms AS LastDurationMs, " +
                $"last_samples AS LastSamples, last_error_code AS LastErrorCode, last_error_args AS LastErrorArgs, consecutive_failures AS ConsecutiveFailures FROM monitoring_target_health WHERE target_id IN {clause}",
                args, cancellationToken: ct)))
            {
                health[h.TargetId] = h;
            }
        }

        var cis = await cmdb.FactsAsync(rows.Where(r => r.CiId is not null).Select(r => r.CiId!.Value).ToList(), ct);
        return rows.Select(r =>
        {
            var ci = r.CiId is { } ciId ? cis.GetValueOrDefault(ciId) : null;
            return new TargetDto(
                r.Id, r.CiId, ci?.Name, ci?.Type, r.Kind, r.Name, r.Address, r.IntervalMs / 1000.0, r.TimeoutMs / 1000.0, r.Enabled, r.LabelMap, r.SettingsObject,
                r.SecretNames(secrets), Health(r.Id, health.GetValueOrDefault(r.Id), language),
                UnixMs.ToTime(r.CreatedAt), UnixMs.ToTime(r.UpdatedAt), r.Version);
        }).ToList();
    }

    private TargetHealthDto Health(long targetId, HealthRow? stored, string language)
    {
        // This node's own view is fresher than the last batch written to the database.
        if (book.Local(targetId) is { } local)
        {
            return ToDto(local.State, local.LastRunAt, local.LastSuccessAt, local.LastDurationMs, local.LastSamples, local.LastErrorCode, local.LastErrorArgs, local.ConsecutiveFailures, language);
        }

        if (stored is null)
        {
            return new TargetHealthDto("unknown", null, null, null, null, null, null, 0);
        }

        var args = stored.LastErrorArgs is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(stored.LastErrorArgs);
        return ToDto(stored.State, stored.LastRunAt, stored.LastSuccessAt, stored.LastDurationMs, stored.LastSamples, stored.LastErrorCode, args, stored.ConsecutiveFailures, language);
    }

    private static TargetHealthDto ToDto(string state, long? run, long? success, double? duration, int? samples, string? code, IReadOnlyDictionary<string, string>? args, int failures, string language) =>
        new(state, run is null ? null : UnixMs.ToTime(run.Value), success is null ? null : UnixMs.ToTime(success.Value), duration, samples, code,
            code is null ? null : ErrorCatalog.Message(code, language, args), failures);
}
