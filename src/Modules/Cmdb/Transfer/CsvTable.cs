using System.Text;

namespace HospitalOps.Cmdb.Transfer;

/// <summary>
/// RFC 4180 CSV: quoted fields with doubled quotes, commas and line breaks inside quotes, CRLF or
/// LF line ends, an optional UTF-8 byte-order mark (what Excel writes for "CSV UTF-8").
/// </summary>
internal static class CsvTable
{
    public static List<(int Number, List<string> Values)> Parse(string text)
    {
        var rows = new List<(int, List<string>)>();
        var line = 1;
        var rowStart = 1;
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    row.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    row.Add(field.ToString());
                    field.Clear();
                    rows.Add((rowStart, row));
                    row = [];
                    line++;
                    rowStart = line;
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add((rowStart, row));
        }

        // Blank lines carry nothing; the others keep their line numbers for error messages.
        return rows.Where(r => r.Item2.Any(f => f.Length > 0)).ToList();
    }

    public static string Write(IEnumerable<IReadOnlyList<string>> rows)
    {
        var sb = new StringBuilder("\uFEFF");
        foreach (var row in rows)
        {
            sb.Append(string.Join(',', row.Select(Quote))).Append("\r\n");
        }

        return sb.ToString();
    }

    private static string Quote(string value)
    {
        if (value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal) && !double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            // A leading formula character would run as a formula when the sheet is opened.
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
