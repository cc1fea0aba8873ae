using System.Text.Json;
using HospitalOps.Alerting.Templates;
using HospitalOps.Kernel.Errors;
using HospitalOps.PromQL.Ast;
using HospitalOps.PromQL.Model;
using HospitalOps.PromQL.Parsing;

namespace HospitalOps.Alerting.Rules;

/// <summary>What a saved rule must satisfy; every problem is named by field, the first bad query or template with its reason.</summary>
internal static class RuleValidation
{
    public const long MinIntervalSeconds = 5;
    public const long MaxIntervalSeconds = 3600;
    public const long MaxForSeconds = 7 * 86400;

    /// <summary>Labels the platform sets on every alert; a rule cannot set them.</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal) { "alertname", "severity", Labels.MetricName };

    public sealed record Valid(string Name, string Group, string Expr, long ForMs, string? RecoverExpr, string Severity, string Labels, string Annotations, string? RunbookUrl, long IntervalMs, bool Enabled, string? Scope, string? Template, string Kind);

    public static Valid Check(SaveAlertRuleRequest request)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        string? reason = null;
        var name = request.Name?.Trim() ?? string.Empty;
        if (name.Length is 0 or > 200)
        {
            errors["name"] = name.Length == 0 ? "required" : "too_long";
        }

        var group = string.IsNullOrWhiteSpace(request.Group) ? "default" : request.Group.Trim();
        if (group.Length > 200)
        {
            errors["group"] = "too_long";
        }

        var expr = request.Expr?.Trim() ?? string.Empty;
        if (expr.Length == 0)
        {
            errors["expr"] = "required";
        }
        else if (ParseError(expr) is { } exprError)
        {
            errors["expr"] = "invalid_promql";
            reason ??= exprError;
        }

        var kind = request.Kind ?? RuleKind.Threshold;
        if (kind is not (RuleKind.Threshold or RuleKind.Baseline))
        {
            errors["kind"] = "invalid_value";
        }

        var recover = string.IsNullOrWhiteSpace(request.RecoverExpr) ? null : request.RecoverExpr.Trim();
        if (recover is not null && kind == RuleKind.Baseline)
        {
            // A baseline rule resolves when the series is back inside its band; a recovery condition has no place there.
            errors["recoverExpr"] = "invalid_value";
        }

        if (recover is not null && ParseError(recover) is { } recoverError)
        {
            errors["recoverExpr"] = "invalid_promql";
            reason ??= recoverError;
        }

        var forSeconds = request.ForSeconds ?? 0;
        if (forSeconds is < 0 or > MaxForSeconds)
        {
            errors["forSeconds"] = "invalid_for_duration";
        }

        var interval = request.IntervalSeconds ?? 60;
        if (interval is < MinIntervalSeconds or > MaxIntervalSeconds)
        {
            errors["intervalSeconds"] = "invalid_rule_interval";
        }

        var severity = request.Severity?.Trim() ?? string.Empty;
        if (!Severity.IsKnown(severity))
        {
            errors["severity"] = severity.Length == 0 ? "required" : "invalid_value";
        }

        var labels = request.Labels ?? new Dictionary<string, string>();
        foreach (var (key, value) in labels)
        {
            if (Reserved.Contains(key) || key.Length is 0 or > 100 || !(char.IsAsciiLetter(key[0]) || key[0] == '_') || !key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || key.StartsWith("__", StringComparison.Ordinal))
            {
                errors["labels"] = Reserved.Contains(key) ? "reserved_label" : "invalid_label_name";
            }
            else if (value is null || value.Length > 500)
            {
                errors["labels"] = "invalid_label_value";
            }
            else if (AlertTemplate.Check(value) is { } templateError)
            {
                errors["labels"] = "invalid_template";
                reason ??= $"{key}: {templateError}";
            }
        }

        var annotations = request.Annotations ?? new Dictionary<string, string>();
        foreach (var (key, value) in annotations)
        {
            if (key.Length is 0 or > 100 || value is null || value.Length > 4000)
            {
                errors["annotations"] = "invalid_value";
            }
            else if (AlertTemplate.Check(value) is { } templateError)
            {
                errors["annotations"] = "invalid_template";
                reason ??= $"{key}: {templateError}";
            }
        }

        var runbook = string.IsNullOrWhiteSpace(request.RunbookUrl) ? null : request.RunbookUrl.Trim();
        if (runbook is not null && (runbook.Length > 2000 || !Uri.TryCreate(runbook, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            errors["runbookUrl"] = "invalid_url";
        }

        string? scope = null;
        if (request.Scope is { } asked)
        {
            var type = string.IsNullOrWhiteSpace(asked.Type) ? null : asked.Type.Trim();
            var attributes = asked.Attributes?.Where(a => !string.IsNullOrWhiteSpace(a.Key)).ToDictionary(a => a.Key.Trim(), a => a.Value?.Trim() ?? string.Empty, StringComparer.Ordinal);
            if (type is { Length: > 100 } || (attributes?.Count ?? 0) > 10 || attributes?.Any(a => a.Key.Length > 100 || a.Value.Length > 200) == true)
            {
                errors["scope"] = "invalid_value";
            }
            else if (type is null && asked.BusinessId is null && (attributes?.Count ?? 0) == 0)
            {
                errors["scope"] = "scope_empty";
            }
            else
            {
                scope = JsonSerializer.Serialize(new RuleScope(type, asked.BusinessId, attributes is { Count: > 0 } ? attributes : null), AlertRuleRow.ScopeJson);
            }
        }

        var template = string.IsNullOrWhiteSpace(request.Template) ? null : request.Template.Trim();
        if (template is not null && RuleTemplates.Find(template) is null)
        {
            errors["template"] = "invalid_value";
        }

        if (errors.Count > 0)
        {
            // The first query or template that does not parse is explained in its field's message (position and reason).
            throw new AppProblem(400, "validation_failed", reason is null ? null : new Dictionary<string, string> { ["message"] = reason, ["reason"] = reason }, errors);
        }

        return new Valid(name, group, expr, forSeconds * 1000, recover, severity, JsonSerializer.Serialize(labels), JsonSerializer.Serialize(annotations), runbook, interval * 1000, request.Enabled ?? true, scope, template, kind);
    }

    private static string? ParseError(string query)
    {
        try
        {
            var parsed = PromQLParser.Parse(query);
            return parsed.Type == ExprType.Vector ? null : $"the condition must give an instant vector (one alert per series), not a {parsed.Type.Describe()}";
        }
        catch (PromQLParseException ex)
        {
            return ex.Message;
        }
    }
}
