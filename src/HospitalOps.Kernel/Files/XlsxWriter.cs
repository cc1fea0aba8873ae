using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace HospitalOps.Kernel.Files;

/// <summary>
/// Writes an .xlsx workbook sheet by sheet and row by row straight into a stream, so an export of a year of records never holds
/// its rows in memory: each row is written as it is produced. Text cells are inline strings (codes like 001 or 1E3 stay as
/// written); numbers are numeric cells a reviewer can sum. Sheets may be listed in the workbook in another order than they were
/// written, so a summary known only after the rows can still be the first tab.
/// </summary>
public sealed class XlsxWriter : IDisposable
{
    /// <summary>Excel's limit on the characters of one cell.</summary>
    public const int MaxCellLength = 32_767;

    private static readonly XmlWriterSettings XmlSettings = new() { Encoding = new UTF8Encoding(false), CloseOutput = true };
    private const string SheetNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    private readonly ZipArchive _zip;
    private readonly List<(int Number, string Name, bool First)> _sheets = [];
    private XmlWriter? _sheet;
    private int _rowNumber;
    private bool _completed;

    /// <param name="output">Any writable stream; it need not be seekable. It stays open.</param>
    public XlsxWriter(Stream output)
    {
        _zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
    }

    /// <summary>Starts the next sheet (ending the one before).</summary>
    /// <param name="name">The tab's name; cut to Excel's 31 characters, characters Excel forbids replaced.</param>
    /// <param name="widths">Column widths in characters, from the first column.</param>
    /// <param name="listFirst">List this sheet before those written earlier (a summary written after its rows).</param>
    public void BeginSheet(string name, IReadOnlyList<double>? widths = null, bool listFirst = false)
    {
        EndSheet();
        var number = _sheets.Count + 1;
        _sheets.Add((number, SheetName(name, number), listFirst));
        _sheet = XmlWriter.Create(_zip.CreateEntry($"xl/worksheets/sheet{number}.xml", CompressionLevel.Fastest).Open(), XmlSettings);
        _sheet.WriteStartDocument(true);
        _sheet.WriteStartElement("worksheet", SheetNamespace);
        if (widths is { Count: > 0 })
        {
            _sheet.WriteStartElement("cols");
            for (var i = 0; i < widths.Count; i++)
            {
                _sheet.WriteStartElement("col");
                var column = (i + 1).ToString(CultureInfo.InvariantCulture);
                _sheet.WriteAttributeString("min", column);
                _sheet.WriteAttributeString("max", column);
                _sheet.WriteAttributeString("width", widths[i].ToString("0.##", CultureInfo.InvariantCulture));
                _sheet.WriteAttributeString("customWidth", "1");
                _sheet.WriteEndElement();
            }

            _sheet.WriteEndElement();
        }

        _sheet.WriteStartElement("sheetData");
        _rowNumber = 0;
    }

    /// <summary>Appends a row: <c>null</c> is an empty cell, numbers are numeric cells, anything else its invariant text.</summary>
    public void WriteRow(IEnumerable<object?> values)
    {
        var sheet = _sheet ?? throw new InvalidOperationException("BeginSheet first");
        _rowNumber++;
        sheet.WriteStartElement("row");
        sheet.WriteAttributeString("r", _rowNumber.ToString(CultureInfo.InvariantCulture));
        var column = 0;
        foreach (var value in values)
        {
            column++;
            if (value is null)
            {
                continue;
            }

            sheet.WriteStartElement("c");
            sheet.WriteAttributeString("r", ColumnName(column) + _rowNumber.ToString(CultureInfo.InvariantCulture));
            switch (value)
            {
                case int or long or short or byte or uint or ulong or decimal:
                    sheet.WriteElementString("v", Convert.ToString(value, CultureInfo.InvariantCulture));
                    break;
                case double d when double.IsFinite(d):
                    sheet.WriteElementString("v", d.ToString("R", CultureInfo.InvariantCulture));
                    break;
                case float f when float.IsFinite(f):
                    sheet.WriteElementString("v", ((double)f).ToString("R", CultureInfo.InvariantCulture));
                    break;
                default:
                    sheet.WriteAttributeString("t", "inlineStr");
                    sheet.WriteStartElement("is");
                    sheet.WriteStartElement("t");
                    sheet.WriteAttributeString("xml", "space", null, "preserve");
                    sheet.WriteString(CellText(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty));
                    sheet.WriteEndElement();
                    sheet.WriteEndElement();
                    break;
            }

            sheet.WriteEndElement();
        }

        sheet.WriteEndElement();
    }

    /// <summary>Ends the last sheet and writes the workbook around the sheets; the stream then holds a complete file.</summary>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }

        EndSheet();
        if (_sheets.Count == 0)
        {
            BeginSheet("Sheet1");
            EndSheet();
        }

        var listed = _sheets.Where(s => s.First).Concat(_sheets.Where(s => !s.First)).ToList();
        Part("[Content_Types].xml", w =>
        {
            w.WriteStartElement("Types", "http://schemas.openxmlformats.org/package/2006/content-types");
            Default(w, "rels", "application/vnd.openxmlformats-package.relationships+xml");
            Default(w, "xml", "application/xml");
            Override(w, "/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml");
            foreach (var s in _sheets)
            {
                Override(w, $"/xl/worksheets/sheet{s.Number}.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml");
            }

            w.WriteEndElement();
        });
        Part("_rels/.rels", w =>
        {
            w.WriteStartElement("Relationships", "http://schemas.openxmlformats.org/package/2006/relationships");
            Relationship(w, "rId1", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument", "xl/workbook.xml");
            w.WriteEndElement();
        });
        Part("xl/_rels/workbook.xml.rels", w =>
        {
            w.WriteStartElement("Relationships", "http://schemas.openxmlformats.org/package/2006/relationships");
            foreach (var s in _sheets)
            {
                Relationship(w, $"rId{s.Number}", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet", $"worksheets/sheet{s.Number}.xml");
            }

            w.WriteEndElement();
        });
        Part("xl/workbook.xml", w =>
        {
            w.WriteStartElement("workbook", SheetNamespace);
            w.WriteAttributeString("xmlns", "r", null, "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
            w.WriteStartElement("sheets");
            foreach (var s in listed)
            {
                w.WriteStartElement("sheet");
                w.WriteAttributeString("name", s.Name);
                w.WriteAttributeString("sheetId", s.Number.ToString(CultureInfo.InvariantCulture));
                w.WriteAttributeString("id", "http://schemas.openxmlformats.org/officeDocument/2006/relationships", $"rId{s.Number}");
                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteEndElement();
        });
        _completed = true;
        _zip.Dispose();
    }

    public void Dispose()
    {
        if (!_completed)
        {
            _sheet?.Dispose();
            _zip.Dispose();
        }
    }

    /// <summary>A1-style column letters: 1 → A, 27 → AA.</summary>
    public static string ColumnName(int column)
    {
        var name = string.Empty;
        for (var n = column; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    private void EndSheet()
    {
        if (_sheet is null)
        {
            return;
        }

        _sheet.WriteEndElement();
        _sheet.WriteEndElement();
        _sheet.WriteEndDocument();
        _sheet.Dispose();
        _sheet = null;
    }

    private void Part(string path, Action<XmlWriter> write)
    {
        using var w = XmlWriter.Create(_zip.CreateEntry(path, CompressionLevel.Fastest).Open(), XmlSettings);
        w.WriteStartDocument(true);
        write(w);
        w.WriteEndDocument();
    }

    private static void Default(XmlWriter w, string extension, string contentType)
    {
        w.WriteStartElement("Default");
        w.WriteAttributeString("Extension", extension);
        w.WriteAttributeString("ContentType", contentType);
        w.WriteEndElement();
    }

    private static void Override(XmlWriter w, string part, string contentType)
    {
        w.WriteStartElement("Override");
        w.WriteAttributeString("PartName", part);
        w.WriteAttributeString("ContentType", contentType);
        w.WriteEndElement();
    }

    private static void Relationship(XmlWriter w, string id, string type, string target)
    {
        w.WriteStartElement("Relationship");
        w.WriteAttributeString("Id", id);
        w.WriteAttributeString("Type", type);
        w.WriteAttributeString("Target", target);
        w.WriteEndElement();
    }

    /// <summary>Text a cell can hold: characters XML cannot carry (control characters pasted from elsewhere) dropped, cut to Excel's limit.</summary>
    private static string CellText(string text)
    {
        if (!text.All(XmlConvert.IsXmlChar))
        {
            var kept = new StringBuilder(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    kept.Append(text, i++, 2);
                }
                else if (XmlConvert.IsXmlChar(text[i]))
                {
                    kept.Append(text[i]);
                }
            }

            text = kept.ToString();
        }

        if (text.Length <= MaxCellLength)
        {
            return text;
        }

        // Never cut between the two halves of a character outside the basic plane.
        return text[..(char.IsHighSurrogate(text[MaxCellLength - 1]) ? MaxCellLength - 1 : MaxCellLength)];
    }

    private static string SheetName(string name, int number)
    {
        var cleaned = new string(name.Select(c => c is ':' or '\\' or '/' or '?' or '*' or '[' or ']' ? '_' : c).ToArray()).Trim('\'').Trim();
        if (cleaned.Length == 0)
        {
            cleaned = "Sheet" + number.ToString(CultureInfo.InvariantCulture);
        }

        return cleaned.Length > 31 ? cleaned[..31] : cleaned;
    }
}
