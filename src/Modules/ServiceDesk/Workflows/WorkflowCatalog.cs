using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;

namespace HospitalOps.ServiceDesk.Workflows;

/// <summary>Workflow versions by workflow and version. A version never changes once saved, so each is read from the database once.</summary>
internal sealed class WorkflowCatalog
{
    private readonly ConcurrentDictionary<(long Workflow, int Version), WorkflowDefinition> _versions = new();

    public async Task<WorkflowDefinition> VersionAsync(DbConnection connection, DbTransaction? tx, long workflowId, int version, CancellationToken ct)
    {
        if (_versions.TryGetValue((workflowId, version), out var known))
        {
            return known;
        }

        var json = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT definition FROM sd_workflow_versions WHERE workflow_id = @workflowId AND version = @version", new { workflowId, version }, tx, cancellationToken: ct))
            ?? throw new InvalidOperationException($"workflow {workflowId} has no version {version}");
        var definition = WorkflowJson.Deserialize(json);
        _versions[(workflowId, version)] = definition;
        return definition;
    }

    /// <summary>The version new tickets of a workflow start on.</summary>
    public async Task<(int Version, WorkflowDefinition Definition)> CurrentAsync(DbConnection connection, DbTransaction? tx, long workflowId, CancellationToken ct)
    {
        var version = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT current_version FROM sd_workflows WHERE id = @workflowId", new { workflowId }, tx, cancellationToken: ct));
        return (version, await VersionAsync(connection, tx, workflowId, version, ct));
    }
}
