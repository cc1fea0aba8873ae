using System.Text.RegularExpressions;
using Dapper;
using HospitalOps.Cmdb.Model;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Cmdb.RelationTypes;

public sealed record RelationTypeDto(
    string Code, string NameZh, string NameEn, string InverseZh, string InverseEn, IReadOnlyList<string> SourceTypes, IReadOnlyList<string> TargetTypes,
    string Cardinality, bool Acyclic, string Availability, bool Builtin, long Count, int Version);

public sealed record SaveRelationTypeRequest(
    string? Code, string? NameZh, string? NameEn, string? InverseZh, string? InverseEn, IReadOnlyList<string>? SourceTypes, IReadOnlyList<string>? TargetTypes,
    string? Cardinality, bool? Acyclic, string? Availability, int? Version);

/// <summary>
/// Relation types as data: names both ways, allowed source and target types ("*" = any),
/// cardinality, whether cycles are refused, and how the relation carries failure. Built-in
/// relation types keep their rules (the analyses depend on them); their names may change.
/// </summary>
internal sealed partial class SaveRelationType(Databases databases, IAuditTrail audit)
{
    [GeneratedRegex("^[a-z][a-z0-9-]{1,63}$")]
    private static partial Regex CodePattern();

    internal static async Task<IResult> ListEndpoint(Databases databases, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var rows = await connection.QueryAsync<RelationTypeRow>(CmdbStore.RelationTypeSelect + " ORDER BY builtin DESC, code");
        var counts = (await connection.QueryAsync<(string Code, long Count)>("SELECT type_code, COUNT(*) FROM cmdb_relations GROUP BY type_code"))
            .ToDictionary(x => x.Code, x => x.Count, StringComparer.Ordinal);
        return Results.Ok(rows.Select(r => ToDto(r, counts.GetValueOrDefault(r.Code))).ToList());
    }

    private static RelationTypeDto ToDto(RelationTypeRow r, long count) => new(
        r.Code, r.NameZh, r.NameEn, r.InverseZh, r.InverseEn, Split(r.SourceTypes), Split(r.TargetTypes), r.Cardinality, r.Acyclic, r.Availability, r.Builtin, count, r.Version);

    private static List<string> Split(string list) => list.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();

    public async Task<RelationTypeDto> Save(string? existingCode, SaveRelationTypeRequest request, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var existing = existingCode is null ? null : await CmdbStore.RelationTypeAsync(connection, existingCode, tx) ?? throw AppProblem.NotFound();
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var code = existing?.Code ?? request.Code?.Trim() ?? string.Empty;
        if (existing is null)
        {
            if (!CodePattern().IsMatch(code))
            {
                errors["code"] = code.Length == 0 ? "required" : "invalid_type_code";
            }
            else if (await CmdbStore.RelationTypeAsync(connection, code, tx) is not null)
            {
                errors["code"] = "type_taken";
            }
        }
        else
        {
            AppProblem.EnsureVersion(request.Version, existing.Version);
        }

        string Label(string? value, string field)
        {
            var v = value?.Trim() ?? string.Empty;
            if (v.Length is 0 or > 100)
            {
                errors[field] = v.Length == 0 ? "required" : "too_long";
            }

            return v;
        }

        var zh = Label(request.NameZh, "nameZh");
        var en = Label(request.NameEn, "nameEn");
        var inverseZh = Label(request.InverseZh, "inverseZh");
        var inverseEn = Label(request.InverseEn, "inverseEn");
        var knownTypes = (await connection.QueryAsync<string>("SELECT code FROM cmdb_ci_types", transaction: tx)).ToHashSet(StringComparer.Ordinal);
        string TypeList(IReadOnlyList<string>? list, string field)
        {
            var items = (list ?? ["*"]).Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            if (items.Count == 0 || items.Contains("*"))
            {
                return "*";
            }

            if (items.Any(t => !knownTypes.Contains(t)))
            {
                errors[field] = "invalid_type_list";
            }

            return string.Join(' ', items);
        }

        var sources = TypeList(request.SourceTypes, "sourceTypes");
        var targets = TypeList(request.TargetTypes, "targetTypes");
        var cardinality = request.Cardinality?.Trim() ?? "many-to-many";
        var availability = request.Availability?.Trim() ?? "none";
        var acyclic = request.Acyclic ?? false;
        if (!BuiltInModel.Cardinalities.Contains(cardinality))
        {
            errors["cardinality"] = "invalid_cardinality";
        }

        if (!BuiltInModel.Availability.Contains(availability))
        {
            errors["availability"] = "invalid_availability";
        }

        if (errors.Count > 0)
        {
            throw AppProblem.Invalid(errors);
        }

        if (existing?.Builtin == true)
        {
            // The analyses rely on the shipped rules; only the words are the administrator's.
            (sources, targets, cardinality, acyclic, availability) = (existing.SourceTypes, existing.TargetTypes, existing.Cardinality, existing.Acyclic, existing.Availability);
        }

        var args = new { code, zh, en, inverseZh, inverseEn, sources, targets, cardinality, acyclic, availability, no = false };
        if (existing is null)
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO cmdb_relation_types (code, name_zh, name_en, inverse_zh, inverse_en, source_types, target_types, cardinality, acyclic, availability, builtin)
                VALUES (@code, @zh, @en, @inverseZh, @inverseEn, @sources, @targets, @cardinality, @acyclic, @availability, @no)
                """, args, tx);
        }
        else
        {
            await connection.ExecuteAsync(
                """
                UPDATE cmdb_relation_types SET name_zh = @zh, name_en = @en, inverse_zh = @inverseZh, inverse_en = @inverseEn, source_types = @sources,
                  target_types = @targets, cardinality = @cardinality, acyclic = @acyclic, availability = @availability, version = version + 1 WHERE code = @code
                """, args, tx);
        }

        await audit.RecordAsync(new AuditEntry(existing is null ? "cmdb.relation_type.create" : "cmdb.relation_type.update", "relation_type", code, AuditEntry.Success,
            $"{sources} → {targets}, {cardinality}, {availability}{(acyclic ? ", acyclic" : string.Empty)}"), connection, tx, ct: ct);
        var count = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cmdb_relations WHERE type_code = @code", new { code }, tx);
        var dto = ToDto((await CmdbStore.RelationTypeAsync(connection, code, tx))!, count);
        await tx.CommitAsync(ct);
        return dto;
    }

    public async Task Delete(string code, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var existing = await CmdbStore.RelationTypeAsync(connection, code, tx) ?? throw AppProblem.NotFound();
        if (existing.Builtin)
        {
            throw new AppProblem(400, "builtin_fixed");
        }

        if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cmdb_relations WHERE type_code = @code", new { code }, tx) > 0)
        {
            throw new AppProblem(409, "in_use");
        }

        await connection.ExecuteAsync("DELETE FROM cmdb_relation_types WHERE code = @code", new { code }, tx);
        await audit.RecordAsync(new AuditEntry("cmdb.relation_type.delete", "relation_type", code, AuditEntry.Success), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
    }

    internal static async Task<IResult> CreateEndpoint(SaveRelationTypeRequest request, SaveRelationType handler, CancellationToken ct)
    {
        var type = await handler.Save(null, request, ct);
        return Results.Created($"/api/v1/cmdb/relation-types/{type.Code}", type);
    }

    internal static async Task<IResult> UpdateEndpoint(string code, SaveRelationTypeRequest request, SaveRelationType handler, CancellationToken ct) =>
        Results.Ok(await handler.Save(code, request, ct));

    internal static async Task<IResult> DeleteEndpoint(string code, SaveRelationType handler, CancellationToken ct)
    {
        await handler.Delete(code, ct);
        return Results.NoContent();
    }
}
