using HospitalOps.Kernel.Files;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using HospitalOps.Cmdb.Cis;
using HospitalOps.Cmdb.Model;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Cmdb.Transfer;

/// <summary>A problem with one cell or row of an import, by the sheet's own row number.</summary>
public sealed record ImportError(int Row, string? Field, string Code, string Message);

public sealed record ImportResult(bool DryRun, bool Applied, int Rows, int Created, int Updated, IReadOnlyList<ImportError> Errors);

/// <summary>
/// Bulk import of one CI type from CSV or XLSX: a header row (code, name and attribute names or
/// their labels), then one CI per row, created or, when the code exists, updated. Every row goes
/// through the same validation as a single write, inside one transaction: with any error nothing
/// is applied and every bad row is reported; a dry run always rolls back.
/// </summary>
internal sealed class ImportCis(Databases databases, SaveCi saveCi, IAuditTrail audit)
{
    private const int MaxRows = 50_000;

    public async Task<ImportResult> Handle(CurrentUser user, string typeCode, List<(int Number, List<string> Values)> table, bool dryRun, string language, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var type = await CmdbStore.TypeAsync(connection, typeCode, tx) ?? throw AppProblem.NotFound();
        var errors = new List<ImportError>();
        ImportError Error(int row, string? field, string code) => new(row, field, code, ErrorCatalog.Message(code, language));
        if (table.Count == 0)
        {
            errors.Add(Error(1, null, "import_empty"));
            return new ImportResult(dryRun, false, 0, 0, 0, errors);
        }

        if (table.Count - 1 > MaxRows)
        {
            errors.Add(Error(1, null, "import_too_many_rows"));
            return new ImportResult(dryRun, false, table.Count - 1, 0, 0, errors);
        }

        var columns = MapHeader(table[0].Values, type.Schema, out var headerErrors);
        errors.AddRange(headerErrors.Select(h => Error(table[0].Number, h, "unknown_column")));
        if (!columns.Contains("code") || !columns.Contains("name"))
        {
            errors.Add(Error(table[0].Number, null, "import_needs_code_and_name"));
        }

        if (errors.Count > 0)
        {
            return new ImportResult(dryRun, false, table.Count - 1, 0, 0, errors);
        }

        int created = 0, updated = 0;
        var seenCodes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (number, values) in table.Skip(1))
        {
            string Cell(string column)
            {
                var index = Array.IndexOf(columns, column);
                var text = index >= 0 && index < values.Count ? values[index].Trim() : string.Empty;
                // Export guards formula characters with a leading apostrophe; take it off again.
                return text.Length > 1 && text[0] == '\'' && "=+-@".Contains(text[1], StringComparison.Ordinal) ? text[1..] : text;
            }

            var code = Cell("code");
            if (code.Length > 0 && !seenCodes.TryAdd(code, number))
            {
                errors.Add(Error(number, "code", "import_duplicate_code"));
                continue;
            }

            var attributes = new JsonObject();
            foreach (var column in columns.Where(c => c is not ("code" or "name" or "")))
            {
                var value = Cell(column);
                if (value.Length > 0)
                {
                    attributes[column] = value;
                }
            }

            var existing = code.Length == 0 ? null : await connection.QueryFirstOrDefaultAsync<CiRow>(CmdbStore.CiSelect + " WHERE code = @code", new { code }, tx);
            if (existing is not null && existing.TypeCode != typeCode)
            {
                errors.Add(Error(number, "code", "code_taken"));
                continue;
            }

            try
            {
                await saveCi.SaveAsync(connection, tx, user, existing, new SaveCiRequest(typeCode, code, Cell("name"), attributes, existing?.Version), ct);
                if (existing is null)
                {
                    created++;
                }
                else
                {
                    updated++;
                }
            }
            catch (AppProblem problem)
            {
                if (problem.FieldErrors is { Count: > 0 } fields)
                {
                    errors.AddRange(fields.Select(f => Error(number, f.Key.StartsWith("attributes.", StringComparison.Ordinal) ? f.Key["attributes.".Length..] : f.Key, f.Value)));
                }
                else
                {
                    errors.Add(Error(number, null, problem.Code));
                }
            }
        }

        var applied = errors.Count == 0 && !dryRun;
        if (applied)
        {
            await audit.RecordAsync(new AuditEntry("cmdb.import", "ci_type", typeCode, AuditEntry.Success, $"{created} created, {updated} updated"), connection, tx, ct: ct);
            await tx.CommitAsync(ct);
        }
        else
        {
            await tx.RollbackAsync(ct);
        }

        return new ImportResult(dryRun, applied, table.Count - 1, created, updated, errors);
    }

    /// <summary>Column → "code", "name", an attribute name, or "" for an unknown column (reported).</summary>
    private static string[] MapHeader(List<string> header, IReadOnlyList<AttributeDefinition> schema, out List<string> unknown)
    {
        unknown = [];
        var columns = new string[header.Count];
        for (var i = 0; i < header.Count; i++)
        {
            var h = header[i].Trim().TrimStart('\uFEFF');
            var match = h.ToLowerInvariant() switch
            {
                "code" or "编码" => "code",
                "name" or "名称" => "name",
                _ => schema.FirstOrDefault(a => string.Equals(a.Name, h, StringComparison.OrdinalIgnoreCase) || a.LabelZh == h || string.Equals(a.LabelEn, h, StringComparison.OrdinalIgnoreCase))?.Name,
            };
            if (match is null && h.Length > 0)
            {
                unknown.Add(h);
            }

            columns[i] = match ?? string.Empty;
        }

        return columns;
    }

    internal static async Task<IResult> Endpoint(HttpContext context, string code, bool? dryRun, ImportCis handler, CancellationToken ct)
    {
        var contentType = context.Request.ContentType ?? string.Empty;
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        List<(int, List<string>)> table;
        try
        {
            table = contentType.Contains("spreadsheetml", StringComparison.OrdinalIgnoreCase) || IsZip(buffer)
                ? XlsxTable.Read(buffer)
                : CsvTable.Parse(new UTF8Encoding(false, true).GetString(buffer.ToArray()));
        }
        catch (Exception ex) when (ex is DecoderFallbackException or InvalidDataException or DocumentFormat.OpenXml.Packaging.OpenXmlPackageException or System.IO.FileFormatException or ArgumentException)
        {
            throw new AppProblem(400, "import_unreadable");
        }

        var result = await handler.Handle(CurrentUser.Of(context), code, table, dryRun ?? false, RequestLanguage.Of(context), ct);
        return result.Errors.Count > 0 && !result.DryRun
            ? Results.Json(new { code = "import_rejected", title = ErrorCatalog.Message("import_rejected", RequestLanguage.Of(context)), status = 400, result }, statusCode: 400)
            : Results.Ok(result);
    }

    private static bool IsZip(MemoryStream buffer) =>
        buffer.Length > 4 && buffer.GetBuffer()[0] == (byte)'P' && buffer.GetBuffer()[1] == (byte)'K';
}
