using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace HospitalOps.Kernel.Files;

/// <summary>The first worksheet of an .xlsx file as rows of text, and rows of text as an .xlsx file (<see cref="XlsxWriter"/> streams larger ones).</summary>
public static class XlsxTable
{
    public static List<(int Number, List<string> Values)> Read(Stream stream)
    {
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart ?? throw new InvalidDataException("no workbook");
        var sheet = workbook.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new InvalidDataException("no worksheet");
        var part = (WorksheetPart)workbook.GetPartById(sheet.Id!.Value!);
        var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        var rows = new List<(int, List<string>)>();
        var number = 0;
        foreach (var row in part.Worksheet.Descendants<Row>())
        {
            number = row.RowIndex?.Value is { } index ? (int)index : number + 1;
            var values = new List<string>();
            foreach (var cell in row.Elements<Cell>())
            {
                var column = ColumnIndex(cell.CellReference?.Value) ?? values.Count;
                while (values.Count < column)
                {
                    values.Add(string.Empty);
                }

                values.Add(Text(cell, shared));
            }

            if (values.Any(v => v.Length > 0))
            {
                rows.Add((number, values));
            }
        }

        return rows;
    }

    public static byte[] Write(string sheetName, IEnumerable<IReadOnlyList<string>> rows)
    {
        using var memory = new MemoryStream();
        using (var writer = new XlsxWriter(memory))
        {
            writer.BeginSheet(sheetName);
            foreach (var values in rows)
            {
                writer.WriteRow(values);
            }

            writer.Complete();
        }

        return memory.ToArray();
    }

    private static string Text(Cell cell, List<string> shared)
    {
        if (cell.DataType?.Value == CellValues.SharedString && int.TryParse(cell.CellValue?.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index))
        {
            return index >= 0 && index < shared.Count ? shared[index] : string.Empty;
        }

        if (cell.DataType?.Value == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText ?? string.Empty;
        }

        if (cell.DataType?.Value == CellValues.Boolean)
        {
            return cell.CellValue?.Text == "1" ? "true" : "false";
        }

        return cell.CellValue?.Text ?? string.Empty;
    }

    private static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var index = 0;
        foreach (var c in reference)
        {
            if (!char.IsAsciiLetterUpper(c))
            {
                break;
            }

            index = (index * 26) + (c - 'A' + 1);
        }

        return index - 1;
    }
}
