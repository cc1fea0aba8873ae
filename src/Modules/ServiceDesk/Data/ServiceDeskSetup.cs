using System.Text.Json;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.ServiceDesk.Priority;
using HospitalOps.ServiceDesk.Types;
using HospitalOps.ServiceDesk.Workflows;

namespace HospitalOps.ServiceDesk.Data;

/// <summary>
/// At every start, adds what the product ships and the installation lacks: the built-in workflows and ticket types, and the
/// priority matrix when none was saved. What an administrator changed is left alone.
/// </summary>
internal sealed class ServiceDeskSetup(Databases databases, TimeProvider clock) : IStartupTask
{
    public int Order => 50;

    public async Task RunAsync(CancellationToken ct)
    {
        var now = UnixMs.Now(clock);
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        foreach (var (key, name, nameEn, definition) in BuiltInWorkflows.All)
        {
            if (await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT id FROM sd_workflows WHERE key = @key", new { key }, tx, cancellationToken: ct)) is not null)
            {
                continue;
            }

            var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO sd_workflows (key, name, name_en, current_version, built_in, updated_at) VALUES (@key, @name, @nameEn, 1, @yes, @now) RETURNING id",
                new { key, name, nameEn, yes = true, now }, tx, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO sd_workflow_versions (workflow_id, version, definition, created_at, created_by) VALUES (@id, 1, @json, @now, NULL)",
                new { id, json = WorkflowJson.Serialize(definition), now }, tx, cancellationToken: ct));
        }

        foreach (var type in BuiltInTypes.All)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO sd_ticket_types (key, name, name_en, prefix, workflow_id, fields, default_impact, default_urgency, built_in, active, updated_at)
                SELECT @Key, @Name, @NameEn, @Prefix, w.id, @fields, @Impact, @Urgency, @yes, @yes, @now FROM sd_workflows w
                WHERE w.key = @Workflow AND NOT EXISTS (SELECT 1 FROM sd_ticket_types t WHERE t.key = @Key)
                """,
                new { type.Key, type.Name, type.NameEn, type.Prefix, type.Workflow, fields = JsonSerializer.Serialize(type.Fields, WorkflowJson.Options), type.Impact, type.Urgency, yes = true, now },
                tx, cancellationToken: ct));
        }

        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM sd_priority_matrix", transaction: tx, cancellationToken: ct)) == 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO sd_priority_matrix (impact, urgency, system_level, priority) VALUES (@Impact, @Urgency, @SystemLevel, @Priority)",
                PriorityMatrix.DefaultCells(), tx, cancellationToken: ct));
        }

        await tx.CommitAsync(ct);
    }
}
