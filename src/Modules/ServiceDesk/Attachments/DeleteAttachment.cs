using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using HospitalOps.ServiceDesk.Tickets;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.ServiceDesk.Attachments;

/// <summary>
/// Removes an attachment: its uploader may, and whoever dispatches (a photo with a patient's face taken by mistake). The bytes go;
/// the timeline keeps who removed which file, and who had added it.
/// </summary>
internal static class DeleteAttachment
{
    internal static async Task<IResult> Endpoint(long id, long attachmentId, HttpContext context, Databases databases, IAuditTrail audit, TimeProvider clock, CancellationToken ct)
    {
        var user = CurrentUser.Of(context);
        var at = UnixMs.Now(clock);
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var row = await TicketAttachments.ByIdAsync(connection, tx, id, attachmentId, ct) ?? throw AppProblem.NotFound();
        if (!TicketAttachments.MayDelete(user, row))
        {
            await tx.RollbackAsync(ct);
            await audit.RecordAsync(new AuditEntry("authorize.write", "ticket_attachment", TicketAttachments.Id(attachmentId), AuditEntry.Denied), ct: ct);
            throw AppProblem.Forbidden();
        }

        var category = await connection.ExecuteScalarAsync<string>(new CommandDefinition("SELECT state_category FROM sd_tickets WHERE id = @id", new { id }, tx, cancellationToken: ct));
        if (category == "closed")
        {
            throw AppProblem.Conflict("ticket_closed");
        }

        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM sd_ticket_attachment_contents WHERE attachment_id = @attachmentId", new { attachmentId }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM sd_ticket_attachments WHERE id = @attachmentId", new { attachmentId }, tx, cancellationToken: ct));
        await TicketLog.AddAsync(connection, tx, id, at, TicketAttachments.Removed, user.UserName, null, null, TicketAttachments.TimelineDetail(row), ct);
        await connection.ExecuteAsync(new CommandDefinition("UPDATE sd_tickets SET updated_at = @at WHERE id = @id", new { at, id }, tx, cancellationToken: ct));
        await audit.RecordAsync(
            new AuditEntry("servicedesk.attachment.delete", "ticket", TicketAttachments.Id(id), AuditEntry.Success, $"{row.FileName} (added by {row.UploadedBy})"), connection, tx, ct: ct);
        await tx.CommitAsync(ct);
        TicketChanges.Signal();
        return Results.NoContent();
    }
}
