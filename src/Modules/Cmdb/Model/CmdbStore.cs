using System.Data.Common;
using System.Text.Json.Nodes;
using Dapper;

namespace HospitalOps.Cmdb.Model;

internal sealed class TypeRow
{
    public string Code { get; init; } = string.Empty;

    public string NameZh { get; init; } = string.Empty;

    public string NameEn { get; init; } = string.Empty;

    public string Layer { get; init; } = string.Empty;

    public string AttributeSchema { get; init; } = "[]";

    public bool Builtin { get; init; }

    public int Version { get; init; }

    public long Count { get; init; }

    public List<AttributeDefinition> Schema => AttributeDefinition.ParseSchema(AttributeSchema);
}

internal sealed class RelationTypeRow
{
    public string Code { get; init; } = string.Empty;

    public string NameZh { get; init; } = string.Empty;

    public string NameEn { get; init; } = string.Empty;

    public string InverseZh { get; init; } = string.Empty;

    public string InverseEn { get; init; } = string.Empty;

    public string SourceTypes { get; init; } = "*";

    public string TargetTypes { get; init; } = "*";

    public string Cardinality { get; init; } = "many-to-many";

    public bool Acyclic { get; init; }

    public string Availability { get; init; } = "none";

    public bool Builtin { get; init; }

    public int Version { get; init; }

    public bool AllowsSource(string type) => Allows(SourceTypes, type);

    public bool AllowsTarget(string type) => Allows(TargetTypes, type);

    private static bool Allows(string list, string type) =>
        list.Trim() == "*" || list.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(type, StringComparer.Ordinal);
}

internal sealed class CiRow
{
    public long Id { get; init; }

    public string TypeCode { get; init; } = string.Empty;

    public string Code { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public string Attributes { get; init; } = "{}";

    public long CreatedAt { get; init; }

    public long UpdatedAt { get; init; }

    public int Version { get; init; }

    public JsonObject AttributeObject => JsonNode.Parse(Attributes) as JsonObject ?? [];
}

/// <summary>Reads of the CMDB tables that several use cases share.</summary>
internal static class CmdbStore
{
    public const string TypeSelect =
        "SELECT t.code, t.name_zh AS NameZh, t.name_en AS NameEn, t.layer, t.attribute_schema AS AttributeSchema, t.builtin, t.version, " +
        "(SELECT COUNT(*) FROM cmdb_cis c WHERE c.type_code = t.code) AS Count FROM cmdb_ci_types t";

    public const string RelationTypeSelect =
        "SELECT code, name_zh AS NameZh, name_en AS NameEn, inverse_zh AS InverseZh, inverse_en AS InverseEn, source_types AS SourceTypes, " +
        "target_types AS TargetTypes, cardinality, acyclic, availability, builtin, version FROM cmdb_relation_types";

    public const string CiSelect =
        "SELECT id, type_code AS TypeCode, code, name, attributes, created_at AS CreatedAt, updated_at AS UpdatedAt, version FROM cmdb_cis";

    public static Task<TypeRow?> TypeAsync(DbConnection c, string code, DbTransaction? tx = null) =>
        c.QueryFirstOrDefaultAsync<TypeRow>(TypeSelect + " WHERE t.code = @code", new { code }, tx);

    public static Task<RelationTypeRow?> RelationTypeAsync(DbConnection c, string code, DbTransaction? tx = null) =>
        c.QueryFirstOrDefaultAsync<RelationTypeRow>(RelationTypeSelect + " WHERE code = @code", new { code }, tx);

    public static Task<CiRow?> CiAsync(DbConnection c, long id, DbTransaction? tx = null) =>
        c.QueryFirstOrDefaultAsync<CiRow>(CiSelect + " WHERE id = @id", new { id }, tx);
}
