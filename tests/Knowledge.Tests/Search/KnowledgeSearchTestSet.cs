using System.Net;
using System.Text.Json;
using Dapper;
using HospitalOps.Knowledge.Demo;
using HospitalOps.Tests.Support;

namespace HospitalOps.Knowledge.Tests.Search;

/// <summary>
/// The knowledge search's test set over the demo articles, through the HTTP API, on the engine the suite runs on
/// (SQLite FTS5, or PostgreSQL full text): Chinese of one and two characters, English, codes, full-width input and
/// mixes, each with the article(s) a hospital engineer expects at the top.
/// </summary>
public sealed class KnowledgeSearchTestSet(DemoKnowledgeFixture fixture) : IClassFixture<DemoKnowledgeFixture>
{
    public static TheoryData<string, string[]> Queries => new()
    {
        { "宕机", ["host-down-ha"] },
        { "告警", ["alert-storm", "iris-journal"] },
        { "锁", ["oracle-lock", "ora-00060"] },
        { "Oracle锁等待", ["oracle-lock"] },
        { "ORA-00060", ["ora-00060"] },
        { "ＯＲＡ－０００６０", ["ora-00060"] },
        { "PACS 图像", ["pacs-echo"] },
        { "HIS 登录慢", ["weblogic-stuck"] },
        { "死锁", ["ora-00060"] },
        { "deadlock", ["ora-00060"] },
        { "表空间", ["tablespace-full"] },
        { "ORA-01653", ["tablespace-full"] },
        { "DICOM", ["pacs-echo"] },
        { "c-echo", ["pacs-echo"] },
        { "HL7", ["lis-hl7"] },
        { "检验结果不回传", ["lis-hl7"] },
        { "Kerberos", ["clock-drift"] },
        { "时钟漂移", ["clock-drift"] },
        { "电子签名", ["clock-drift"] },
        { "weblogic stuck", ["weblogic-stuck"] },
        { "STUCK线程", ["weblogic-stuck"] },
        { "PostgreSQL 复制延迟", ["pg-replication-lag"] },
        { "replication lag", ["pg-replication-lag"] },
        { "归档 写满", ["archivelog-full"] },
        { "ORA-00257", ["archivelog-full"] },
        { "交换机 端口", ["switch-flap"] },
        { "断网", ["switch-flap"] },
        { "腕带", ["wristband-printer"] },
        { "打印机", ["wristband-printer", "invoice-printer"] },
        { "发票打印", ["invoice-printer"] },
        { "高可用", ["host-down-ha"] },
        { "告警风暴", ["alert-storm"] },
        { "MySQL 主从", ["mysql-replication"] },
        { "Slave_SQL_Running", ["mysql-replication"] },
        { "SQL Server 阻塞", ["sqlserver-blocking"] },
        { "证书过期", ["tls-cert-expired"] },
        { "https", ["tls-cert-expired"] },
        { "IRIS 镜像", ["iris-journal"] },
        { "tomcat 502", ["tomcat-threads"] },
        { "Data Guard", ["dataguard-lag"] },
        { "收费窗口卡住", ["oracle-lock"] },
        { "预约挂号", ["tomcat-threads"] },
        { "磁盘空间不足了", ["iris-journal", "archivelog-full"] },
    };

    private static string TitleOf(string key) => DemoArticles.All.Single(a => a.Key == key).Title;

    private async Task<List<JsonElement>> SearchAsync(string q, string extra = "")
    {
        var response = await fixture.Reader.GetAsync($"/api/v1/knowledge/articles?q={Uri.EscapeDataString(q)}{extra}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.JsonAsync()).GetProperty("items").EnumerateArray().ToList();
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task AQuery_FindsItsArticlesAtTheTop(string q, string[] expected)
    {
        var titles = (await SearchAsync(q)).Select(i => i.GetProperty("title").GetString()).ToList();
        titles.Take(expected.Length).ShouldBe(expected.Select(TitleOf), ignoreOrder: true, customMessage: $"{q}: {string.Join(" / ", titles)}");
    }

    [Fact]
    public void TheTestSet_HasAtLeastThirtyQueries() => Queries.Count().ShouldBeGreaterThanOrEqualTo(30);

    [Fact]
    public async Task Results_MarkTheMatchesInTheTitleAndAnExcerpt()
    {
        var top = (await SearchAsync("Oracle锁等待"))[0];
        var title = top.GetProperty("titleParts").EnumerateArray().Where(p => p.GetProperty("hit").GetBoolean()).Select(p => p.GetProperty("text").GetString()).ToList();
        title.ShouldContain("Oracle");
        title.ShouldContain("锁等待");
        top.GetProperty("snippet").EnumerateArray().ShouldContain(p => p.GetProperty("hit").GetBoolean());

        var fullWidth = (await SearchAsync("ＯＲＡ－０００６０"))[0];
        fullWidth.GetProperty("titleParts").EnumerateArray().Where(p => p.GetProperty("hit").GetBoolean()).Select(p => p.GetProperty("text").GetString())
            .ShouldContain("ORA-00060");
    }

    [Fact]
    public async Task Filters_NarrowTheSearchAndTheList()
    {
        (await SearchAsync("锁", "&tag=死锁")).Select(i => i.GetProperty("title").GetString()).ShouldBe([TitleOf("ora-00060")]);
        await using var connection = await fixture.Host.Databases.Config.OpenAsync();
        var lis = await connection.ExecuteScalarAsync<long>("SELECT id FROM cmdb_cis WHERE code = 'lis'");
        var list = await (await fixture.Reader.GetAsync($"/api/v1/knowledge/articles?system={lis}&pageSize=50")).JsonAsync();
        list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString())
            .ShouldBe([TitleOf("lis-hl7"), TitleOf("sqlserver-blocking"), TitleOf("backup-overdue"), TitleOf("host-down-ha")], ignoreOrder: true);
        var page2 = await (await fixture.Reader.GetAsync("/api/v1/knowledge/articles?pageSize=5&page=2")).JsonAsync();
        page2.GetProperty("total").GetInt64().ShouldBe(DemoArticles.All.Length);
        page2.GetProperty("items").GetArrayLength().ShouldBe(5);
        (await fixture.Reader.GetAsync("/api/v1/knowledge/articles?state=deleted")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task TheDemo_IsPublished_WithOlderVersionsKept()
    {
        await using var connection = await fixture.Host.Databases.Config.OpenAsync();
        (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM knowledge_articles WHERE published_version_id IS NOT NULL")).ShouldBe(DemoArticles.All.Length);
        (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM knowledge_versions WHERE state = 'superseded'")).ShouldBe(DemoArticles.All.Count(a => a.OlderSolution is not null));
    }

    [Theory]
    [InlineData("门诊收费窗口保存很慢一直转圈，提示超时", "oracle-lock")]
    [InlineData("CT 设备图像发不到 PACS，发送队列堆积", "pacs-echo")]
    [InlineData("医生站登录域提示时间差异过大", "clock-drift")]
    public async Task ANewTicketsText_FindsSimilarArticles(string text, string expected)
    {
        var similar = await (await fixture.Reader.GetAsync($"/api/v1/knowledge/similar?text={Uri.EscapeDataString(text)}&limit=3")).JsonAsync();
        similar.EnumerateArray().First().GetProperty("title").GetString().ShouldBe(TitleOf(expected));
        similar.GetArrayLength().ShouldBeLessThanOrEqualTo(3);
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("AND OR NOT")]
    [InlineData("*:&|!()")]
    [InlineData("-锁")]
    [InlineData("😀\uD800")]
    public async Task HostileQueries_AreAnsweredNotCrashed(string q)
    {
        var response = await fixture.Reader.GetAsync($"/api/v1/knowledge/articles?q={Uri.EscapeDataString(q)}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await fixture.Reader.GetAsync($"/api/v1/knowledge/similar?text={Uri.EscapeDataString(q)}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
