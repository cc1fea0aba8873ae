using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using HospitalOps.Cmdb.Model;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Cmdb.Cis;

/// <summary>One CI now, or as it was at a moment (<c>?asOf=2026-11-01T08:00:00Z</c>) from its history.</summary>
internal static class GetCi
{
    private sealed class SnapshotRow
    {
        public int Version { get; init; }

        public long At { get; init; }

        public string? Snapshot { get; init; }
    }

    internal static async Task<IResult> Endpoint(long id, string? asOf, Databases databases, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        if (string.IsNullOrWhiteSpace(asOf))
        {
            var ci = await CmdbStore.CiAsync(connection, id) ?? throw AppProblem.NotFound();
            var type = await CmdbStore.TypeAsync(connection, ci.TypeCode);
            return Results.Ok(ListCis.ToDto(ci, type?.Schema ?? []));
        }

        if (!DateTimeOffset.TryParse(asOf, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment))
        {
            throw AppProblem.Invalid("asOf", "invalid_date");
        }

        var row = await connection.QueryFirstOrDefaultAsync<SnapshotRow>(
            "SELECT version, at, snapshot FROM cmdb_ci_history WHERE ci_id = @id AND at <= @at AND action IN ('create', 'update', 'delete') ORDER BY at DESC, id DESC LIMIT 1",
            new { id, at = moment.ToUnixTimeMilliseconds() });
        if (row?.Snapshot is null || JsonNode.Parse(row.Snapshot) is not JsonObject snapshot)
        {
            // Not yet created at that moment, or already deleted.
            throw AppProblem.NotFound();
        }

        var typeCode = snapshot["type"]!.GetValue<string>();
        var schema = (await CmdbStore.TypeAsync(connection, typeCode))?.Schema ?? [];
        var created = await connection.ExecuteScalarAsync<long>("SELECT MIN(at) FROM cmdb_ci_history WHERE ci_id = @id", new { id });
        return Results.Ok(new CiDto(id, typeCode, snapshot["code"]!.GetValue<string>(), snapshot["name"]!.GetValue<string>(),
            AttributeValidation.ForDisplay(schema, snapshot["attributes"] as JsonObject ?? []), UnixMs.ToTime(created), UnixMs.ToTime(row.At), row.Version));
    }
}
