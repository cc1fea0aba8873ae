using System.Text.Json.Nodes;
using Dapper;
using HospitalOps.Kernel.Data;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Cmdb.Relations;

/// <summary>A CI's relations in both directions: outgoing (it is the source) and incoming.</summary>
internal static class ListRelations
{
    internal sealed class Row
    {
        public long Id { get; init; }

        public string TypeCode { get; init; } = string.Empty;

        public long SourceId { get; init; }

        public string SourceName { get; init; } = string.Empty;

        public string SourceType { get; init; } = string.Empty;

        public long TargetId { get; init; }

        public string TargetName { get; init; } = string.Empty;

        public string TargetType { get; init; } = string.Empty;

        public string Attributes { get; init; } = "{}";

        public long CreatedAt { get; init; }

        public RelationDto ToDto() => new(Id, TypeCode, SourceId, SourceName, SourceType, TargetId, TargetName, TargetType,
            JsonNode.Parse(Attributes) as JsonObject ?? [], UnixMs.ToTime(CreatedAt));
    }

    internal const string Select =
        "SELECT r.id, r.type_code AS TypeCode, r.source_id AS SourceId, s.name AS SourceName, s.type_code AS SourceType, r.target_id AS TargetId, " +
        "t.name AS TargetName, t.type_code AS TargetType, r.attributes, r.created_at AS CreatedAt " +
        "FROM cmdb_relations r JOIN cmdb_cis s ON s.id = r.source_id JOIN cmdb_cis t ON t.id = r.target_id";

    /// <summary>The same shape from the relation log: what was related at a moment (ends deleted since keep their last known name).</summary>
    private const string SelectAsOf =
        "SELECT r.relation_id AS Id, r.type_code AS TypeCode, r.source_id AS SourceId, coalesce(s.name, '#' || CAST(r.source_id AS varchar(20))) AS SourceName, " +
        "coalesce(s.type_code, '') AS SourceType, r.target_id AS TargetId, coalesce(t.name, '#' || CAST(r.target_id AS varchar(20))) AS TargetName, " +
        "coalesce(t.type_code, '') AS TargetType, r.attributes, r.added_at AS CreatedAt " +
        "FROM cmdb_relation_log r LEFT JOIN cmdb_cis s ON s.id = r.source_id LEFT JOIN cmdb_cis t ON t.id = r.target_id";

    internal static async Task<IResult> Endpoint(long id, string? asOf, Databases databases, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        List<Row> rows;
        if (string.IsNullOrWhiteSpace(asOf))
        {
            rows = (await connection.QueryAsync<Row>(Select + " WHERE r.source_id = @id OR r.target_id = @id ORDER BY r.type_code, r.id", new { id })).ToList();
        }
        else
        {
            if (!DateTimeOffset.TryParse(asOf, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var moment))
            {
                throw Kernel.Errors.AppProblem.Invalid("asOf", "invalid_date");
            }

            rows = (await connection.QueryAsync<Row>(
                SelectAsOf + " WHERE (r.source_id = @id OR r.target_id = @id) AND r.added_at <= @at AND (r.removed_at IS NULL OR r.removed_at > @at) ORDER BY r.type_code, r.relation_id",
                new { id, at = moment.ToUnixTimeMilliseconds() })).ToList();
        }

        return Results.Ok(new
        {
            outgoing = rows.Where(r => r.SourceId == id).Select(r => r.ToDto()).ToList(),
            incoming = rows.Where(r => r.TargetId == id).Select(r => r.ToDto()).ToList(),
        });
    }
}
