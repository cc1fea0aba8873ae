using System.Text.Json;

namespace HospitalOps.Alerting.Rules;

/// <summary>Severities (紧急/严重/重要/提示), most urgent first.</summary>
/// <summary>
/// What a rule's expression is: a condition whose every result is an alert (threshold), or a metric whose every series is
/// compared with its own learned rhythm (baseline: an alert while the series departs from it in one of the patterns).
/// </summary>
internal static class RuleKind
{
    public const string Threshold = "threshold";
    public const string Baseline = "baseline";
}

internal static class Severity
{
    public const string Critical = "critical";
    public const string Major = "major";
    public const string Minor = "minor";
    public const string Info = "info";

    public static readonly IReadOnlyList<string> All = [Critical, Major, Minor, Info];

    public static bool IsKnown(string? value) => value is not null && All.Contains(value, StringComparer.Ordinal);
}

/// <summary>A rule as stored.</summary>
internal sealed record AlertRuleRow
{
    public long Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public string GroupName { get; init; } = string.Empty;

    public string Expr { get; init; } = string.Empty;

    public long ForMs { get; init; }

    public string? RecoverExpr { get; init; }

    /// <summary>JSON of <see cref="RuleScope"/>, or null for every series the condition returns.</summary>
    public string? Scope { get; init; }

    /// <summary>The library template the rule was made from, if any.</summary>
    public string? Template { get; init; }

    public string Severity { get; init; } = string.Empty;

    public string Labels { get; init; } = string.Empty;

    public string Annotations { get; init; } = string.Empty;

    public string? RunbookUrl { get; init; }

    public long IntervalMs { get; init; }

    public bool Enabled { get; init; }

    public long? LastEvalAt { get; init; }

    public double? LastEvalMs { get; init; }

    public string? LastError { get; init; }

    public long CreatedAt { get; init; }

    public long UpdatedAt { get; init; }

    public int Version { get; init; }

    public string Kind { get; init; } = RuleKind.Threshold;

    public const string Columns =
        "id AS Id, name AS Name, group_name AS GroupName, expr AS Expr, for_ms AS ForMs, recover_expr AS RecoverExpr, scope AS Scope, template AS Template, severity AS Severity, " +
        "labels AS Labels, annotations AS Annotations, runbook_url AS RunbookUrl, interval_ms AS IntervalMs, enabled AS Enabled, " +
        "last_eval_at AS LastEvalAt, last_eval_ms AS LastEvalMs, last_error AS LastError, created_at AS CreatedAt, updated_at AS UpdatedAt, version AS Version, kind AS Kind";

    public IReadOnlyDictionary<string, string> LabelMap => Parse(Labels);

    public IReadOnlyDictionary<string, string> AnnotationMap => Parse(Annotations);

    public static IReadOnlyDictionary<string, string> Parse(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];

    public RuleScope? ScopeValue => Scope is null ? null : JsonSerializer.Deserialize<RuleScope>(Scope, ScopeJson);

    internal static readonly JsonSerializerOptions ScopeJson = new(JsonSerializerDefaults.Web);

    public AlertRuleDto ToDto(int firing, int pending) => new(
        Id, Name, GroupName, Expr, ForMs / 1000, RecoverExpr, ScopeValue, Template, Severity, LabelMap, AnnotationMap, RunbookUrl, IntervalMs / 1000, Enabled,
        LastEvalAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null, LastEvalMs, LastError,
        DateTimeOffset.FromUnixTimeMilliseconds(UpdatedAt), Version, firing, pending, Kind);
}

/// <summary>A rule as the API shows it, with how many of its alerts fire or wait out their duration now.</summary>
public sealed record AlertRuleDto(
    long Id,
    string Name,
    string Group,
    string Expr,
    long ForSeconds,
    string? RecoverExpr,
    RuleScope? Scope,
    string? Template,
    string Severity,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    string? RunbookUrl,
    long IntervalSeconds,
    bool Enabled,
    DateTimeOffset? LastEvaluatedAt,
    double? LastEvaluationMs,
    string? LastError,
    DateTimeOffset UpdatedAt,
    int Version,
    int Firing,
    int Pending,
    string Kind);

/// <summary>
/// A rule to create or update: a PromQL condition whose every result series is an alert, how long it must hold
/// (<see cref="ForSeconds"/>), an optional recovery condition (a firing alert resolves only once it returns the
/// alert's series), severity, labels and annotations (templates such as <c>{{ $labels.instance }}</c>), a runbook link.
/// </summary>
public sealed record SaveAlertRuleRequest(
    string? Name,
    string? Group,
    string? Expr,
    long? ForSeconds,
    string? RecoverExpr,
    string? Severity,
    IReadOnlyDictionary<string, string>? Labels,
    IReadOnlyDictionary<string, string>? Annotations,
    string? RunbookUrl,
    long? IntervalSeconds,
    bool? Enabled,
    int? Version,
    RuleScope? Scope = null,
    string? Template = null,
    string? Kind = null);

/// <summary>
/// Which CIs a rule watches, from the CMDB: of a type, needed by a business system, with attribute values
/// ("every Oracle database": type <c>database</c>, <c>engine = oracle</c>). Resolved at every evaluation, so a CI added
/// to the scope is covered without editing the rule; series whose <c>ci</c> label is outside the scope are ignored.
/// </summary>
public sealed record RuleScope(string? Type, long? BusinessId, IReadOnlyDictionary<string, string>? Attributes);
