using System.Text.RegularExpressions;
using HospitalOps.Cmdb.Contracts;
using HospitalOps.Kernel.Errors;
using HospitalOps.PromQL.Model;
using HospitalOps.PromQL.Parsing;

namespace HospitalOps.Knowledge.Articles;

/// <summary>The fields of a version as they may be stored.</summary>
internal sealed record CheckedArticle(
    string Title,
    string Symptom,
    string Cause,
    string Solution,
    IReadOnlyList<string> Tags,
    IReadOnlyList<CmdbLink> Systems,
    IReadOnlyList<CmdbLink> Cis,
    IReadOnlyList<MonitorLink> Monitors,
    string? Source,
    string? SourceTitle);

/// <summary>What an article may hold, and the check that collects every field's error before anything is written.</summary>
internal static partial class ArticleRules
{
    public const int MaxTitle = 200;
    public const int MaxSection = 20_000;
    public const int MaxTags = 10;
    public const int MaxTag = 30;
    public const int MaxLinks = 20;
    public const int MaxMonitors = 8;
    public const int MaxQuery = 2_000;
    public const int MaxReason = 1_000;

    [GeneratedRegex("^[a-z][a-z_-]{0,19}:[A-Za-z0-9._-]{1,40}$")]
    private static partial Regex SourcePattern();

    public static bool IsSource(string? source) => source is not null && SourcePattern().IsMatch(source);

    /// <summary>The fields without CMDB links (checked by <see cref="CheckAsync"/>); errors go into <paramref name="errors"/>.</summary>
    public static CheckedArticle CheckText(ArticleInput input, Dictionary<string, string> errors)
    {
        var title = Text(input.Title, "title", MaxTitle, required: true, errors);
        var symptom = Text(input.Symptom, "symptom", MaxSection, required: true, errors);
        var cause = Text(input.Cause, "cause", MaxSection, required: false, errors);
        var solution = Text(input.Solution, "solution", MaxSection, required: false, errors);

        var tags = new List<string>();
        var given = input.Tags ?? [];
        if (given.Count > MaxTags)
        {
            errors["tags"] = "knowledge_too_many_tags";
        }

        for (var i = 0; i < Math.Min(given.Count, MaxTags); i++)
        {
            var tag = (given[i] ?? string.Empty).Trim();
            if (tag.Length == 0)
            {
                continue;
            }

            if (tag.Length > MaxTag)
            {
                errors[$"tags[{i}]"] = "too_long";
            }
            else if (tag.Contains('|', StringComparison.Ordinal))
            {
                errors[$"tags[{i}]"] = "knowledge_tag_character";
            }
            else if (!tags.Contains(tag, StringComparer.OrdinalIgnoreCase))
            {
                tags.Add(tag);
            }
        }

        var monitors = new List<MonitorLink>();
        var links = input.Monitors ?? [];
        if (links.Count > MaxMonitors)
        {
            errors["monitors"] = "knowledge_too_many_monitors";
        }

        for (var i = 0; i < Math.Min(links.Count, MaxMonitors); i++)
        {
            var monitorTitle = Text(links[i]?.Title, $"monitors[{i}].title", 100, required: true, errors);
            var query = Text(links[i]?.Query, $"monitors[{i}].query", MaxQuery, required: true, errors);
            if (query.Length > 0 && !errors.ContainsKey($"monitors[{i}].query"))
            {
                try
                {
                    PromQLParser.Parse(query);
                }
                catch (PromQLException)
                {
                    errors[$"monitors[{i}].query"] = "knowledge_invalid_query";
                }
            }

            monitors.Add(new MonitorLink(monitorTitle, query));
        }

        string? source = null;
        string? sourceTitle = null;
        if (!string.IsNullOrWhiteSpace(input.Source))
        {
            source = input.Source.Trim();
            if (!IsSource(source))
            {
                errors["source"] = "knowledge_invalid_source";
            }

            sourceTitle = Text(input.SourceTitle, "sourceTitle", MaxTitle, required: false, errors) is { Length: > 0 } st ? st : null;
        }

        return new CheckedArticle(title, symptom, cause, solution, tags, [], [], monitors, source, sourceTitle);
    }

    /// <summary>Checks every field; business systems must be business systems of the CMDB and CIs must exist there.</summary>
    public static async Task<CheckedArticle> CheckAsync(ArticleInput input, ICmdbDirectory cmdb, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var article = CheckText(input, errors);
        var systemIds = (input.SystemIds ?? []).Distinct().ToList();
        var ciIds = (input.CiIds ?? []).Distinct().ToList();
        if (systemIds.Count > MaxLinks)
        {
            errors["systemIds"] = "knowledge_too_many_links";
        }

        if (ciIds.Count > MaxLinks)
        {
            errors["ciIds"] = "knowledge_too_many_links";
        }

        var systems = new List<CmdbLink>();
        var cis = new List<CmdbLink>();
        if (!errors.ContainsKey("systemIds") && !errors.ContainsKey("ciIds") && systemIds.Count + ciIds.Count > 0)
        {
            var facts = await cmdb.FactsAsync(systemIds.Concat(ciIds).Distinct().ToList(), ct);
            foreach (var id in systemIds)
            {
                if (facts.TryGetValue(id, out var f) && f.Type == "business")
                {
                    systems.Add(new CmdbLink(f.Id, f.Code, f.Name));
                }
                else
                {
                    errors["systemIds"] = "knowledge_unknown_system";
                }
            }

            foreach (var id in ciIds)
            {
                if (facts.TryGetValue(id, out var f))
                {
                    cis.Add(new CmdbLink(f.Id, f.Code, f.Name));
                }
                else
                {
                    errors["ciIds"] = "knowledge_unknown_ci";
                }
            }
        }

        if (errors.Count > 0)
        {
            throw AppProblem.Invalid(errors);
        }

        return article with { Systems = systems, Cis = cis };
    }

    public static string Text(string? value, string field, int max, bool required, Dictionary<string, string> errors)
    {
        var text = (value ?? string.Empty).Trim();
        if (required && text.Length == 0)
        {
            errors[field] = "required";
        }
        else if (text.Length > max)
        {
            errors[field] = "too_long";
        }

        return text;
    }
}
