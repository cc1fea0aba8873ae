using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace HospitalOps.ServiceDesk.Tests.Records;

/// <summary>An .xlsx file opened with the OpenXml SDK, as Excel would see it: the tabs in their order, each as rows of cell text.</summary>
internal sealed class Workbook
{
    private Workbook(List<(string Name, List<List<string>> Rows)> sheets) => Sheets = sheets;

    public List<(string Name, List<List<string>> Rows)> Sheets { get; }

    public List<List<string>> this[string name] => Sheets.Single(s => s.Name == name).Rows;

    public static Workbook Open(byte[] bytes)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var part = document.WorkbookPart!;
        var sheets = new List<(string, List<List<string>>)>();
        foreach (var sheet in part.Workbook.Sheets!.Elements<Sheet>())
        {
            var worksheet = (WorksheetPart)part.GetPartById(sheet.Id!.Value!);
            var rows = new List<List<string>>();
            foreach (var row in worksheet.Worksheet.Descendants<Row>())
            {
                var values = new List<string>();
                foreach (var cell in row.Elements<Cell>())
                {
                    var column = Column(cell.CellReference!.Value!);
                    while (values.Count < column)
                    {
                        values.Add("");
                    }

                    values.Add(cell.DataType?.Value == CellValues.InlineString ? cell.InlineString!.InnerText : cell.CellValue?.Text ?? "");
                }

                rows.Add(values);
            }

            sheets.Add((sheet.Name!.Value!, rows));
        }

        return new Workbook(sheets);
    }

    /// <summary>The value of the row whose first cell is <paramref name="label"/> (the summary tab's layout).</summary>
    public string Value(string sheet, string label) => this[sheet].Single(r => r.Count > 1 && r[0] == label)[1];

    private static int Column(string reference) => reference.TakeWhile(char.IsAsciiLetterUpper).Aggregate(0, (n, c) => (n * 26) + (c - 'A' + 1)) - 1;
}
