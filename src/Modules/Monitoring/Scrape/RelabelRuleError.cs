namespace HospitalOps.Monitoring.Scrape;

/// <summary>Why a relabelling rule is invalid: a <see cref="ScrapeErrors"/> code and its placeholders (rule = 1-based index).</summary>
internal sealed record RelabelRuleError(int RuleIndex, string Code, IReadOnlyDictionary<string, string> Args);
