using System.Data;
using System.Data.Common;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace HospitalOps.ServiceDesk.Attachments;

/// <summary>
/// An attachment's bytes, for whoever may read the ticket. The content type is the one its bytes were recognised as at upload,
/// never the uploader's; images (never SVG) are shown inline, everything else is a download (<c>?download=true</c> downloads an
/// image too). The response may not be sniffed into another type, and as a document of its own it may run nothing.
/// </summary>
internal static class DownloadAttachment
{
    internal static async Task<IResult> Endpoint(long id, long attachmentId, bool? download, HttpContext context, Databases databases, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var row = await TicketAttachments.ByIdAsync(connection, null, id, attachmentId, ct) ?? throw AppProblem.NotFound();

        // Read in sequence, so the bytes are streamed to the client rather than held in memory whole.
        await using var command = connection.CreateCommand();
        // The attachment's id is the contents table's row id: SQLite then streams the blob instead of copying it.
        command.CommandText = "SELECT attachment_id, content FROM sd_ticket_attachment_contents WHERE attachment_id = @attachmentId";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "attachmentId";
        parameter.Value = attachmentId;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
        if (!await reader.ReadAsync(ct))
        {
            throw AppProblem.NotFound();
        }

        var disposition = new ContentDispositionHeaderValue(row.IsImage && download != true ? "inline" : "attachment");
        disposition.SetHttpFileName(row.FileName);
        var response = context.Response;
        response.ContentType = row.ContentType;
        response.ContentLength = row.SizeBytes;
        response.Headers.ContentDisposition = disposition.ToString();
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        await using (var content = reader.GetStream(1))
        {
            await content.CopyToAsync(response.Body, ct);
        }

        return Results.Empty;
    }
}
