using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using HospitalOps.Cmdb.Model;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Cmdb.Cis;

public sealed record SaveCiRequest(string? Type, string? Code, string? Name, JsonObject? Attributes, int? Version);

/// <summary>
/// Creates or changes a configuration item: attributes validated against the type's schema,
/// references and unique values checked, secrets encrypted, a stale version refused with 409,
/// and a history row with the attribute diff written in the same transaction.
/// </summary>
internal sealed partial class SaveCi(Databases databases, TimeProvider clock, ISecretProtector secrets, IAuditTrail audit)
{
    [GeneratedRegex("^[A-Za-z0-9._:-]{1,100}$")]
    private static partial Regex CodePattern();

    public async Task<CiDto> Create(CurrentUser user, SaveCiRequest request, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var dto = await SaveAsync(connection, tx, user, null, request, ct);
        await tx.CommitAsync(ct);
        return dto;
    }

    public async Task<CiDto> Update(CurrentUser user, long id, SaveCiRequest request, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var existing = await CmdbStore.CiAsync(connection, id, tx) ?? throw AppProblem.NotFound();
        if (request.Version is null)
        {
            throw AppProblem.Invalid("version", "required");
        }

        if (request.Version != existing.Version)
        {
            throw AppProblem.Conflict();
        }

        var dto = await SaveAsync(connection, tx, user, existing, request with { Type = existing.TypeCode }, ct);
        await tx.CommitAsync(ct);
        return dto;
    }

    /// <summary>The shared write path, also used by the bulk import inside its one transaction.</summary>
    internal async Task<CiDto> SaveAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, CurrentUser user, CiRow? existing, SaveCiRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var typeCode = request.Type?.Trim() ?? string.Empty;
        var type = typeCode.Length == 0 ? null : await CmdbStore.TypeAsync(c, typeCode, tx);
        if (type is null)
        {
            throw AppProblem.Invalid("type", typeCode.Length == 0 ? "required" : "unknown_ci_type");
        }

        var code = request.Code?.Trim() ?? string.Empty;
        var name = request.Name?.Trim() ?? string.Empty;
        if (!CodePattern().IsMatch(code))
        {
            errors["code"] = code.Length == 0 ? "required" : "invalid_code";
        }

        if (name.Length == 0)
        {
            errors["name"] = "required";
        }
        else if (name.Length > 200)
        {
            errors["name"] = "too_long";
        }

        var schema = type.Schema;
        var outcome = AttributeValidation.Validate(schema, request.Attributes, existing?.AttributeObject, secrets.Protect);
        foreach (var (field, error) in outcome.Errors)
        {
            errors[field] = error;
        }

        foreach (var (attribute, refId, refType) in outcome.References)
        {
            var target = await CmdbStore.CiAsync(c, refId, tx);
            if (target is null || (refType is not null && target.TypeCode != refType))
            {
                errors["attributes." + attribute] = "invalid_reference";
            }
        }

        if (errors.Count == 0 && await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cmdb_cis WHERE code = @code AND id <> @id", new { code, id = existing?.Id ?? 0 }, tx) > 0)
        {
            errors["code"] = "code_taken";
        }

        if (errors.Count == 0)
        {
            foreach (var (attribute, value) in outcome.UniqueValues)
            {
                var holder = await c.ExecuteScalarAsync<long?>(
                    "SELECT ci_id FROM cmdb_unique_values WHERE type_code = @typeCode AND attribute = @attribute AND value = @value",
                    new { typeCode, attribute, value }, tx);
                if (holder is not null && holder != existing?.Id)
                {
                    errors["attributes." + attribute] = "value_taken";
                }
            }
        }

        if (errors.Count > 0)
        {
            throw AppProblem.Invalid(errors);
        }

        var now = UnixMs.Now(clock);
        var attributesJson = outcome.Attributes.ToJsonString(AttributeDefinition.Json);
        long id;
        int version;
        if (existing is null)
        {
            id = await c.ExecuteScalarAsync<long>(
                "INSERT INTO cmdb_cis (type_code, code, name, attributes, created_at, updated_at) VALUES (@typeCode, @code, @name, @attributesJson, @now, @now) RETURNING id",
                new { typeCode, code, name, attributesJson, now }, tx);
            version = 1;
        }
        else
        {
            id = existing.Id;
            version = existing.Version + 1;
            await c.ExecuteAsync(
                "UPDATE cmdb_cis SET code = @code, name = @name, attributes = @attributesJson, updated_at = @now, version = @version WHERE id = @id",
                new { code, name, attributesJson, now, version, id }, tx);
            await c.ExecuteAsync("DELETE FROM cmdb_unique_values WHERE ci_id = @id", new { id }, tx);
        }

        foreach (var (attribute, value) in outcome.UniqueValues)
        {
            await c.ExecuteAsync(
                "INSERT INTO cmdb_unique_values (type_code, attribute, value, ci_id) VALUES (@typeCode, @attribute, @value, @id)",
                new { typeCode, attribute, value, id }, tx);
        }

        var changes = CiHistoryWriter.Diff(schema, existing, code, name, outcome.Attributes);
        var userName = CiHistoryWriter.UserOf(user);
        await CiHistoryWriter.RecordAsync(c, tx, id, version, now, userName, existing is null ? "create" : "update", changes,
            CiHistoryWriter.Snapshot(typeCode, code, name, outcome.Attributes));
        await audit.RecordAsync(
            new AuditEntry(existing is null ? "cmdb.ci.create" : "cmdb.ci.update", "ci", id.ToString(CultureInfo.InvariantCulture), AuditEntry.Success,
                $"{typeCode} {code}: {string.Join(", ", changes.Select(ch => ch.Field))}"),
            c, tx, ct: ct);
        return new CiDto(id, typeCode, code, name, AttributeValidation.ForDisplay(schema, outcome.Attributes),
            UnixMs.ToTime(existing?.CreatedAt ?? now), UnixMs.ToTime(now), version);
    }

    internal static async Task<IResult> CreateEndpoint(HttpContext context, SaveCiRequest request, SaveCi handler, CancellationToken ct)
    {
        var ci = await handler.Create(CurrentUser.Of(context), request, ct);
        return Results.Created($"/api/v1/cmdb/cis/{ci.Id}", ci);
    }

    internal static async Task<IResult> UpdateEndpoint(HttpContext context, long id, SaveCiRequest request, SaveCi handler, CancellationToken ct) =>
        Results.Ok(await handler.Update(CurrentUser.Of(context), id, request, ct));
}
