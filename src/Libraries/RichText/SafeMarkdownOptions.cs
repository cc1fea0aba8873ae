namespace HospitalOps.RichText;

/// <summary>How <see cref="SafeMarkdown"/> reads a text. Safety is the same whatever is chosen here.</summary>
/// <param name="KeepLineBreaks">
/// Every line break is a line break, as people expect of text typed into a box (ticket descriptions, comments, alert
/// tickets written line by line); an article's paragraphs are joined as Markdown joins them.
/// </param>
/// <param name="Mentions">User names whose <c>@name</c> in the text is marked as a mention.</param>
public sealed record SafeMarkdownOptions(bool KeepLineBreaks = false, IReadOnlyCollection<string>? Mentions = null)
{
    /// <summary>Knowledge articles: Markdown as written.</summary>
    public static readonly SafeMarkdownOptions Article = new();

    /// <summary>A ticket's description or a comment: line breaks kept.</summary>
    public static readonly SafeMarkdownOptions Conversation = new(KeepLineBreaks: true);
}
