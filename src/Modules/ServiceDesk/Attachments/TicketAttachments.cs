using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Security;
using HospitalOps.ServiceDesk.Tickets;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.ServiceDesk.Attachments;

/// <summary>A file attached to a ticket (a phone's photo of the error screen, a log, a signed form), or to one of its comments.</summary>
/// <param name="Url">where its bytes are read (images are shown inline, other files downloaded)</param>
/// <param name="CanDelete">whether the caller may remove it: its uploader, or someone who dispatches</param>
public sealed record TicketAttachmentDto(
    long Id, long? CommentId, string FileName, string ContentType, long Size, bool IsImage, string UploadedBy, DateTimeOffset UploadedAt, bool CanDelete, string Url);

/// <summary>
/// Attachments live in the configuration database, metadata in <c>sd_ticket_attachments</c> and bytes in
/// <c>sd_ticket_attachment_contents</c>, not in files under the data directory. The nodes behind the balancer share only the
/// databases (a file written on one node's disk would be missing on the others); the database's backup is the one backup to
/// restore; and the row, its bytes and the timeline entry commit in one transaction, so a crash can leave neither a row without
/// its file nor a file without its row, and there are no orphans to sweep. The limits (<see cref="MaxBytes"/> a file,
/// <see cref="MaxPerTicket"/> a ticket) keep that cheap; listing never reads the bytes.
/// </summary>
internal static class TicketAttachments
{
    public const long MaxBytes = 20L * 1024 * 1024;

    public const int MaxPerTicket = 30;

    public const string Added = "attachment_added";

    public const string Removed = "attachment_removed";

    internal sealed class Row
    {
        public long Id { get; init; }
        public long TicketId { get; init; }
        public long? CommentId { get; init; }
        public string FileName { get; init; } = "";
        public string ContentType { get; init; } = "";
        public long SizeBytes { get; init; }
        public bool IsImage { get; init; }
        public string UploadedBy { get; init; } = "";
        public long UploadedAt { get; init; }
    }

    private const string Columns =
        "id AS Id, ticket_id AS TicketId, comment_id AS CommentId, file_name AS FileName, content_type AS ContentType, size_bytes AS SizeBytes, is_image AS IsImage, uploaded_by AS UploadedBy, uploaded_at AS UploadedAt";

    public static async Task<Row?> ByIdAsync(DbConnection connection, DbTransaction? tx, long ticketId, long attachmentId, CancellationToken ct) =>
        await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM sd_ticket_attachments WHERE id = @attachmentId AND ticket_id = @ticketId", new { ticketId, attachmentId }, tx, cancellationToken: ct));

    public static bool MayDelete(CurrentUser user, Row row) => row.UploadedBy == user.UserName || user.Has(ServiceDeskModule.Dispatch);

    public static TicketAttachmentDto Dto(Row r, CurrentUser user) => new(
        r.Id, r.CommentId, r.FileName, r.ContentType, r.SizeBytes, r.IsImage, r.UploadedBy, UnixMs.ToTime(r.UploadedAt), MayDelete(user, r),
        $"/api/v1/service-desk/tickets/{r.TicketId}/attachments/{r.Id}/content");

    /// <summary>What the timeline keeps of an attachment: enough to say who added or removed which file, after it is gone.</summary>
    public static string TimelineDetail(Row r) => JsonSerializer.Serialize(new { id = r.Id, name = r.FileName, size = r.SizeBytes, image = r.IsImage, by = r.UploadedBy, comment = r.CommentId });

    internal static async Task<IResult> ListEndpoint(long id, HttpContext context, Databases databases, CancellationToken ct)
    {
        var user = CurrentUser.Of(context);
        await using var connection = await databases.Config.OpenAsync(ct);
        await TicketComments.EnsureTicketAsync(connection, id, ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM sd_ticket_attachments WHERE ticket_id = @id ORDER BY id", new { id }, cancellationToken: ct));
        return Results.Ok(rows.Select(r => Dto(r, user)).ToList());
    }

    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
