using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.ServiceDesk.Workflows;

/// <summary>A workflow in the list: which types use it, its current version and how many open tickets each version still carries.</summary>
public sealed record WorkflowSummaryDto(long Id, string Key, string Name, string NameEn, int CurrentVersion, bool BuiltIn, IReadOnlyList<string> UsedByTypes, long OpenTickets);

/// <summary>One saved version of a workflow.</summary>
public sealed record WorkflowVersionDto(int Version, DateTimeOffset CreatedAt, string? CreatedBy, long OpenTickets);

/// <summary>A workflow with its current definition and its versions.</summary>
public sealed record WorkflowDto(long Id, string Key, string Name, string NameEn, int CurrentVersion, bool BuiltIn, WorkflowDefinition Definition, IReadOnlyList<WorkflowVersionDto> Versions);

/// <summary>A new workflow, or a new version of one (<see cref="Version"/> = the current version read, so two editors do not overwrite each other).</summary>
public sealed record SaveWorkflowRequest(string? Key, string? Name, string? NameEn, WorkflowDefinition? Definition, int? Version);

/// <summary>
/// Workflows as administrators edit them, in the designer or as JSON. Saving a changed definition adds a version: new tickets
/// start on it, open tickets finish on the version they started with, so a change never strands a ticket in a state that no
/// longer exists.
/// </summary>
internal static class SaveWorkflow
{
    internal static async Task<IResult> ListEndpoint(Databases databases, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long Id, string Key, string Name, string NameEn, long CurrentVersion, bool BuiltIn)>(new CommandDefinition(
            "SELECT id, key, name, name_en, current_version, built_in FROM sd_workflows ORDER BY built_in DESC, id", cancellationToken: ct));
        var types = (await connection.QueryAsync<(long WorkflowId, string Key)>(new CommandDefinition("SELECT workflow_id, key FROM sd_ticket_types ORDER BY id", cancellationToken: ct))).ToList();
        var open = (await connection.QueryAsync<(long WorkflowId, long Count)>(new CommandDefinition(
            "SELECT workflow_id, COUNT(*) FROM sd_tickets WHERE state_category <> 'closed' GROUP BY workflow_id", cancellationToken: ct))).ToDictionary(r => r.WorkflowId, r => r.Count);
        return Results.Ok(rows.Select(r => new WorkflowSummaryDto(r.Id, r.Key, r.Name, r.NameEn, (int)r.CurrentVersion, r.BuiltIn,
            types.Where(t => t.WorkflowId == r.Id).Select(t => t.Key).ToList(), open.GetValueOrDefault(r.Id))).ToList());
    }

    internal static async Task<IResult> GetEndpoint(long id, Databases databases, WorkflowCatalog catalog, CancellationToken ct) =>
        Results.Ok(await ReadAsync(id, databases, catalog, ct));

    internal static async Task<IResult> VersionEndpoint(long id, int version, Databases databases, WorkflowCatalog catalog, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        if (await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT workflow_id FROM sd_workflow_versions WHERE workflow_id = @id AND version = @version", new { id, version }, cancellationToken: ct)) is null)
        {
            throw AppProblem.NotFound();
        }

        return Results.Ok(await catalog.VersionAsync(connection, null, id, version, ct));
    }

    internal static async Task<IResult> CreateEndpoint(SaveWorkflowRequest request, HttpContext context, Databases databases, WorkflowCatalog catalog, IAuditTrail audit, TimeProvider clock, CancellationToken ct)
    {
        var key = request.Key?.Trim() ?? "";
        if (key.Length is 0 or > 60 || !key.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-') || !char.IsAsciiLetterLower(key[0]))
        {
            throw AppProblem.Invalid("key", key.Length == 0 ? "required" : "workflow_bad_key");
        }

        var (name, nameEn) = Names(request);
        WorkflowRules.Check(request.Definition, PermissionCatalog.Exists);
        var now = UnixMs.Now(clock);
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        if (await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT id FROM sd_workflows WHERE key = @key", new { key }, tx, cancellationToken: ct)) is not null)
        {
            throw AppProblem.Invalid("key", "workflow_key_taken");
        }

        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO sd_workflows (key, name, name_en, current_version, built_in, updated_at) VALUES (@key, @name, @nameEn, 1, @no, @now) RETURNING id",
            new { key, name, nameEn, no = false, now }, tx, cancellationToken: ct));
        await InsertVersionAsync(connection, tx, id, 1, request.Definition!, CurrentUser.Of(context).UserName, now, ct);
        await audit.RecordAsync(new AuditEntry("servicedesk.workflow.create", "workflow", id.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditEntry.Success, $"{key} v1"), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        return Results.Created($"/api/v1/service-desk/workflows/{id}", await ReadAsync(id, databases, catalog, ct));
    }

    internal static async Task<IResult> UpdateEndpoint(long id, SaveWorkflowRequest request, HttpContext context, Databases databases, WorkflowCatalog catalog, IAuditTrail audit, TimeProvider clock, CancellationToken ct)
    {
        var (name, nameEn) = Names(request);
        WorkflowRules.Check(request.Definition, PermissionCatalog.Exists);
        var now = UnixMs.Now(clock);
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var current = await connection.ExecuteScalarAsync<int?>(new CommandDefinition("SELECT current_version FROM sd_workflows WHERE id = @id", new { id }, tx, cancellationToken: ct))
            ?? throw AppProblem.NotFound();
        AppProblem.EnsureVersion(request.Version, current);
        var previous = await catalog.VersionAsync(connection, tx, id, current, ct);
        var changed = WorkflowJson.Serialize(previous) != WorkflowJson.Serialize(request.Definition!);
        var version = changed ? current + 1 : current;
        if (changed)
        {
            await InsertVersionAsync(connection, tx, id, version, request.Definition!, CurrentUser.Of(context).UserName, now, ct);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE sd_workflows SET name = @name, name_en = @nameEn, current_version = @version, updated_at = @now WHERE id = @id",
            new { name, nameEn, version, now, id }, tx, cancellationToken: ct));
        await audit.RecordAsync(new AuditEntry("servicedesk.workflow.update", "workflow", id.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditEntry.Success,
            changed ? $"v{version}" : "names"), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        return Results.Ok(await ReadAsync(id, databases, catalog, ct));
    }

    private static (string Name, string NameEn) Names(SaveWorkflowRequest request)
    {
        var name = request.Name?.Trim() ?? "";
        var nameEn = request.NameEn?.Trim() ?? "";
        if (name.Length is 0 or > 60)
        {
            throw AppProblem.Invalid("name", name.Length == 0 ? "required" : "too_long");
        }

        if (nameEn.Length is 0 or > 60)
        {
            throw AppProblem.Invalid("nameEn", nameEn.Length == 0 ? "required" : "too_long");
        }

        return (name, nameEn);
    }

    private static Task InsertVersionAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx, long id, int version, WorkflowDefinition definition, string user, long now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO sd_workflow_versions (workflow_id, version, definition, created_at, created_by) VALUES (@id, @version, @json, @now, @user)",
            new { id, version, json = WorkflowJson.Serialize(definition), now, user }, tx, cancellationToken: ct));

    private static async Task<WorkflowDto> ReadAsync(long id, Databases databases, WorkflowCatalog catalog, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var w = await connection.QuerySingleOrDefaultAsync<(long Id, string Key, string Name, string NameEn, long CurrentVersion, bool BuiltIn)>(new CommandDefinition(
            "SELECT id, key, name, name_en, current_version, built_in FROM sd_workflows WHERE id = @id", new { id }, cancellationToken: ct));
        if (w.Id == 0)
        {
            throw AppProblem.NotFound();
        }

        var open = (await connection.QueryAsync<(long Version, long Count)>(new CommandDefinition(
            "SELECT workflow_version, COUNT(*) FROM sd_tickets WHERE workflow_id = @id AND state_category <> 'closed' GROUP BY workflow_version", new { id }, cancellationToken: ct)))
            .ToDictionary(r => r.Version, r => r.Count);
        var versions = (await connection.QueryAsync<(long Version, long CreatedAt, string? CreatedBy)>(new CommandDefinition(
            "SELECT version, created_at, created_by FROM sd_workflow_versions WHERE workflow_id = @id ORDER BY version DESC", new { id }, cancellationToken: ct)))
            .Select(v => new WorkflowVersionDto((int)v.Version, UnixMs.ToTime(v.CreatedAt), v.CreatedBy, open.GetValueOrDefault(v.Version))).ToList();
        return new WorkflowDto(w.Id, w.Key, w.Name, w.NameEn, (int)w.CurrentVersion, w.BuiltIn, await catalog.VersionAsync(connection, null, id, (int)w.CurrentVersion, ct), versions);
    }
}
