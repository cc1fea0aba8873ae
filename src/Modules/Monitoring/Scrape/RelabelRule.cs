namespace HospitalOps.Monitoring.Scrape;

/// <summary>
/// One <c>metric_relabel_configs</c> entry as configured (Prometheus field names and defaults).
/// Null fields take the defaults: separator <c>;</c>, regex <c>(.*)</c>, replacement <c>$1</c>.
/// </summary>
internal sealed record RelabelRule(
    string Action = "replace",
    IReadOnlyList<string>? SourceLabels = null,
    string? Separator = null,
    string? Regex = null,
    string? TargetLabel = null,
    string? Replacement = null)
{
    public const string DefaultSeparator = ";";
    public const string DefaultRegex = "(.*)";
    public const string DefaultReplacement = "$1";
}
