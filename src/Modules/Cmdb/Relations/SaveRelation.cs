using System.Data.Common;
using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using HospitalOps.Cmdb.Model;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Cmdb.Relations;

public sealed record CreateRelationRequest(string? Type, long? SourceId, long? TargetId, JsonObject? Attributes);

/// <summary>
/// Adds or removes a relation under the relation type's rules: allowed source and target types,
/// cardinality, no self-relation or duplicate, no cycle for acyclic types (composed-of, member-of,
/// runs-on), and a mode (hot/cold) on backs-up. Both CIs' histories record the change.
/// </summary>
internal sealed class SaveRelation(Databases databases, TimeProvider clock, IAuditTrail audit)
{
    public async Task<RelationDto> Create(CurrentUser user, CreateRelationRequest request, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var dto = await CreateAsync(connection, tx, user, request, ct);
        await tx.CommitAsync(ct);
        return dto;
    }

    internal async Task<RelationDto> CreateAsync(DbConnection c, DbTransaction tx, CurrentUser user, CreateRelationRequest request, CancellationToken ct)
    {
        var typeCode = request.Type?.Trim() ?? string.Empty;
        var type = typeCode.Length == 0 ? null : await CmdbStore.RelationTypeAsync(c, typeCode, tx);
        if (type is null)
        {
            throw AppProblem.Invalid("type", typeCode.Length == 0 ? "required" : "unknown_relation_type");
        }

        var source = request.SourceId is { } s ? await CmdbStore.CiAsync(c, s, tx) : null;
        var target = request.TargetId is { } t ? await CmdbStore.CiAsync(c, t, tx) : null;
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (source is null)
        {
            errors["sourceId"] = request.SourceId is null ? "required" : "invalid_reference";
        }

        if (target is null)
        {
            errors["targetId"] = request.TargetId is null ? "required" : "invalid_reference";
        }

        if (errors.Count > 0)
        {
            throw AppProblem.Invalid(errors);
        }

        if (source!.Id == target!.Id)
        {
            throw AppProblem.Invalid("targetId", "self_relation");
        }

        if (!type.AllowsSource(source.TypeCode))
        {
            throw AppProblem.Invalid("sourceId", "source_type_not_allowed");
        }

        if (!type.AllowsTarget(target.TypeCode))
        {
            throw AppProblem.Invalid("targetId", "target_type_not_allowed");
        }

        var attributes = new JsonObject();
        if (type.Availability == "backup")
        {
            var mode = (request.Attributes?["mode"] as JsonValue)?.TryGetValue<string>(out var m) == true ? m.Trim().ToLowerInvariant() : null;
            if (mode is not ("hot" or "cold"))
            {
                throw AppProblem.Invalid("attributes.mode", "backup_mode_required");
            }

            attributes["mode"] = mode;
        }

        if (request.Attributes?["note"] is JsonValue note && note.TryGetValue<string>(out var noteText) && !string.IsNullOrWhiteSpace(noteText))
        {
            attributes["note"] = noteText.Trim().Length > 500 ? throw AppProblem.Invalid("attributes.note", "too_long") : noteText.Trim();
        }

        if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cmdb_relations WHERE type_code = @typeCode AND source_id = @s AND target_id = @t",
                new { typeCode, s = source.Id, t = target.Id }, tx) > 0)
        {
            throw new AppProblem(409, "relation_exists");
        }

        await CheckCardinalityAsync(c, tx, type, source.Id, target.Id);
        if (type.Acyclic && await ReachesAsync(c, tx, typeCode, from: target.Id, to: source.Id))
        {
            throw new AppProblem(400, "relation_cycle", new Dictionary<string, string> { ["type"] = typeCode });
        }

        var now = UnixMs.Now(clock);
        var id = await c.ExecuteScalarAsync<long>(
            "INSERT INTO cmdb_relations (type_code, source_id, target_id, attributes, created_at) VALUES (@typeCode, @s, @t, @attributes, @now) RETURNING id",
            new { typeCode, s = source.Id, t = target.Id, attributes = attributes.ToJsonString(AttributeDefinition.Json), now }, tx);
        await c.ExecuteAsync(
            "INSERT INTO cmdb_relation_log (relation_id, type_code, source_id, target_id, attributes, added_at) VALUES (@id, @typeCode, @s, @t, @attributes, @now)",
            new { id, typeCode, s = source.Id, t = target.Id, attributes = attributes.ToJsonString(AttributeDefinition.Json), now }, tx);
        var userName = CiHistoryWriter.UserOf(user);
        var description = JsonValue.Create($"{source.Name} → {target.Name}{(attributes["mode"] is { } mode2 ? $" ({mode2})" : string.Empty)}");
        await CiHistoryWriter.RecordAsync(c, tx, source.Id, source.Version, now, userName, "relation-added", [new AttributeChange("relation." + typeCode, null, description)], null);
        await CiHistoryWriter.RecordAsync(c, tx, target.Id, target.Version, now, userName, "relation-added", [new AttributeChange("relation." + typeCode, null, description.DeepClone())], null);
        await audit.RecordAsync(new AuditEntry("cmdb.relation.create", "relation", id.ToString(CultureInfo.InvariantCulture), AuditEntry.Success,
            $"{typeCode}: {source.Code} → {target.Code}"), c, tx, ct: ct);
        var row = await c.QueryFirstAsync<ListRelations.Row>(ListRelations.Select + " WHERE r.id = @id", new { id }, tx);
        return row.ToDto();
    }

    public async Task Delete(CurrentUser user, long id, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var row = await connection.QueryFirstOrDefaultAsync<ListRelations.Row>(ListRelations.Select + " WHERE r.id = @id", new { id }, tx) ?? throw AppProblem.NotFound();
        await connection.ExecuteAsync("DELETE FROM cmdb_relations WHERE id = @id", new { id }, tx);
        var now = UnixMs.Now(clock);
        await connection.ExecuteAsync("UPDATE cmdb_relation_log SET removed_at = @now WHERE relation_id = @id AND removed_at IS NULL", new { now, id }, tx);
        var userName = CiHistoryWriter.UserOf(user);
        foreach (var ciId in new[] { row.SourceId, row.TargetId })
        {
            var version = await connection.ExecuteScalarAsync<int>("SELECT version FROM cmdb_cis WHERE id = @ciId", new { ciId }, tx);
            await CiHistoryWriter.RecordAsync(connection, tx, ciId, version, now, userName, "relation-removed",
                [new AttributeChange("relation." + row.TypeCode, JsonValue.Create($"{row.SourceName} → {row.TargetName}"), null)], null);
        }

        await audit.RecordAsync(new AuditEntry("cmdb.relation.delete", "relation", id.ToString(CultureInfo.InvariantCulture), AuditEntry.Success, $"{row.TypeCode}: {row.SourceName} → {row.TargetName}"), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
    }

    private static async Task CheckCardinalityAsync(DbConnection c, DbTransaction tx, RelationTypeRow type, long sourceId, long targetId)
    {
        var oneTargetPerSource = type.Cardinality is "many-to-one" or "one-to-one";
        var oneSourcePerTarget = type.Cardinality is "one-to-many" or "one-to-one";
        if (oneTargetPerSource && await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cmdb_relations WHERE type_code = @code AND source_id = @sourceId", new { code = type.Code, sourceId }, tx) > 0)
        {
            throw new AppProblem(400, "cardinality_exceeded", new Dictionary<string, string> { ["cardinality"] = type.Cardinality });
        }

        if (oneSourcePerTarget && await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cmdb_relations WHERE type_code = @code AND target_id = @targetId", new { code = type.Code, targetId }, tx) > 0)
        {
            throw new AppProblem(400, "cardinality_exceeded", new Dictionary<string, string> { ["cardinality"] = type.Cardinality });
        }
    }

    /// <summary>Whether <paramref name="to"/> can be reached from <paramref name="from"/> along relations of one type.</summary>
    private static async Task<bool> ReachesAsync(DbConnection c, DbTransaction tx, string typeCode, long from, long to)
    {
        var seen = new HashSet<long> { from };
        var frontier = new List<long> { from };
        while (frontier.Count > 0)
        {
            var args = new DynamicParameters();
            args.Add("typeCode", typeCode);
            var next = await c.QueryAsync<long>($"SELECT target_id FROM cmdb_relations WHERE type_code = @typeCode AND source_id IN {SqlIn.List("n", frontier, args)}", args, tx);
            frontier = [];
            foreach (var id in next)
            {
                if (id == to)
                {
                    return true;
                }

                if (seen.Add(id))
                {
                    frontier.Add(id);
                }
            }
        }

        return false;
    }

    internal static async Task<IResult> CreateEndpoint(HttpContext context, CreateRelationRequest request, SaveRelation handler, CancellationToken ct)
    {
        var relation = await handler.Create(CurrentUser.Of(context), request, ct);
        return Results.Created($"/api/v1/cmdb/relations/{relation.Id}", relation);
    }

    internal static async Task<IResult> DeleteEndpoint(HttpContext context, long id, SaveRelation handler, CancellationToken ct)
    {
        await handler.Delete(CurrentUser.Of(context), id, ct);
        return Results.NoContent();
    }
}
