using Dapper;
using HospitalOps.Kernel.Data;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Identity.Org;

public sealed record OrgUnitDto(long Id, string Kind, string Code, string NameZh, string NameEn, long? ParentId, string? Contact, long MemberCount);

/// <summary>Departments, teams and vendors, for pickers and the user list.</summary>
internal static class ListOrgUnits
{
    private sealed class Row
    {
        public long Id { get; init; }

        public string Kind { get; init; } = string.Empty;

        public string Code { get; init; } = string.Empty;

        public string NameZh { get; init; } = string.Empty;

        public string NameEn { get; init; } = string.Empty;

        public long? ParentId { get; init; }

        public string? Contact { get; init; }

        public long MemberCount { get; init; }
    }

    internal static async Task<IResult> Endpoint(Databases databases, string? kind, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var rows = await connection.QueryAsync<Row>(
            """
            SELECT o.id, o.kind, o.code, o.name_zh AS NameZh, o.name_en AS NameEn, o.parent_id AS ParentId, o.contact,
              (SELECT COUNT(*) FROM users u WHERE u.org_unit_id = o.id) AS MemberCount
            FROM org_units o WHERE (CAST(@kind AS varchar(20)) IS NULL OR o.kind = @kind) ORDER BY o.kind, o.code
            """,
            new { kind });
        return Results.Ok(rows.Select(r => new OrgUnitDto(r.Id, r.Kind, r.Code, r.NameZh, r.NameEn, r.ParentId, r.Contact, r.MemberCount)).ToList());
    }
}
