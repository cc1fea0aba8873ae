using System.Text.RegularExpressions;
using Dapper;
using HospitalOps.Cmdb.Model;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Paging;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Cmdb.Cis;

/// <summary>
/// Configuration items filtered by type, text, attribute values (<c>attr.engine=oracle</c>) and
/// relation (<c>relatedTo=42&amp;relation=runs-on</c>, either direction), with paging.
/// </summary>
internal static partial class ListCis
{
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,63}$")]
    private static partial Regex AttributeName();

    internal static async Task<IResult> Endpoint(HttpContext context, Databases databases, string? type, string? query, long? relatedTo, string? relation, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var where = new List<string>();
        var args = new DynamicParameters();
        if (!string.IsNullOrWhiteSpace(type))
        {
            where.Add("c.type_code = @type");
            args.Add("type", type.Trim());
        }

        if (!string.IsNullOrWhiteSpace(query))
        {
            where.Add($"(lower(c.name) LIKE @q{SqlLike.Escape} OR lower(c.code) LIKE @q{SqlLike.Escape} OR lower(c.attributes) LIKE @q{SqlLike.Escape})");
            args.Add("q", SqlLike.Contains(query.Trim().ToLowerInvariant()));
        }

        var i = 0;
        foreach (var (key, values) in context.Request.Query.Where(q => q.Key.StartsWith("attr.", StringComparison.Ordinal)))
        {
            var name = key[5..];
            if (!AttributeName().IsMatch(name))
            {
                throw AppProblem.Invalid(key, "invalid_attribute_name");
            }

            // The name is checked against a strict pattern above, so it can be part of the path.
            var extract = databases.Config.Engine == DatabaseEngine.Sqlite
                ? $"CAST(json_extract(c.attributes, '$.{name}') AS TEXT)"
                : $"(CAST(c.attributes AS jsonb) ->> '{name}')";
            where.Add($"lower({extract}) = lower(@a{i})");
            args.Add("a" + i, values.ToString());
            i++;
        }

        if (relatedTo is { } other)
        {
            var typeFilter = string.IsNullOrWhiteSpace(relation) ? string.Empty : " AND r.type_code = @relation";
            where.Add($"EXISTS (SELECT 1 FROM cmdb_relations r WHERE ((r.source_id = c.id AND r.target_id = @other) OR (r.target_id = c.id AND r.source_id = @other)){typeFilter})");
            args.Add("other", other);
            args.Add("relation", relation?.Trim());
        }

        var clause = where.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", where);
        await using var connection = await databases.Config.OpenAsync(ct);
        var total = await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM cmdb_cis c {clause}", args);
        args.Add("limit", paging.PageSize);
        args.Add("offset", paging.Offset);
        var rows = (await connection.QueryAsync<CiRow>(
            $"SELECT c.id, c.type_code AS TypeCode, c.code, c.name, c.attributes, c.created_at AS CreatedAt, c.updated_at AS UpdatedAt, c.version FROM cmdb_cis c {clause} ORDER BY c.type_code, c.code LIMIT @limit OFFSET @offset",
            args)).ToList();
        var schemas = new Dictionary<string, List<AttributeDefinition>>(StringComparer.Ordinal);
        foreach (var typeCode in rows.Select(r => r.TypeCode).Distinct(StringComparer.Ordinal))
        {
            schemas[typeCode] = (await CmdbStore.TypeAsync(connection, typeCode))?.Schema ?? [];
        }

        var items = rows.Select(r => ToDto(r, schemas[r.TypeCode])).ToList();
        return Results.Ok(new Page<CiDto>(items, total, paging.PageNumber, paging.PageSize));
    }

    internal static CiDto ToDto(CiRow r, IReadOnlyList<AttributeDefinition> schema) =>
        new(r.Id, r.TypeCode, r.Code, r.Name, AttributeValidation.ForDisplay(schema, r.AttributeObject), UnixMs.ToTime(r.CreatedAt), UnixMs.ToTime(r.UpdatedAt), r.Version);
}
