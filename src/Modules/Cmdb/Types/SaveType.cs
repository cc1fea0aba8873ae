using System.Text.RegularExpressions;
using Dapper;
using HospitalOps.Cmdb.Model;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Cmdb.Types;

public sealed record SaveTypeRequest(string? Code, string? NameZh, string? NameEn, string? Layer, IReadOnlyList<AttributeDefinition>? AttributeSchema, int? Version);

/// <summary>
/// Administrators define CI types and their attributes as data. While CIs of a type exist its
/// attributes may be added, relabelled or made optional, but not removed, retyped or newly
/// required, so no stored CI becomes invalid.
/// </summary>
internal sealed partial class SaveType(Databases databases, IAuditTrail audit)
{
    [GeneratedRegex("^[a-z][a-z0-9-]{1,63}$")]
    private static partial Regex CodePattern();

    public async Task<CiTypeDto> Create(SaveTypeRequest request, CancellationToken ct)
    {
        var code = request.Code?.Trim() ?? string.Empty;
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        string? codeError = !CodePattern().IsMatch(code) ? (code.Length == 0 ? "required" : "invalid_type_code")
            : await CmdbStore.TypeAsync(connection, code, tx) is not null ? "type_taken" : null;
        var (zh, en, layer, schema) = await CheckAsync(connection, tx, request, null, codeError);
        await connection.ExecuteAsync(
            "INSERT INTO cmdb_ci_types (code, name_zh, name_en, layer, attribute_schema, builtin) VALUES (@code, @zh, @en, @layer, @schema, @no)",
            new { code, zh, en, layer, schema = AttributeDefinition.WriteSchema(schema), no = false }, tx);
        await audit.RecordAsync(new AuditEntry("cmdb.type.create", "ci_type", code, AuditEntry.Success, $"{layer}: {string.Join(',', schema.Select(a => a.Name))}"), connection, tx, ct: ct);
        var dto = ListTypes.ToDto((await CmdbStore.TypeAsync(connection, code, tx))!);
        await tx.CommitAsync(ct);
        return dto;
    }

    public async Task<CiTypeDto> Update(string code, SaveTypeRequest request, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var existing = await CmdbStore.TypeAsync(connection, code, tx) ?? throw AppProblem.NotFound();
        if (request.Version is null)
        {
            throw AppProblem.Invalid("version", "required");
        }

        if (request.Version != existing.Version)
        {
            throw AppProblem.Conflict();
        }

        var (zh, en, layer, schema) = await CheckAsync(connection, tx, request, existing, null);
        await connection.ExecuteAsync(
            "UPDATE cmdb_ci_types SET name_zh = @zh, name_en = @en, layer = @layer, attribute_schema = @schema, version = version + 1 WHERE code = @code",
            new { zh, en, layer, schema = AttributeDefinition.WriteSchema(schema), code }, tx);
        var before = existing.Schema.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        await audit.RecordAsync(new AuditEntry("cmdb.type.update", "ci_type", code, AuditEntry.Success,
            $"attributes added: {string.Join(',', schema.Where(a => !before.Contains(a.Name)).Select(a => a.Name))}"), connection, tx, ct: ct);
        var dto = ListTypes.ToDto((await CmdbStore.TypeAsync(connection, code, tx))!);
        await tx.CommitAsync(ct);
        return dto;
    }

    public async Task Delete(string code, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var existing = await CmdbStore.TypeAsync(connection, code, tx) ?? throw AppProblem.NotFound();
        if (existing.Builtin)
        {
            throw new AppProblem(400, "builtin_fixed");
        }

        if (existing.Count > 0)
        {
            throw new AppProblem(409, "in_use");
        }

        await connection.ExecuteAsync("DELETE FROM cmdb_ci_types WHERE code = @code", new { code }, tx);
        await audit.RecordAsync(new AuditEntry("cmdb.type.delete", "ci_type", code, AuditEntry.Success), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
    }

    private static async Task<(string Zh, string En, string Layer, List<AttributeDefinition> Schema)> CheckAsync(
        System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, SaveTypeRequest request, TypeRow? existing, string? codeError)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (codeError is not null)
        {
            errors["code"] = codeError;
        }
        var zh = request.NameZh?.Trim() ?? string.Empty;
        var en = request.NameEn?.Trim() ?? string.Empty;
        var layer = request.Layer?.Trim() ?? string.Empty;
        if (zh.Length is 0 or > 100)
        {
            errors["nameZh"] = zh.Length == 0 ? "required" : "too_long";
        }

        if (en.Length is 0 or > 100)
        {
            errors["nameEn"] = en.Length == 0 ? "required" : "too_long";
        }

        if (!BuiltInModel.Layers.Contains(layer))
        {
            errors["layer"] = layer.Length == 0 ? "required" : "invalid_layer";
        }

        var schema = (request.AttributeSchema ?? []).ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < schema.Count; i++)
        {
            var a = schema[i];
            var field = $"attributeSchema[{i}]";
            a.Name = a.Name?.Trim() ?? string.Empty;
            a.LabelZh = string.IsNullOrWhiteSpace(a.LabelZh) ? a.Name : a.LabelZh.Trim();
            a.LabelEn = string.IsNullOrWhiteSpace(a.LabelEn) ? a.Name : a.LabelEn.Trim();
            if (!AttributeValidation.NamePattern().IsMatch(a.Name))
            {
                errors[field + ".name"] = "invalid_attribute_name";
            }
            else if (!names.Add(a.Name))
            {
                errors[field + ".name"] = "duplicate_attribute";
            }

            if (!AttributeDefinition.Kinds.Contains(a.Type))
            {
                errors[field + ".type"] = "invalid_attribute_type";
            }

            if (a.Type == "enum")
            {
                a.Values = (a.Values ?? []).Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();
                if (a.Values.Count == 0)
                {
                    errors[field + ".values"] = "enum_values_required";
                }
            }
            else
            {
                a.Values = null;
            }

            if (a.Type == "ref" && !string.IsNullOrWhiteSpace(a.RefType))
            {
                a.RefType = a.RefType.Trim();
                if (a.RefType != request.Code?.Trim() && await CmdbStore.TypeAsync(c, a.RefType, tx) is null)
                {
                    errors[field + ".refType"] = "unknown_ci_type";
                }
            }
            else if (a.Type != "ref")
            {
                a.RefType = null;
            }
        }

        if (existing is { Count: > 0 })
        {
            var now = schema.ToDictionary(a => a.Name, StringComparer.Ordinal);
            foreach (var old in existing.Schema)
            {
                if (!now.TryGetValue(old.Name, out var kept) || kept.Type != old.Type || (kept.Required && !old.Required))
                {
                    errors["attributeSchema"] = "type_in_use";
                }
            }

            if (schema.Any(a => a.Required && existing.Schema.All(o => o.Name != a.Name)))
            {
                errors["attributeSchema"] = "type_in_use";
            }
        }

        return errors.Count > 0 ? throw AppProblem.Invalid(errors) : (zh, en, layer, schema);
    }

    internal static async Task<IResult> CreateEndpoint(SaveTypeRequest request, SaveType handler, CancellationToken ct)
    {
        var type = await handler.Create(request, ct);
        return Results.Created($"/api/v1/cmdb/types/{type.Code}", type);
    }

    internal static async Task<IResult> UpdateEndpoint(string code, SaveTypeRequest request, SaveType handler, CancellationToken ct) =>
        Results.Ok(await handler.Update(code, request, ct));

    internal static async Task<IResult> DeleteEndpoint(string code, SaveType handler, CancellationToken ct)
    {
        await handler.Delete(code, ct);
        return Results.NoContent();
    }
}
