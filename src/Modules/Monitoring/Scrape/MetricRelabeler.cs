using System.Text.RegularExpressions;
using HospitalOps.Monitoring.Collection;

namespace HospitalOps.Monitoring.Scrape;

/// <summary>
/// Prometheus <c>metric_relabel_configs</c>, precompiled: applied to each scraped series (its
/// labels with <c>__name__</c>) after parsing. Semantics follow Prometheus: a missing label reads
/// as "", setting a label to "" removes it, a replace whose regex does not match changes
/// nothing, and a series left without <c>__name__</c> is dropped.
/// </summary>
internal sealed class MetricRelabeler
{
    public static readonly TimeSpan DefaultMatchTimeout = TimeSpan.FromMilliseconds(100);

    public static readonly MetricRelabeler None = new([]);

    private readonly CompiledRule[] _rules;

    private MetricRelabeler(CompiledRule[] rules) => _rules = rules;

    public bool IsEmpty => _rules.Length == 0;

    /// <summary>Every problem of every rule (empty when all are valid).</summary>
    public static IReadOnlyList<RelabelRuleError> Validate(IReadOnlyList<RelabelRule> rules) =>
        Compile(rules, DefaultMatchTimeout, out _);

    public static bool TryCreate(
        IReadOnlyList<RelabelRule> rules,
        out MetricRelabeler relabeler,
        out IReadOnlyList<RelabelRuleError> errors,
        TimeSpan? matchTimeout = null)
    {
        errors = Compile(rules, matchTimeout ?? DefaultMatchTimeout, out var compiled);
        relabeler = errors.Count == 0 ? (compiled.Length == 0 ? None : new MetricRelabeler(compiled)) : None;
        return errors.Count == 0;
    }

    /// <summary>
    /// The labels after all rules, or dropped. Without rules the input array itself is returned
    /// (no allocation). Labels keep their order; new ones are appended.
    /// </summary>
    public RelabelResult Apply(Label[] labels)
    {
        if (_rules.Length == 0)
        {
            return new RelabelResult(labels);
        }

        var set = new LabelSet(labels, extra: _rules.Length + 1);
        try
        {
            foreach (var rule in _rules)
            {
                if (!rule.Apply(ref set))
                {
                    return new RelabelResult(null);
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            return new RelabelResult(null, RegexTimedOut: true);
        }

        return set.Has("__name__") ? new RelabelResult(set.ToArray()) : new RelabelResult(null);
    }

    private static IReadOnlyList<RelabelRuleError> Compile(IReadOnlyList<RelabelRule> rules, TimeSpan timeout, out CompiledRule[] compiled)
    {
        var errors = new List<RelabelRuleError>();
        compiled = new CompiledRule[rules.Count];
        for (var index = 0; index < rules.Count; index++)
        {
            var rule = rules[index];
            var number = (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            void Fail(string code, params (string Name, string Value)[] args)
            {
                var dict = new Dictionary<string, string>(StringComparer.Ordinal) { ["rule"] = number };
                foreach (var (name, value) in args)
                {
                    dict[name] = value;
                }

                errors.Add(new RelabelRuleError(index + 1, code, dict));
            }

            if (!TryParseAction(rule.Action, out var action))
            {
                Fail(ScrapeErrors.RelabelUnknownAction, ("action", rule.Action ?? ""));
                continue;
            }

            var actionName = rule.Action.Trim().ToLowerInvariant();
            var sourceLabels = rule.SourceLabels ?? [];
            foreach (var source in sourceLabels)
            {
                if (!ExpositionSyntax.IsLabelName(source))
                {
                    Fail(ScrapeErrors.RelabelInvalidSourceLabel, ("label", source ?? ""));
                }
            }

            var replacement = rule.Replacement ?? RelabelRule.DefaultReplacement;
            if (action == RelabelAction.Replace)
            {
                if (string.IsNullOrEmpty(rule.TargetLabel))
                {
                    Fail(ScrapeErrors.RelabelMissingTargetLabel, ("action", actionName));
                }
                else if (!rule.TargetLabel.Contains('$') && !ExpositionSyntax.IsLabelName(rule.TargetLabel))
                {
                    Fail(ScrapeErrors.RelabelInvalidTargetLabel, ("target", rule.TargetLabel));
                }
            }
            else if (action == RelabelAction.LabelMap)
            {
                if (!replacement.Contains('$') && !ExpositionSyntax.IsLabelName(replacement))
                {
                    Fail(ScrapeErrors.RelabelInvalidReplacement, ("replacement", replacement));
                }
            }
            else if (action is RelabelAction.LabelDrop or RelabelAction.LabelKeep)
            {
                if (sourceLabels.Count > 0)
                {
                    Fail(ScrapeErrors.RelabelUnexpectedField, ("action", actionName), ("field", "source_labels"));
                }

                if (!string.IsNullOrEmpty(rule.TargetLabel))
                {
                    Fail(ScrapeErrors.RelabelUnexpectedField, ("action", actionName), ("field", "target_label"));
                }

                if (rule.Replacement is not null && rule.Replacement != RelabelRule.DefaultReplacement)
                {
                    Fail(ScrapeErrors.RelabelUnexpectedField, ("action", actionName), ("field", "replacement"));
                }

                if (rule.Separator is not null && rule.Separator != RelabelRule.DefaultSeparator)
                {
                    Fail(ScrapeErrors.RelabelUnexpectedField, ("action", actionName), ("field", "separator"));
                }
            }

            var pattern = rule.Regex ?? RelabelRule.DefaultRegex;
            if (!RelabelRegex.TryCreate(pattern, timeout, out var regex, out var regexError))
            {
                Fail(ScrapeErrors.RelabelInvalidRegex, ("regex", pattern), ("reason", regexError ?? ""));
                continue;
            }

            compiled[index] = new CompiledRule(
                action, sourceLabels.ToArray(), rule.Separator ?? RelabelRule.DefaultSeparator, regex!, rule.TargetLabel ?? "", replacement);
        }

        if (errors.Count > 0)
        {
            compiled = [];
        }

        return errors;
    }

    private static bool TryParseAction(string? text, out RelabelAction action)
    {
        action = RelabelAction.Replace;
        switch (text?.Trim().ToLowerInvariant())
        {
            case "replace": action = RelabelAction.Replace; return true;
            case "keep": action = RelabelAction.Keep; return true;
            case "drop": action = RelabelAction.Drop; return true;
            case "labeldrop": action = RelabelAction.LabelDrop; return true;
            case "labelkeep": action = RelabelAction.LabelKeep; return true;
            case "labelmap": action = RelabelAction.LabelMap; return true;
            default: return false;
        }
    }

    private sealed class CompiledRule(
        RelabelAction action, string[] sourceLabels, string separator, RelabelRegex regex, string targetLabel, string replacement)
    {
        /// <summary>False when the series is dropped.</summary>
        public bool Apply(ref LabelSet set)
        {
            switch (action)
            {
                case RelabelAction.Keep:
                    return regex.Regex.IsMatch(SourceValue(ref set));
                case RelabelAction.Drop:
                    return !regex.Regex.IsMatch(SourceValue(ref set));
                case RelabelAction.Replace:
                    Replace(ref set);
                    return true;
                case RelabelAction.LabelDrop:
                    set.RemoveWhere(regex.Regex, remove: true);
                    return true;
                case RelabelAction.LabelKeep:
                    set.RemoveWhere(regex.Regex, remove: false);
                    return true;
                case RelabelAction.LabelMap:
                    foreach (var label in set.Snapshot())
                    {
                        var match = regex.Regex.Match(label.Name);
                        if (match.Success)
                        {
                            set.Set(RelabelTemplate.Expand(replacement, regex, match), label.Value);
                        }
                    }

                    return true;
                default:
                    return true;
            }
        }

        private void Replace(ref LabelSet set)
        {
            var value = SourceValue(ref set);
            if (regex.IsDefault && replacement == RelabelRule.DefaultReplacement && !targetLabel.Contains('$'))
            {
                set.Set(targetLabel, value);
                return;
            }

            var match = regex.Regex.Match(value);
            if (!match.Success)
            {
                return;
            }

            var target = RelabelTemplate.Expand(targetLabel, regex, match);
            if (!ExpositionSyntax.IsLabelName(target))
            {
                return;
            }

            set.Set(target, RelabelTemplate.Expand(replacement, regex, match));
        }

        private string SourceValue(ref LabelSet set)
        {
            if (sourceLabels.Length == 1)
            {
                return set.Get(sourceLabels[0]);
            }

            var values = new string[sourceLabels.Length];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = set.Get(sourceLabels[i]);
            }

            return string.Join(separator, values);
        }
    }
}
