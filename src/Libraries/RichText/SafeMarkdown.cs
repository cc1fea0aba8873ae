using System.Text;
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

    private static readonly MarkdownPipeline Pipeline = Builder().Build();

    private static readonly MarkdownPipeline LineBreakPipeline = Builder().UseSoftlineBreakAsHardlineBreak().Build();

    private static MarkdownPipelineBuilder Builder() => new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseTaskLists()
        .UseAutoLinks()
        .UseReferralLinks("nofollow", "noopener", "noreferrer");

    /// <summary>
    /// The words of <paramref name="markdown"/> without its marks (emphasis, headings, list bullets, link addresses), on one line
    /// and cut to <paramref name="maxLength"/> characters with an ellipsis: for a timeline line or a notice.
    /// </summary>
    public static string ToPlainLine(string? markdown, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return string.Empty;
        }

        var text = markdown.Length > MaxInputLength ? markdown[..MaxInputLength] : markdown;
        string plain;
        try
        {
            plain = Markdown.ToPlainText(text, Pipeline);
        }
        catch (ArgumentException)
        {
            plain = text;
        }

        var line = string.Join(' ', plain.Split((char[])['\r', '\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return line.Length > maxLength ? line[..maxLength] + "…" : line;
    }

    /// <summary>The safe HTML of <paramref name="markdown"/>; empty for null or blank text.</summary>
    public static string ToHtml(string? markdown) => ToHtml(markdown, SafeMarkdownOptions.Article);

    /// <summary>The safe HTML of <paramref name="markdown"/> read as <paramref name="options"/> say; empty for null or blank text.</summary>
    public static string ToHtml(string? markdown, SafeMarkdownOptions options)
    {
        var pipeline = options.KeepLineBreaks ? LineBreakPipeline : Pipeline;
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return string.Empty;
        }

        var text = markdown.Length > MaxInputLength ? markdown[..MaxInputLength] : markdown;
        MarkdownDocument document;
        try
        {
            document = Markdown.Parse(text, pipeline);
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

        if (options.Mentions is { Count: > 0 } mentions)
        {
            MarkMentions(document, mentions);
        }

        using var writer = new StringWriter();
        var renderer = new Markdig.Renderers.HtmlRenderer(writer);
        pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>
    /// Puts each <c>@name</c> of a mentioned user in <c>&lt;span class="mention"&gt;</c>. Only plain text is searched (code
    /// keeps its characters), and only names given by the caller are marked, so an address or a stray "@" stays text.
    /// </summary>
    private static void MarkMentions(MarkdownDocument document, IReadOnlyCollection<string> mentions)
    {
        var names = mentions.Where(IsMentionName).ToHashSet(StringComparer.Ordinal);
        if (names.Count == 0)
        {
            return;
        }

        foreach (var container in document.Descendants<ContainerInline>().ToList())
        {
            MergeAdjacentLiterals(container);
        }

        foreach (var literal in document.Descendants<LiteralInline>().ToList())
        {
            var text = literal.Content.ToString();
            var rest = 0;
            for (var at = text.IndexOf('@', StringComparison.Ordinal); at >= 0; at = text.IndexOf('@', at + 1))
            {
                if (at > 0 && (char.IsLetterOrDigit(text[at - 1]) || text[at - 1] is '_' or '.'))
                {
                    continue;
                }

                var end = at + 1;
                while (end < text.Length && end - at <= 64 && IsNameChar(text[end]))
                {
                    end++;
                }

                // A name ends before trailing dots: "@li.ming." at the end of a sentence mentions li.ming.
                while (end > at + 1 && text[end - 1] == '.')
                {
                    end--;
                }

                var name = text[(at + 1)..end];
                if (!names.Contains(name))
                {
                    continue;
                }

                if (at > rest)
                {
                    literal.InsertBefore(new LiteralInline(text[rest..at]));
                }

                literal.InsertBefore(new HtmlInline("<span class=\"mention\">@" + System.Net.WebUtility.HtmlEncode(name) + "</span>"));
                rest = end;
                at = end - 1;
            }

            if (rest > 0)
            {
                literal.Content = new Markdig.Helpers.StringSlice(text[rest..]);
            }
        }
    }

    /// <summary>The parser may leave one run of text as several literals (at "_" or "*" that did not become emphasis).</summary>
    private static void MergeAdjacentLiterals(ContainerInline container)
    {
        var child = container.FirstChild;
        while (child is not null)
        {
            if (child is LiteralInline first && first.NextSibling is LiteralInline)
            {
                var text = new StringBuilder(first.Content.ToString());
                while (first.NextSibling is LiteralInline next)
                {
                    text.Append(next.Content.ToString());
                    next.Remove();
                }

                first.Content = new Markdig.Helpers.StringSlice(text.ToString());
            }

            child = child.NextSibling;
        }
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-';

    private static bool IsMentionName(string name) => name.Length is > 0 and <= 64 && name.All(IsNameChar);

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
