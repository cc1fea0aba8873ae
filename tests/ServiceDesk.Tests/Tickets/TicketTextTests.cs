using System.Net;
using System.Text.Json;
using HospitalOps.Tests.Support;

namespace HospitalOps.ServiceDesk.Tests.Tickets;

/// <summary>Descriptions and comments are Markdown, shown as safe HTML; plain lines keep their breaks.</summary>
public sealed class TicketTextTests
{
    [Fact]
    public async Task Description_IsRenderedSafely_LinesKept()
    {
        await using var desk = await TicketDesk.StartAsync();
        var ticket = await desk.CreateAsync(desk.Reporter, new
        {
            type = "incident", title = "LIS 报告无法打印", channel = "web", impact = 2, urgency = 2, businessSystemId = desk.His, ciIds = Array.Empty<long>(), fields = new { },
            description = "检验科 3 号工作站\n打印时报错：\n\n- 已重启 **打印服务**\n- 日志见 `C:\\lis\\print.log`\n\n<script>alert(1)</script> [点我](javascript:alert(1))",
        });
        var html = ticket.GetProperty("descriptionHtml").GetString()!;
        html.ShouldContain("检验科 3 号工作站<br />\n打印时报错：");
        html.ShouldContain("<strong>打印服务</strong>");
        html.ShouldContain("<code>C:\\lis\\print.log</code>");
        html.ShouldNotContain("<script");
        html.ShouldNotContain("javascript:");
        ticket.GetProperty("description").GetString()!.ShouldStartWith("检验科 3 号工作站\n");
        (await desk.GetAsync(desk.Engineer, ticket.GetProperty("id").GetInt64())).GetProperty("descriptionHtml").GetString().ShouldBe(html);
    }

    [Fact]
    public async Task Comments_AreRendered_WithTheirMentionsMarked()
    {
        await using var desk = await TicketDesk.StartAsync();
        var id = (await desk.CreateAsync(desk.Reporter, new { type = "incident", title = "PACS 调阅慢", description = "", channel = "web", impact = 2, urgency = 2, businessSystemId = desk.His, ciIds = Array.Empty<long>(), fields = new { } }))
            .GetProperty("id").GetInt64();
        var posted = await (await desk.Reporter.PostAsync($"{TicketDesk.Path}/tickets/{id}/comments", new { body = "请 @zhangwei 看一下 **存储延迟**\n@nobody 不是用户" })).JsonAsync();
        posted.GetProperty("bodyHtml").GetString()!.ShouldBe("<p>请 <span class=\"mention\">@zhangwei</span> 看一下 <strong>存储延迟</strong><br />\n@nobody 不是用户</p>\n");
        var listed = (await (await desk.Reporter.GetAsync($"{TicketDesk.Path}/tickets/{id}/comments")).JsonAsync()).EnumerateArray().Single();
        listed.GetProperty("bodyHtml").GetString().ShouldBe(posted.GetProperty("bodyHtml").GetString());

        // the timeline's line of the comment is its words, without the marks
        var timeline = (await (await desk.Reporter.GetAsync($"{TicketDesk.Path}/tickets/{id}/timeline")).JsonAsync()).EnumerateArray();
        timeline.Single(e => e.GetProperty("kind").GetString() == "commented").GetProperty("detail").GetString().ShouldBe("请 @zhangwei 看一下 存储延迟 @nobody 不是用户");
    }

    [Fact]
    public async Task Preview_ShowsWhatThePageWillShow()
    {
        await using var desk = await TicketDesk.StartAsync();
        var preview = await desk.Reporter.PostAsync($"{TicketDesk.Path}/preview", new { markdown = "第一行\n**第二行**" });
        preview.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await preview.JsonAsync()).GetProperty("html").GetString().ShouldBe("<p>第一行<br />\n<strong>第二行</strong></p>\n");
        var tooLong = await desk.Reporter.PostAsync($"{TicketDesk.Path}/preview", new { markdown = new string('长', 20_001) });
        tooLong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
