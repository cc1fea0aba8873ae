using System.Globalization;
using Dapper;
using HospitalOps.Cmdb.Model;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Cmdb.Cis;

/// <summary>
/// Deletes a CI and its relations (each recorded in the history of the CI at the other end);
/// its own history stays, ending with the deletion, so "as of" reads before it still work.
/// </summary>
internal static class DeleteCi
{
    private sealed class RelationEnd
    {
        public long Id { get; init; }

        public string TypeCode { get; init; } = string.Empty;

        public long SourceId { get; init; }

        public long TargetId { get; init; }
    }

    internal static async Task<IResult> Endpoint(HttpContext context, long id, int? version, Databases databases, TimeProvider clock, IAuditTrail audit, CancellationToken ct)
    {
        var user = CurrentUser.Of(context);
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var ci = await CmdbStore.CiAsync(connection, id, tx) ?? throw AppProblem.NotFound();
        if (version is not null && version != ci.Version)
        {
            throw AppProblem.Conflict();
        }

        var now = UnixMs.Now(clock);
        var userName = CiHistoryWriter.UserOf(user);
        var relations = await connection.QueryAsync<RelationEnd>(
            "SELECT id, type_code AS TypeCode, source_id AS SourceId, target_id AS TargetId FROM cmdb_relations WHERE source_id = @id OR target_id = @id", new { id }, tx);
        foreach (var r in relations)
        {
            var other = r.SourceId == id ? r.TargetId : r.SourceId;
            var otherVersion = await connection.ExecuteScalarAsync<int>("SELECT version FROM cmdb_cis WHERE id = @other", new { other }, tx);
            await CiHistoryWriter.RecordAsync(connection, tx, other, otherVersion, now, userName, "relation-removed",
                [new AttributeChange("relation." + r.TypeCode, System.Text.Json.Nodes.JsonValue.Create($"{r.SourceId}->{r.TargetId}"), null)], null);
        }

        await connection.ExecuteAsync("DELETE FROM cmdb_relations WHERE source_id = @id OR target_id = @id", new { id }, tx);
        await connection.ExecuteAsync("UPDATE cmdb_relation_log SET removed_at = @now WHERE (source_id = @id OR target_id = @id) AND removed_at IS NULL", new { now, id }, tx);
        await connection.ExecuteAsync("DELETE FROM cmdb_unique_values WHERE ci_id = @id", new { id }, tx);
        await connection.ExecuteAsync("DELETE FROM cmdb_cis WHERE id = @id", new { id }, tx);
        await CiHistoryWriter.RecordAsync(connection, tx, id, ci.Version + 1, now, userName, "delete", [], null);
        await audit.RecordAsync(new AuditEntry("cmdb.ci.delete", "ci", id.ToString(CultureInfo.InvariantCulture), AuditEntry.Success, $"{ci.TypeCode} {ci.Code}"), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        return Results.NoContent();
    }
}
