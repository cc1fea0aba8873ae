using HospitalOps.Kernel.Files;
using System.Globalization;
using HospitalOps.Cmdb.Availability;
using HospitalOps.Cmdb.Transfer;
using HospitalOps.Kernel.Data;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Cmdb.Analysis;

public sealed record MatrixCellDto(long BusinessId, long ComponentId, string Cell);

public sealed record FailureMatrixResponse(IReadOnlyList<CiRef> Businesses, IReadOnlyList<CiRef> Components, IReadOnlyList<MatrixCellDto> Cells);

/// <summary>
/// The component failure matrix (组件故障影响矩阵): for each business system and each component
/// it depends on, X (its failure alone takes the business down), M (down until a cold standby is
/// switched in) or A (covered: hot standby or a surviving cluster). As JSON or as an XLSX sheet.
/// </summary>
internal static class BuildFailureMatrix
{
    internal static async Task<IResult> Endpoint(HttpContext context, long[]? business, string? format, GraphCache graphs, Databases databases, CancellationToken ct)
    {
        var graph = await graphs.GetAsync(ct);
        var matrix = graph.Matrix(business is { Length: > 0 } ? business : null);
        var names = await CiNames.LoadAsync(databases, matrix.Rows.Select(r => r.BusinessId).Concat(matrix.ComponentIds), ct);
        var businesses = matrix.Rows.Select(r => names.Of(r.BusinessId)).OrderBy(b => b.Code, StringComparer.Ordinal).ToList();
        var components = matrix.ComponentIds.Select(names.Of).OrderBy(c => c.Type, StringComparer.Ordinal).ThenBy(c => c.Code, StringComparer.Ordinal).ToList();
        var cells = matrix.Rows.SelectMany(r => r.Cells.Select(c => new MatrixCellDto(r.BusinessId, c.Key, ((char)c.Value).ToString()))).ToList();
        if (string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase))
        {
            var english = Kernel.Errors.RequestLanguage.Of(context) == Kernel.Errors.RequestLanguage.English;
            var lookup = cells.ToDictionary(c => (c.BusinessId, c.ComponentId), c => c.Cell);
            var rows = new List<IReadOnlyList<string>>
            {
                new[] { english ? "Component" : "组件", english ? "Type" : "类型", "Code" }.Concat(businesses.Select(b => b.Name)).ToList(),
            };
            rows.AddRange(components.Select(c => (IReadOnlyList<string>)new[] { c.Name, c.Type, c.Code }
                .Concat(businesses.Select(b => lookup.GetValueOrDefault((b.Id, c.Id), string.Empty))).ToList()));
            var stamp = DateTime.UtcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            return Results.File(XlsxTable.Write(english ? "Failure matrix" : "组件故障影响矩阵", rows), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"failure-matrix-{stamp}.xlsx");
        }

        return Results.Ok(new FailureMatrixResponse(businesses, components, cells));
    }
}
