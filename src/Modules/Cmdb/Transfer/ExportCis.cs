using HospitalOps.Kernel.Files;
using Dapper;
using HospitalOps.Cmdb.Model;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Cmdb.Transfer;

/// <summary>
/// All CIs of one type as CSV or XLSX, in the layout the import reads back (code, name, then the
/// attributes by name). Secrets leave as the mask, which an import keeps unchanged.
/// </summary>
internal static class ExportCis
{
    internal static async Task<IResult> Endpoint(string code, string? format, Databases databases, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var type = await CmdbStore.TypeAsync(connection, code) ?? throw AppProblem.NotFound();
        var schema = type.Schema;
        var rows = new List<IReadOnlyList<string>> { new[] { "code", "name" }.Concat(schema.Select(a => a.Name)).ToList() };
        foreach (var ci in await connection.QueryAsync<CiRow>(CmdbStore.CiSelect + " WHERE type_code = @code ORDER BY code", new { code }))
        {
            var attributes = AttributeValidation.ForDisplay(schema, ci.AttributeObject);
            rows.Add(new[] { ci.Code, ci.Name }.Concat(schema.Select(a => attributes[a.Name] switch
            {
                null => string.Empty,
                System.Text.Json.Nodes.JsonValue v when v.TryGetValue<string>(out var s) => s,
                var other => other.ToJsonString(),
            })).ToList());
        }

        var stamp = DateTime.UtcNow.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        if (string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase))
        {
            return Results.File(XlsxTable.Write(type.NameZh, rows), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"cmdb-{code}-{stamp}.xlsx");
        }

        return Results.File(System.Text.Encoding.UTF8.GetBytes(CsvTable.Write(rows)), "text/csv; charset=utf-8", $"cmdb-{code}-{stamp}.csv");
    }
}
