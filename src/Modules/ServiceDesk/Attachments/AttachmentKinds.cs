using System.IO.Compression;
using System.Text;
using System.Text.Unicode;

namespace HospitalOps.ServiceDesk.Attachments;

/// <summary>
/// What a file is, judged from its bytes, never from the name or the type the browser claims: both are the uploader's to
/// choose. The content type an attachment is served with comes from here, so a page written as HTML and named photo.png is
/// refused, and a text file is text/plain whatever it says inside.
/// </summary>
/// <param name="ContentType">the type it is served with</param>
/// <param name="Extensions">the extensions a file of this kind may have; the first is added to a name that has none of them</param>
/// <param name="IsImage">shown in the browser (thumbnails, the gallery); everything else is downloaded</param>
internal sealed record AttachmentKind(string Key, string ContentType, string[] Extensions, bool IsImage = false);

internal static class AttachmentKinds
{
    public static readonly AttachmentKind Jpeg = new("jpeg", "image/jpeg", [".jpg", ".jpeg"], IsImage: true);
    public static readonly AttachmentKind Png = new("png", "image/png", [".png"], IsImage: true);
    public static readonly AttachmentKind Gif = new("gif", "image/gif", [".gif"], IsImage: true);
    public static readonly AttachmentKind Webp = new("webp", "image/webp", [".webp"], IsImage: true);
    public static readonly AttachmentKind Pdf = new("pdf", "application/pdf", [".pdf"]);
    public static readonly AttachmentKind Zip = new("zip", "application/zip", [".zip"]);
    public static readonly AttachmentKind Docx = new("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", [".docx", ".docm", ".wps"]);
    public static readonly AttachmentKind Xlsx = new("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [".xlsx", ".xlsm", ".et"]);
    public static readonly AttachmentKind Pptx = new("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", [".pptx", ".pptm", ".dps"]);
    public static readonly AttachmentKind Odt = new("odt", "application/vnd.oasis.opendocument.text", [".odt"]);
    public static readonly AttachmentKind Ods = new("ods", "application/vnd.oasis.opendocument.spreadsheet", [".ods"]);
    public static readonly AttachmentKind Odp = new("odp", "application/vnd.oasis.opendocument.presentation", [".odp"]);
    public static readonly AttachmentKind Doc = new("doc", "application/msword", [".doc", ".wps"]);
    public static readonly AttachmentKind Xls = new("xls", "application/vnd.ms-excel", [".xls", ".et"]);
    public static readonly AttachmentKind Ppt = new("ppt", "application/vnd.ms-powerpoint", [".ppt", ".dps"]);

    private static readonly string[] TextExtensions =
        [".txt", ".log", ".csv", ".tsv", ".json", ".xml", ".yaml", ".yml", ".ini", ".conf", ".cfg", ".properties", ".md", ".sql", ".out", ".err", ".trc"];

    public static readonly AttachmentKind Utf8Text = new("text", "text/plain; charset=utf-8", TextExtensions);

    // Hospital servers and their Windows clients write logs in the Chinese code page as often as in UTF-8.
    public static readonly AttachmentKind ChineseText = new("text", "text/plain; charset=gb18030", TextExtensions);
    public static readonly AttachmentKind Utf16Text = new("text", "text/plain; charset=utf-16", TextExtensions);

    /// <summary>The kind of <paramref name="bytes"/>, or null for anything not allowed (programs, scripts, HTML pages, SVG, archives other than zip…).</summary>
    public static AttachmentKind? Sniff(ReadOnlySpan<byte> bytes, string fileName)
    {
        if (bytes.Length == 0)
        {
            return null;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Png;
        }

        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8))
        {
            return Gif;
        }

        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
        {
            return Webp;
        }

        if (bytes.StartsWith("%PDF-"u8))
        {
            return Pdf;
        }

        if (bytes.StartsWith("PK\x03\x04"u8) || bytes.StartsWith("PK\x05\x06"u8))
        {
            return ZipKind(bytes);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            // The compound file format holds Word, Excel and PowerPoint 97–2003 documents, and also installers (.msi) and
            // mail (.msg): only the document extensions are taken.
            var extension = Path.GetExtension(fileName).ToLowerInvariant();
            return new[] { Doc, Xls, Ppt }.FirstOrDefault(k => k.Extensions.Contains(extension));
        }

        return TextKind(bytes);
    }

    /// <summary>Office documents and OpenDocument files are zip archives: which one is read from the archive's entries.</summary>
    private static AttachmentKind? ZipKind(ReadOnlySpan<byte> bytes)
    {
        try
        {
            using var archive = new ZipArchive(new MemoryStream(bytes.ToArray(), writable: false), ZipArchiveMode.Read);
            var names = archive.Entries.Select(e => e.FullName).ToList();
            if (names.Contains("[Content_Types].xml"))
            {
                if (names.Any(n => n.StartsWith("word/", StringComparison.Ordinal)))
                {
                    return Docx;
                }

                if (names.Any(n => n.StartsWith("xl/", StringComparison.Ordinal)))
                {
                    return Xlsx;
                }

                if (names.Any(n => n.StartsWith("ppt/", StringComparison.Ordinal)))
                {
                    return Pptx;
                }
            }

            if (archive.GetEntry("mimetype") is { Length: < 100 } mimetype)
            {
                using var reader = new StreamReader(mimetype.Open(), Encoding.ASCII);
                var declared = reader.ReadToEnd().Trim();
                var found = new[] { Odt, Ods, Odp }.FirstOrDefault(k => k.ContentType == declared);
                if (found is not null)
                {
                    return found;
                }
            }

            return Zip;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>
    /// Text: no NUL bytes (binary formats are full of them) and hardly any other control character; UTF-8 when it decodes as
    /// UTF-8, else the Chinese code page. UTF-16 text (Windows exports) is known by its byte order mark.
    /// </summary>
    private static AttachmentKind? TextKind(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 2 && bytes.Length % 2 == 0 && (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])))
        {
            return Utf16Text;
        }

        var controls = 0;
        foreach (var b in bytes)
        {
            if (b == 0)
            {
                return null;
            }

            // tab, line feed, form feed, carriage return and escape (coloured log lines) are text
            if (b < 0x20 && b is not (0x09 or 0x0A or 0x0C or 0x0D or 0x1B) || b == 0x7F)
            {
                controls++;
            }
        }

        if (controls > bytes.Length / 200)
        {
            return null;
        }

        return Utf8.IsValid(bytes) ? Utf8Text : ChineseText;
    }
}
