using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace HospitalOps.RichText;

/// <summary>
/// Markdown that users write (knowledge articles, ticket notes) rendered to HTML a browser may show as is.
/// <para>
/// Raw HTML is not a feature: block and inline HTML are written out as text, so <c>&lt;script&gt;</c> shows as
/// characters. Links and images keep only <c>http</c>, <c>https</c>, <c>mailto</c> and relative addresses; any other
/// scheme (<c>javascript:</c>, <c>data:</c>, <c>vbscript:</c>, <c>file:</c>, obfuscated with entities, case or
/// control characters) loses its address and leaves its text. Links carry <c>rel="nofollow noopener noreferrer"</c>.
/// Extensions that let the text set attributes (generic attributes) are not enabled.
/// </para>
/// </summary>
public static class SafeMarkdown
{
    /// <summary>The most text rendered; longer input is cut, never rejected here (the caller validates lengths).</summary>
    public const int MaxInputLength = 200_000;

    private static readonly string[] AllowedSchemes = ["http", "https", "mailto"];

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseTaskLists()
        .UseAutoLinks()
        .UseReferralLinks("nofollow", "noopener", "noreferrer")
        .Build();

    /// <summary>The safe HTML of <paramref name="markdown"/>; empty for null or blank text.</summary>
    public static string ToHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return string.Empty;
        }

        var text = markdown.Length > MaxInputLength ? markdown[..MaxInputLength] : markdown;
        MarkdownDocument document;
        try
        {
            document = Markdown.Parse(text, Pipeline);
        }
        catch (ArgumentException)
        {
            // Markdig refuses nesting beyond its depth limit (thousands of brackets or quotes): no sensible text does
            // that, so it is shown as the plain text it is.
            return "<pre>" + System.Net.WebUtility.HtmlEncode(text) + "</pre>\n";
        }

        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsAllowedUrl(link.Url))
            {
                link.Url = string.Empty;
                link.Title = null;
            }

            if (link.Reference is { } reference && !IsAllowedUrl(reference.Url))
            {
                reference.Url = string.Empty;
            }
        }

        foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
        {
            if (!autolink.IsEmail && !IsAllowedUrl(autolink.Url))
            {
                autolink.ReplaceBy(new LiteralInline(autolink.Url));
            }
        }

        using var writer = new StringWriter();
        var renderer = new Markdig.Renderers.HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>
    /// Whether a link address may be followed: relative (no scheme), or one of http, https, mailto. The scheme is
    /// read the way browsers read it: after dropping control characters and whitespace, case-insensitively.
    /// </summary>
    public static bool IsAllowedUrl(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return true;
        }

        var cleaned = new string(url.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c)).ToArray());
        var colon = cleaned.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return true;
        }

        var beforeColon = cleaned[..colon];
        // A colon after a path, query or fragment begins is not a scheme ("/a:b", "?t=1:2", "#x:y").
        if (beforeColon.IndexOfAny(['/', '?', '#']) >= 0)
        {
            return true;
        }

        // Anything else that could end up as a scheme (letters with entities already decoded by the parser) must be allowed.
        return AllowedSchemes.Contains(beforeColon.ToLowerInvariant(), StringComparer.Ordinal);
    }
}
