using System.Globalization;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using HospitalOps.ServiceDesk.Tickets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace HospitalOps.ServiceDesk.Attachments;

/// <summary>
/// Attaches one file to a ticket: <c>multipart/form-data</c> with the file in <c>file</c> and, to attach it to a comment of the
/// ticket, that comment's id in <c>commentId</c>. The file is checked whole before anything is written; a refusal changes nothing.
/// </summary>
internal static class UploadAttachment
{
    /// <summary>The request may be a little larger than the file: the multipart framing and the form's other fields.</summary>
    public sealed record BodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;

    public static readonly BodyLimit Limit = new(TicketAttachments.MaxBytes + 256 * 1024);

    internal static async Task<IResult> Endpoint(long id, HttpContext context, Databases databases, IAuditTrail audit, TimeProvider clock, CancellationToken ct)
    {
        var user = CurrentUser.Of(context);
        if (!context.Request.HasFormContentType)
        {
            throw AppProblem.Invalid("file", "ticket_attachment_missing");
        }

        // The whole form is held in memory (it is at most the limit, and is read whole to be checked anyway): the framework would
        // otherwise spill a large file to a temporary file, which a crash could leave behind.
        context.Features.Set<IFormFeature>(new FormFeature(context.Request, new FormOptions
        {
            MemoryBufferThreshold = (int)Limit.MaxRequestBodySize!.Value,
            MultipartBodyLengthLimit = Limit.MaxRequestBodySize!.Value,
            ValueCountLimit = 16,
        }));
        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(ct);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge();
        }
        catch (InvalidDataException)
        {
            // a multipart body that breaks off or exceeds the form reader's own limits
            throw AppProblem.Invalid("file", "ticket_attachment_unreadable");
        }

        if (form.Files.Count > 1)
        {
            throw AppProblem.Invalid("file", "ticket_attachment_one_at_a_time");
        }

        var file = form.Files.Count == 1 ? form.Files[0] : throw AppProblem.Invalid("file", "ticket_attachment_missing");
        if (file.Length == 0)
        {
            throw AppProblem.Invalid("file", "ticket_attachment_empty");
        }

        if (file.Length > TicketAttachments.MaxBytes)
        {
            throw TooLarge();
        }

        long? commentId = null;
        if (form.TryGetValue("commentId", out var commentValue) && commentValue.ToString() is { Length: > 0 } commentText)
        {
            commentId = long.TryParse(commentText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw AppProblem.Invalid("commentId", "ticket_attachment_unknown_comment");
        }

        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, ct);
        }

        var kind = AttachmentKinds.Sniff(bytes, file.FileName) ?? throw AppProblem.Invalid("file", "ticket_attachment_type");
        var fileName = AttachmentNames.Sanitise(file.FileName, kind);
        var at = UnixMs.Now(clock);

        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        // Touching the ticket first takes its row lock on PostgreSQL (SQLite's write lock is already held), so two uploads at
        // once cannot both pass the count below.
        if (await connection.ExecuteAsync(new CommandDefinition("UPDATE sd_tickets SET updated_at = @at WHERE id = @id", new { at, id }, tx, cancellationToken: ct)) == 0)
        {
            throw AppProblem.NotFound();
        }

        var category = await connection.ExecuteScalarAsync<string>(new CommandDefinition("SELECT state_category FROM sd_tickets WHERE id = @id", new { id }, tx, cancellationToken: ct));
        if (category == "closed")
        {
            throw AppProblem.Conflict("ticket_closed");
        }

        if (commentId is { } cid && await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT id FROM sd_ticket_comments WHERE id = @cid AND ticket_id = @id", new { cid, id }, tx, cancellationToken: ct)) is null)
        {
            throw AppProblem.Invalid("commentId", "ticket_attachment_unknown_comment");
        }

        var count = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM sd_ticket_attachments WHERE ticket_id = @id", new { id }, tx, cancellationToken: ct));
        if (count >= TicketAttachments.MaxPerTicket)
        {
            throw AppProblem.Conflict("ticket_attachment_count");
        }

        var attachmentId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO sd_ticket_attachments (ticket_id, comment_id, file_name, content_type, size_bytes, is_image, uploaded_by, uploaded_at)
            VALUES (@id, @commentId, @fileName, @contentType, @size, @isImage, @by, @at) RETURNING id
            """,
            new { id, commentId, fileName, contentType = kind.ContentType, size = (long)bytes.Length, isImage = kind.IsImage, by = user.UserName, at }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO sd_ticket_attachment_contents (attachment_id, content) VALUES (@attachmentId, @bytes)", new { attachmentId, bytes }, tx, cancellationToken: ct));
        var row = new TicketAttachments.Row
        {
            Id = attachmentId, TicketId = id, CommentId = commentId, FileName = fileName, ContentType = kind.ContentType, SizeBytes = bytes.Length,
            IsImage = kind.IsImage, UploadedBy = user.UserName, UploadedAt = at,
        };
        await TicketLog.AddAsync(connection, tx, id, at, TicketAttachments.Added, user.UserName, null, null, TicketAttachments.TimelineDetail(row), ct);
        await audit.RecordAsync(
            new AuditEntry("servicedesk.attachment.add", "ticket", TicketAttachments.Id(id), AuditEntry.Success, $"{fileName} ({bytes.Length} bytes, {kind.ContentType})"), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        TicketChanges.Signal();
        return Results.Created($"/api/v1/service-desk/tickets/{id}/attachments/{attachmentId}", TicketAttachments.Dto(row, user));
    }

    private static AppProblem TooLarge() =>
        new(400, "validation_failed", fieldErrors: new Dictionary<string, string> { ["file"] = "ticket_attachment_too_large" });
}
