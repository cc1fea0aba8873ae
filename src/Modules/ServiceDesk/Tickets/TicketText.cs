using HospitalOps.Kernel.Errors;
using HospitalOps.RichText;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.ServiceDesk.Tickets;

/// <summary>The editor's preview: Markdown rendered exactly as the ticket page will show it.</summary>
public sealed record TicketTextPreviewRequest(string? Markdown);

/// <summary>The safe HTML of the previewed text.</summary>
public sealed record TicketTextPreview(string Html);

/// <summary>
/// Descriptions and comments are Markdown, rendered on the server by the same safe renderer as knowledge articles. Line breaks
/// are kept: people type them into a box and mean them, and the descriptions written before Markdown (alert tickets, a line per
/// fact) read as they were written.
/// </summary>
internal static class TicketText
{
    public static string ToHtml(string? markdown, IReadOnlyCollection<string>? mentions = null) =>
        SafeMarkdown.ToHtml(markdown, mentions is { Count: > 0 } ? SafeMarkdownOptions.Conversation with { Mentions = mentions } : SafeMarkdownOptions.Conversation);

    internal static IResult PreviewEndpoint(TicketTextPreviewRequest request)
    {
        if (request.Markdown is { Length: > CreateTicket.MaxDescription })
        {
            throw AppProblem.Invalid("markdown", "too_long");
        }

        return Results.Ok(new TicketTextPreview(ToHtml(request.Markdown)));
    }
}
