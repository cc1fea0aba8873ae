using System.Text.Json;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Paging;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Cmdb.Cis;

public sealed record CiTypeDto(string Code, string NameZh, string NameEn, string Layer, JsonElement AttributeSchema, long Count);

public sealed record CiDto(long Id, string Type, string Code, string Name, JsonElement Attributes, DateTimeOffset UpdatedAt, int Version);

/// <summary>Configuration items by type and text, with paging.</summary>
internal static class ListCis
{
    private sealed class TypeRow
    {
        public string Code { get; init; } = string.Empty;

        public string NameZh { get; init; } = string.Empty;

        public string NameEn { get; init; } = string.Empty;

        public string Layer { get; init; } = string.Empty;

        public string AttributeSchema { get; init; } = "[]";

        public long Count { get; init; }
    }

    private sealed class CiRow
    {
        public long Id { get; init; }

        public string TypeCode { get; init; } = string.Empty;

        public string Code { get; init; } = string.Empty;

        public string Name { get; init; } = string.Empty;

        public string Attributes { get; init; } = "{}";

        public long UpdatedAt { get; init; }

        public int Version { get; init; }
    }

    internal static async Task<IResult> TypesEndpoint(Databases databases, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var rows = await connection.QueryAsync<TypeRow>(
            "SELECT t.code, t.name_zh AS NameZh, t.name_en AS NameEn, t.layer, t.attribute_schema AS AttributeSchema, (SELECT COUNT(*) FROM cmdb_cis c WHERE c.type_code = t.code) AS Count FROM cmdb_ci_types t ORDER BY t.code");
        return Results.Ok(rows.Select(r => new CiTypeDto(r.Code, r.NameZh, r.NameEn, r.Layer, JsonDocument.Parse(r.AttributeSchema).RootElement, r.Count)).ToList());
    }

    internal static async Task<IResult> Endpoint(Databases databases, string? type, string? query, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var where = new List<string>();
        var args = new DynamicParameters();
        if (!string.IsNullOrWhiteSpace(type))
        {
            where.Add("type_code = @type");
            args.Add("type", type.Trim());
        }

        if (!string.IsNullOrWhiteSpace(query))
        {
            where.Add($"(lower(name) LIKE @q{SqlLike.Escape} OR lower(code) LIKE @q{SqlLike.Escape} OR lower(attributes) LIKE @q{SqlLike.Escape})");
            args.Add("q", SqlLike.Contains(query.Trim().ToLowerInvariant()));
        }

        var clause = where.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", where);
        await using var connection = await databases.Config.OpenAsync(ct);
        var total = await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM cmdb_cis {clause}", args);
        args.Add("limit", paging.PageSize);
        args.Add("offset", paging.Offset);
        var rows = await connection.QueryAsync<CiRow>(
            $"SELECT id, type_code AS TypeCode, code, name, attributes, updated_at AS UpdatedAt, version FROM cmdb_cis {clause} ORDER BY type_code, code LIMIT @limit OFFSET @offset", args);
        var items = rows.Select(r => new CiDto(r.Id, r.TypeCode, r.Code, r.Name, JsonDocument.Parse(r.Attributes).RootElement, UnixMs.ToTime(r.UpdatedAt), r.Version)).ToList();
        return Results.Ok(new Page<CiDto>(items, total, paging.PageNumber, paging.PageSize));
    }
}
