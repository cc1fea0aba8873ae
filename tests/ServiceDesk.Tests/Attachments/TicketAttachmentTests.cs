using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dapper;
using HospitalOps.ServiceDesk.Tests.Tickets;
using HospitalOps.Tests.Support;

namespace HospitalOps.ServiceDesk.Tests.Attachments;

/// <summary>Files and phone photos on a ticket, through the HTTP API, on SQLite and (when configured) PostgreSQL.</summary>
public sealed class TicketAttachmentTests
{
    private static readonly byte[] Png = AttachmentFileTests.Png;

    private static string Attachments(long ticketId) => $"{TicketDesk.Path}/tickets/{ticketId}/attachments";

    private static async Task<HttpResponseMessage> UploadAsync(ApiClient client, long ticketId, byte[] bytes, string fileName, string claimedType = "application/octet-stream", string? commentId = null, bool expectContinue = false)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(claimedType);
        form.Add(file, "file", fileName);
        if (commentId is not null)
        {
            form.Add(new StringContent(commentId), "commentId");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, Attachments(ticketId)) { Content = form };
        request.Headers.Add("X-CSRF-Token", client.Csrf);
        request.Headers.ExpectContinue = expectContinue;
        return await client.Http.SendAsync(request);
    }

    private static async Task<JsonElement> UploadOkAsync(ApiClient client, long ticketId, byte[] bytes, string fileName)
    {
        var response = await UploadAsync(client, ticketId, bytes, fileName);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    private static async Task<List<JsonElement>> ListAsync(ApiClient client, long ticketId)
    {
        var response = await client.GetAsync(Attachments(ticketId));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.JsonAsync()).EnumerateArray().ToList();
    }

    private static async Task<(long Rows, long Contents)> StoredAsync(TicketDesk desk)
    {
        await using var connection = await desk.Host.Databases.Config.OpenAsync();
        return (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sd_ticket_attachments"),
            await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sd_ticket_attachment_contents"));
    }

    private static async Task<List<JsonElement>> TimelineAsync(TicketDesk desk, ApiClient client, long ticketId) =>
        (await (await client.GetAsync($"{TicketDesk.Path}/tickets/{ticketId}/timeline")).JsonAsync()).EnumerateArray().ToList();

    private static async Task<long> FaultAsync(TicketDesk desk, ApiClient? client = null) =>
        (await desk.CreateAsync(client ?? desk.Engineer, new { type = "incident", title = "门诊收费处 HIS 无法登录", description = "", channel = "phone", impact = 2, urgency = 2, businessSystemId = desk.His, ciIds = Array.Empty<long>(), fields = new { } }))
        .GetProperty("id").GetInt64();

    private static (string Code, string Message) FileError(JsonElement problem) =>
        (problem.GetProperty("errors").GetProperty("file").GetProperty("code").GetString()!, problem.GetProperty("errors").GetProperty("file").GetProperty("message").GetString()!);

    [Fact]
    public async Task Upload_PhotoAndLog_AreListedAndDownloadedByteForByte()
    {
        await using var desk = await TicketDesk.StartAsync();
        var id = await FaultAsync(desk);
        var log = Encoding.UTF8.GetBytes("2026-11-02 09:30:01 证书校验失败：certificate has expired\n");

        // A phone names its camera's photo as it likes and says it is a JPEG: the bytes say PNG.
        var photo = await UploadOkAsync(desk.Engineer, id, Png, "机房照片.jpg");
        photo.GetProperty("fileName").GetString().ShouldBe("机房照片.jpg.png");
        photo.GetProperty("contentType").GetString().ShouldBe("image/png");
        photo.GetProperty("isImage").GetBoolean().ShouldBeTrue();
        photo.GetProperty("size").GetInt64().ShouldBe(Png.Length);
        photo.GetProperty("uploadedBy").GetString().ShouldBe("zhangwei");
        await UploadOkAsync(desk.Engineer, id, log, "his-client.log");

        var listed = await ListAsync(desk.Reporter, id);
        listed.Select(a => a.GetProperty("fileName").GetString()).ShouldBe(["机房照片.jpg.png", "his-client.log"]);
        // liuyang did not upload them and does not dispatch: they may not remove them
        (await ListAsync(desk.Other, id)).ShouldAllBe(a => !a.GetProperty("canDelete").GetBoolean());
        (await ListAsync(desk.Engineer, id)).ShouldAllBe(a => a.GetProperty("canDelete").GetBoolean());

        var image = await desk.Reporter.GetAsync(listed[0].GetProperty("url").GetString()!);
        image.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await image.Content.ReadAsByteArrayAsync()).ShouldBe(Png);
        image.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        image.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("inline");
        image.Content.Headers.ContentDisposition.FileNameStar.ShouldBe("机房照片.jpg.png");
        image.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);

        var text = await desk.Reporter.GetAsync(listed[1].GetProperty("url").GetString()!);
        (await text.Content.ReadAsByteArrayAsync()).ShouldBe(log);
        text.Content.Headers.ContentType!.ToString().ShouldBe("text/plain; charset=utf-8");
        text.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        text.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("sandbox");

        var saved = await desk.Reporter.GetAsync(listed[0].GetProperty("url").GetString() + "?download=true");
        saved.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");

        var added = (await TimelineAsync(desk, desk.Reporter, id)).Where(e => e.GetProperty("kind").GetString() == "attachment_added").ToList();
        added.Count.ShouldBe(2);
        added[0].GetProperty("actor").GetString().ShouldBe("zhangwei");
        JsonDocument.Parse(added[0].GetProperty("detail").GetString()!).RootElement.GetProperty("name").GetString().ShouldBe("机房照片.jpg.png");
    }

    [Fact]
    public async Task Upload_OfAForbiddenKind_IsRefusedAndStoresNothing()
    {
        await using var desk = await TicketDesk.StartAsync();
        var id = await FaultAsync(desk);
        var program = new byte[] { (byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0, 4, 0 };

        var refused = await UploadAsync(desk.Engineer, id, program, "photo.png", "image/png");
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var (code, message) = FileError(await refused.JsonAsync());
        code.ShouldBe("ticket_attachment_type");
        message.ShouldContain("不支持这种文件");

        using var english = desk.Host.Client("en-US");
        (await english.LoginAsync("zhangwei", TestHost.UserPassword)).EnsureSuccessStatusCode();
        FileError(await (await UploadAsync(english, id, program, "setup.exe")).JsonAsync()).Message.ShouldStartWith("This kind of file is not accepted");

        FileError(await (await UploadAsync(desk.Engineer, id, [], "empty.png")).JsonAsync()).Code.ShouldBe("ticket_attachment_empty");
        (await StoredAsync(desk)).ShouldBe((0, 0));
        (await ListAsync(desk.Engineer, id)).ShouldBeEmpty();
        (await TimelineAsync(desk, desk.Engineer, id)).ShouldNotContain(e => e.GetProperty("kind").GetString() == "attachment_added");
    }

    [Fact]
    public async Task Upload_TooLarge_IsRefusedWithNoRowAndNoFile()
    {
        await using var desk = await TicketDesk.StartAsync();
        var id = await FaultAsync(desk);
        var filesBefore = Directory.GetFiles(desk.Host.DataDir, "*", SearchOption.AllDirectories).Where(f => !f.Contains(".db")).ToHashSet();

        // Just over the limit: read and refused. Far over it: refused on its announced length, before it is sent (a client that
        // sends it anyway has its connection closed; the web app checks the size before it sends).
        foreach (var size in new[] { 20L * 1024 * 1024 + 1, 26L * 1024 * 1024 })
        {
            var bytes = new byte[size];
            Png.CopyTo(bytes, 0);
            var refused = await UploadAsync(desk.Engineer, id, bytes, "big.png", expectContinue: size > 21 * 1024 * 1024);
            refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            var (code, message) = FileError(await refused.JsonAsync());
            code.ShouldBe("ticket_attachment_too_large");
            message.ShouldContain("20 MB");
        }

        (await StoredAsync(desk)).ShouldBe((0, 0));
        Directory.GetFiles(desk.Host.DataDir, "*", SearchOption.AllDirectories).Where(f => !f.Contains(".db")).ToHashSet().ShouldBe(filesBefore, ignoreOrder: true);

        // exactly at the limit is taken
        var atLimit = new byte[20L * 1024 * 1024];
        Png.CopyTo(atLimit, 0);
        var taken = await UploadOkAsync(desk.Engineer, id, atLimit, "full-size.png");
        var back = await desk.Engineer.GetAsync(taken.GetProperty("url").GetString()!);
        (await back.Content.ReadAsByteArrayAsync()).ShouldBe(atLimit);
    }

    [Fact]
    public async Task Delete_ByUploaderOrDispatcher_IsOnTheTimeline_OthersAreRefused()
    {
        await using var desk = await TicketDesk.StartAsync();
        var id = await FaultAsync(desk);
        var first = await UploadOkAsync(desk.Engineer, id, Png, "error-screen.png");
        var second = await UploadOkAsync(desk.Engineer, id, Png, "patient-face.png");
        string Item(JsonElement a) => $"{Attachments(id)}/{a.GetProperty("id").GetInt64()}";

        // liuyang works on tickets but neither uploaded these nor dispatches
        (await desk.Other.DeleteAsync(Item(first))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ListAsync(desk.Engineer, id)).Count.ShouldBe(2);

        (await desk.Engineer.DeleteAsync(Item(first))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await desk.Admin.DeleteAsync(Item(second))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await ListAsync(desk.Engineer, id)).ShouldBeEmpty();
        (await desk.Engineer.GetAsync(first.GetProperty("url").GetString()!)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await desk.Engineer.DeleteAsync(Item(first))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await StoredAsync(desk)).ShouldBe((0, 0));

        var timeline = await TimelineAsync(desk, desk.Reporter, id);
        var files = timeline.Where(e => e.GetProperty("kind").GetString()!.StartsWith("attachment_", StringComparison.Ordinal))
            .Select(e => (Kind: e.GetProperty("kind").GetString(), Actor: e.GetProperty("actor").GetString(), Detail: JsonDocument.Parse(e.GetProperty("detail").GetString()!).RootElement))
            .ToList();
        files.Select(f => (f.Kind, f.Actor, f.Detail.GetProperty("name").GetString())).ShouldBe([
            ("attachment_added", "zhangwei", "error-screen.png"),
            ("attachment_added", "zhangwei", "patient-face.png"),
            ("attachment_removed", "zhangwei", "error-screen.png"),
            ("attachment_removed", "admin", "patient-face.png"),
        ]);
        files[3].Detail.GetProperty("by").GetString().ShouldBe("zhangwei");
    }

    [Fact]
    public async Task Readers_WithoutTheServiceDesk_AreRefused_ReadOnlyUsersMayLookButNotAdd()
    {
        await using var desk = await TicketDesk.StartAsync();
        var id = await FaultAsync(desk);
        var photo = await UploadOkAsync(desk.Engineer, id, Png, "error-screen.png");
        var (auditor, _) = await desk.Host.UserAsync("shenji", "auditor");
        (await auditor.GetAsync(Attachments(id))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await auditor.GetAsync(photo.GetProperty("url").GetString()!)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var anonymous = desk.Host.Client();
        (await anonymous.GetAsync(photo.GetProperty("url").GetString()!)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var (reader, _) = await desk.Host.UserAsync("zhuren", "readonly");
        (await (await reader.GetAsync(photo.GetProperty("url").GetString()!)).Content.ReadAsByteArrayAsync()).ShouldBe(Png);
        (await UploadAsync(reader, id, Png, "mine.png")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await reader.DeleteAsync($"{Attachments(id)}/{photo.GetProperty("id").GetInt64()}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // an attachment is read through its own ticket only
        var other = await FaultAsync(desk);
        (await desk.Engineer.GetAsync($"{Attachments(other)}/{photo.GetProperty("id").GetInt64()}/content")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await desk.Engineer.GetAsync(Attachments(999_999))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await UploadAsync(desk.Engineer, 999_999, Png, "x.png")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Comments_CarryTheirAttachments_FromTheirOwnTicketOnly()
    {
        await using var desk = await TicketDesk.StartAsync();
        var id = await FaultAsync(desk);
        var other = await FaultAsync(desk);
        var comment = await (await desk.Engineer.PostAsync($"{TicketDesk.Path}/tickets/{id}/comments", new { body = "现场照片见附件" })).JsonAsync();
        var commentId = comment.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var response = await UploadAsync(desk.Engineer, id, Png, "现场.png", commentId: commentId);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await response.JsonAsync()).GetProperty("commentId").GetInt64().ShouldBe(comment.GetProperty("id").GetInt64());

        foreach (var (ticket, value) in new[] { (other, commentId), (id, "abc"), (id, "-1") })
        {
            var refused = await UploadAsync(desk.Engineer, ticket, Png, "x.png", commentId: value);
            refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await refused.JsonAsync()).GetProperty("errors").GetProperty("commentId").GetProperty("code").GetString().ShouldBe("ticket_attachment_unknown_comment");
        }

        (await StoredAsync(desk)).ShouldBe((1, 1));
    }

    [Fact]
    public async Task Tickets_HoldALimitedNumber_AndNoneOnceClosed()
    {
        await using var desk = await TicketDesk.StartAsync();
        var id = await FaultAsync(desk);
        for (var i = 0; i < 30; i++)
        {
            await UploadOkAsync(desk.Engineer, id, Png, $"photo-{i}.png");
        }

        var refused = await UploadAsync(desk.Engineer, id, Png, "one-more.png");
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await refused.CodeAsync()).ShouldBe("ticket_attachment_count");
        (await StoredAsync(desk)).ShouldBe((30, 30));

        await using (var connection = await desk.Host.Databases.Config.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE sd_tickets SET state_category = 'closed' WHERE id = @id", new { id });
        }

        var first = (await ListAsync(desk.Engineer, id))[0];
        (await desk.Engineer.DeleteAsync($"{Attachments(id)}/{first.GetProperty("id").GetInt64()}")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await (await UploadAsync(desk.Engineer, id, Png, "late.png")).CodeAsync()).ShouldBe("ticket_closed");
    }

    [Fact]
    public async Task Upload_WithoutAFile_IsRefused()
    {
        await using var desk = await TicketDesk.StartAsync();
        var id = await FaultAsync(desk);
        var json = await desk.Engineer.PostAsync(Attachments(id), new { file = "iVBORw0KGgo=" });
        json.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        FileError(await json.JsonAsync()).Code.ShouldBe("ticket_attachment_missing");

        using var form = new MultipartFormDataContent { { new StringContent("1"), "commentId" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, Attachments(id)) { Content = form };
        request.Headers.Add("X-CSRF-Token", desk.Engineer.Csrf);
        FileError(await (await desk.Engineer.Http.SendAsync(request)).JsonAsync()).Code.ShouldBe("ticket_attachment_missing");
    }
}
