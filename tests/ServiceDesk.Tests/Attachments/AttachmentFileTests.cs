using System.IO.Compression;
using System.Text;
using HospitalOps.ServiceDesk.Attachments;

namespace HospitalOps.ServiceDesk.Tests.Attachments;

/// <summary>What a file is, from its bytes; and the name it is kept under.</summary>
public sealed class AttachmentFileTests
{
    internal static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private static byte[] ZipWith(params string[] entries)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(entry).Open());
                writer.Write(entry == "mimetype" ? "application/vnd.oasis.opendocument.spreadsheet" : "<x/>");
            }
        }

        return buffer.ToArray();
    }

    [Fact]
    public void Images_AreKnownByTheirSignatures()
    {
        AttachmentKinds.Sniff(Png, "x")!.ContentType.ShouldBe("image/png");
        AttachmentKinds.Sniff([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], "IMG_2041.JPG")!.ContentType.ShouldBe("image/jpeg");
        AttachmentKinds.Sniff("GIF89a\x01\x00"u8, "a.gif")!.ContentType.ShouldBe("image/gif");
        AttachmentKinds.Sniff("RIFF\x10\x00\x00\x00WEBPVP8 "u8, "a.webp")!.ContentType.ShouldBe("image/webp");
        AttachmentKinds.Sniff(Png, "x")!.IsImage.ShouldBeTrue();
    }

    [Fact]
    public void Documents_AreKnownByTheirContent()
    {
        AttachmentKinds.Sniff("%PDF-1.7\n"u8, "报告.pdf")!.Key.ShouldBe("pdf");
        AttachmentKinds.Sniff(ZipWith("[Content_Types].xml", "word/document.xml"), "a.docx")!.Key.ShouldBe("docx");
        AttachmentKinds.Sniff(ZipWith("[Content_Types].xml", "xl/workbook.xml"), "a.xlsx")!.Key.ShouldBe("xlsx");
        AttachmentKinds.Sniff(ZipWith("[Content_Types].xml", "ppt/presentation.xml"), "a.pptx")!.Key.ShouldBe("pptx");
        AttachmentKinds.Sniff(ZipWith("mimetype", "content.xml"), "a.ods")!.Key.ShouldBe("ods");
        AttachmentKinds.Sniff(ZipWith("logs/alert.log"), "logs.zip")!.Key.ShouldBe("zip");
        AttachmentKinds.Sniff([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0], "巡检记录.xls")!.Key.ShouldBe("xls");
        AttachmentKinds.Sniff(ZipWith("a"), "x")!.IsImage.ShouldBeFalse();
    }

    [Fact]
    public void Text_IsUtf8OrTheChineseCodePage()
    {
        AttachmentKinds.Sniff(Encoding.UTF8.GetBytes("2026-11-02 09:30:01 ORA-00060: 等待资源时检测到死锁\r\n"), "alert.log")!.ContentType.ShouldBe("text/plain; charset=utf-8");
        // 数据库连接失败 in GBK
        byte[] gbk = [0xCA, 0xFD, 0xBE, 0xDD, 0xBF, 0xE2, 0xC1, 0xAC, 0xBD, 0xD3, 0xCA, 0xA7, 0xB0, 0xDC, 0x0D, 0x0A];
        AttachmentKinds.Sniff(gbk, "client.log")!.ContentType.ShouldBe("text/plain; charset=gb18030");
        AttachmentKinds.Sniff([0xFF, 0xFE, (byte)'a', 0, (byte)'b', 0], "event.txt")!.ContentType.ShouldBe("text/plain; charset=utf-16");
    }

    [Theory]
    [InlineData("MZ\x90\x00\x03\x00\x00\x00", "setup.exe")]
    [InlineData("\x7F" + "ELF\x02\x01\x01\x00", "agent")]
    [InlineData("Rar!\x1A\x07\x00", "logs.rar")]
    [InlineData("\x1F\x8B\x08\x00", "logs.tar.gz")]
    public void Programs_AndOtherBinaries_AreRefused(string bytes, string name) =>
        AttachmentKinds.Sniff(Encoding.Latin1.GetBytes(bytes), name).ShouldBeNull();

    [Fact]
    public void CompoundFiles_OtherThanOfficeDocuments_AreRefused() =>
        AttachmentKinds.Sniff([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0], "installer.msi").ShouldBeNull();

    [Fact]
    public void ABrokenZip_IsRefused() => AttachmentKinds.Sniff("PK\x03\x04garbage"u8, "a.zip").ShouldBeNull();

    [Fact]
    public void NothingAtAll_IsRefused() => AttachmentKinds.Sniff([], "a.txt").ShouldBeNull();

    [Fact]
    public void HtmlAndSvg_AreOnlyEverText()
    {
        // Served as text/plain, never as a page: what matters is the type it is served with, and the name it is saved under.
        var html = AttachmentKinds.Sniff("<html><script>alert(1)</script></html>"u8, "photo.png")!;
        html.ContentType.ShouldBe("text/plain; charset=utf-8");
        AttachmentNames.Sanitise("photo.png", html).ShouldBe("photo.png.txt");
        AttachmentNames.Sanitise("page.svg", AttachmentKinds.Sniff("<svg onload=alert(1)/>"u8, "page.svg")!).ShouldBe("page.svg.txt");
    }

    [Theory]
    [InlineData("机房照片.png", "机房照片.png")]
    [InlineData("C:\\Users\\张伟\\Desktop\\error.png", "error.png")]
    [InlineData("../../etc/passwd.png", "passwd.png")]
    [InlineData("  .hidden.png ", "hidden.png")]
    [InlineData("a<b>c:d\"e|f?g*.png", "a_b_c_d_e_f_g_.png")]
    [InlineData("invoice\u202Egnp.exe.png", "invoicegnp.exe.png")]
    [InlineData("line\r\nbreak\t.png", "linebreak.png")]
    [InlineData("CON.png", "_CON.png")]
    [InlineData("", "attachment.png")]
    [InlineData("...", "attachment.png")]
    [InlineData("IMG_2041.jpeg.html", "IMG_2041.jpeg.html.png")]
    [InlineData("screenshot", "screenshot.png")]
    [InlineData("SCAN.PNG", "SCAN.PNG")]
    public void Names_AreMadeSafe(string raw, string kept) => AttachmentNames.Sanitise(raw, AttachmentKinds.Png).ShouldBe(kept);

    [Fact]
    public void LongNames_AreCut_KeepingTheExtension()
    {
        var name = AttachmentNames.Sanitise(new string('长', 300) + ".png", AttachmentKinds.Png);
        name.Length.ShouldBe(AttachmentNames.MaxLength);
        name.ShouldEndWith("长.png");
        AttachmentNames.Sanitise(string.Concat(Enumerable.Repeat("😀", 100)) + ".png", AttachmentKinds.Png).ShouldNotContain("\uFFFD");
    }
}
