using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Security;

namespace HospitalOps.Monitoring.Targets;

/// <summary>A row of monitoring_targets.</summary>
internal sealed class TargetRow
{
    public static readonly string Select = "SELECT " + Columns("monitoring_targets") + " FROM monitoring_targets";

    /// <summary>The column list, qualified by a table name or alias.</summary>
    public static string Columns(string table) =>
        string.Join(", ", new[]
        {
            "id", "ci_id AS CiId", "kind", "name", "address", "interval_ms AS IntervalMs", "timeout_ms AS TimeoutMs", "enabled", "labels", "settings", "secret",
            "created_at AS CreatedAt", "updated_at AS UpdatedAt", "version",
        }.Select(c => table + "." + c));

    public long Id { get; init; }

    public long? CiId { get; init; }

    public string Kind { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public string Address { get; init; } = string.Empty;

    public int IntervalMs { get; init; }

    public int TimeoutMs { get; init; }

    public bool Enabled { get; init; }

    public string Labels { get; init; } = "{}";

    public string Settings { get; init; } = "{}";

    public string? Secret { get; init; }

    public long CreatedAt { get; init; }

    public long UpdatedAt { get; init; }

    public int Version { get; init; }

    public Dictionary<string, string> LabelMap => JsonSerializer.Deserialize<Dictionary<string, string>>(Labels) ?? [];

    public JsonObject SettingsObject => JsonNode.Parse(Settings) as JsonObject ?? [];

    /// <summary>The secret fields, decrypted; only collectors call this.</summary>
    public Dictionary<string, string> Secrets(ISecretProtector protector) =>
        Secret is null ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(protector.Unprotect(Secret)) ?? [];

    /// <summary>Names of the secret fields that hold a value (the values never leave the server).</summary>
    public IReadOnlyList<string> SecretNames(ISecretProtector protector) => Secrets(protector).Keys.Order(StringComparer.Ordinal).ToList();

    public static async Task<TargetRow?> FindAsync(System.Data.Common.DbConnection c, long id, System.Data.Common.DbTransaction? tx = null) =>
        await c.QueryFirstOrDefaultAsync<TargetRow>(Select + " WHERE id = @id", new { id }, tx);

    public static async Task<List<TargetRow>> EnabledAsync(Databases databases, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        return (await connection.QueryAsync<TargetRow>(new CommandDefinition(Select + " WHERE enabled = @yes ORDER BY id", new { yes = true }, cancellationToken: ct))).ToList();
    }
}

/// <summary>Wakes the collection scheduler when targets change, so a new target is collected at once.</summary>
internal sealed class TargetChanges
{
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Changed => _changed.Task;

    public void Signal() => Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
