using System.Text.Json.Nodes;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Paging;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Cmdb.History;

public sealed record CiHistoryEntry(long Id, int Version, DateTimeOffset At, string UserName, string Action, JsonNode? Changes);

/// <summary>Who changed a CI, when, and what (newest first), including relations added or removed.</summary>
internal static class CiHistory
{
    private sealed class Row
    {
        public long Id { get; init; }

        public int Version { get; init; }

        public long At { get; init; }

        public string UserName { get; init; } = string.Empty;

        public string Action { get; init; } = string.Empty;

        public string Changes { get; init; } = "[]";
    }

    internal static async Task<IResult> Endpoint(long id, int? page, int? pageSize, Databases databases, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        await using var connection = await databases.Config.OpenAsync(ct);
        var total = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cmdb_ci_history WHERE ci_id = @id", new { id });
        var rows = await connection.QueryAsync<Row>(
            "SELECT id, version, at, user_name AS UserName, action, changes FROM cmdb_ci_history WHERE ci_id = @id ORDER BY at DESC, id DESC LIMIT @limit OFFSET @offset",
            new { id, limit = paging.PageSize, offset = paging.Offset });
        var items = rows.Select(r => new CiHistoryEntry(r.Id, r.Version, UnixMs.ToTime(r.At), r.UserName, r.Action, JsonNode.Parse(r.Changes))).ToList();
        return Results.Ok(new Page<CiHistoryEntry>(items, total, paging.PageNumber, paging.PageSize));
    }
}
