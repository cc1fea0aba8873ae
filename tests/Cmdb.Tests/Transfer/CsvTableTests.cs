using HospitalOps.Kernel.Files;
using HospitalOps.Cmdb.Transfer;

namespace HospitalOps.Cmdb.Tests.Transfer;

public sealed class CsvTableTests
{
    [Fact]
    public void Parse_QuotesCommasNewlinesAndBom_KeepLineNumbers()
    {
        var rows = CsvTable.Parse("\uFEFFcode,name\r\n\"db-1\",\"库, 主\"\r\n\r\ndb-2,\"两\n行\"\ndb-3,\"say \"\"hi\"\"\"\n");
        rows.Select(r => r.Number).ShouldBe([1, 2, 4, 6]);
        rows[1].Values.ShouldBe(["db-1", "库, 主"]);
        rows[2].Values.ShouldBe(["db-2", "两\n行"]);
        rows[3].Values.ShouldBe(["db-3", "say \"hi\""]);
    }

    [Fact]
    public void Write_ThenParse_RoundTrips_AndGuardsFormulas()
    {
        var text = CsvTable.Write([["code", "name"], ["a,b", "=1+2"], ["x\"y", "-5"]]);
        text.ShouldContain("'=1+2");
        var rows = CsvTable.Parse(text);
        rows[1].Values.ShouldBe(["a,b", "'=1+2"]);
        rows[2].Values.ShouldBe(["x\"y", "-5"]);
    }

    [Fact]
    public void Xlsx_WriteThenRead_RoundTrips()
    {
        var bytes = XlsxTable.Write("业务系统", [["code", "name", "level"], ["emr", "电子病历系统", "1"], ["001", "以零开头", ""]]);
        var rows = XlsxTable.Read(new MemoryStream(bytes));
        rows.Select(r => r.Number).ShouldBe([1, 2, 3]);
        rows[1].Values.ShouldBe(["emr", "电子病历系统", "1"]);
        rows[2].Values[0].ShouldBe("001");
    }
}
