using HospitalOps.Kernel.Errors;

namespace HospitalOps.Monitoring.Scrape;

/// <summary>Error codes of the scrape collector: rejected exposition lines and invalid relabelling rules.</summary>
internal static class ScrapeErrors
{
    public const string RelabelUnknownAction = "monitoring.scrape.relabel.unknown_action";
    public const string RelabelInvalidRegex = "monitoring.scrape.relabel.invalid_regex";
    public const string RelabelMissingTargetLabel = "monitoring.scrape.relabel.missing_target_label";
    public const string RelabelInvalidTargetLabel = "monitoring.scrape.relabel.invalid_target_label";
    public const string RelabelInvalidReplacement = "monitoring.scrape.relabel.invalid_replacement";
    public const string RelabelUnexpectedField = "monitoring.scrape.relabel.unexpected_field";
    public const string RelabelInvalidSourceLabel = "monitoring.scrape.relabel.invalid_source_label";
    public const string RelabelTimeout = "monitoring.scrape.relabel.timeout";

    /// <summary>The code of a rejected line (placeholder {line}).</summary>
    public static string CodeOf(ExpositionErrorReason reason) => reason switch
    {
        ExpositionErrorReason.LineTooLong => "monitoring.scrape.parse.line_too_long",
        ExpositionErrorReason.InvalidMetricName => "monitoring.scrape.parse.invalid_metric_name",
        ExpositionErrorReason.InvalidLabelName => "monitoring.scrape.parse.invalid_label_name",
        ExpositionErrorReason.InvalidLabelSet => "monitoring.scrape.parse.invalid_label_set",
        ExpositionErrorReason.InvalidEscape => "monitoring.scrape.parse.invalid_escape",
        ExpositionErrorReason.DuplicateLabelName => "monitoring.scrape.parse.duplicate_label_name",
        ExpositionErrorReason.TooManyLabels => "monitoring.scrape.parse.too_many_labels",
        ExpositionErrorReason.InvalidUtf8 => "monitoring.scrape.parse.invalid_utf8",
        ExpositionErrorReason.MissingValue => "monitoring.scrape.parse.missing_value",
        ExpositionErrorReason.InvalidValue => "monitoring.scrape.parse.invalid_value",
        ExpositionErrorReason.InvalidTimestamp => "monitoring.scrape.parse.invalid_timestamp",
        ExpositionErrorReason.UnexpectedTrailingData => "monitoring.scrape.parse.unexpected_trailing_data",
        ExpositionErrorReason.InvalidExemplar => "monitoring.scrape.parse.invalid_exemplar",
        ExpositionErrorReason.InvalidMetadata => "monitoring.scrape.parse.invalid_metadata",
        ExpositionErrorReason.InvalidType => "monitoring.scrape.parse.invalid_type",
        ExpositionErrorReason.InvalidEof => "monitoring.scrape.parse.invalid_eof",
        ExpositionErrorReason.DataAfterEof => "monitoring.scrape.parse.data_after_eof",
        ExpositionErrorReason.MissingEof => "monitoring.scrape.parse.missing_eof",
        _ => "monitoring.scrape.parse.invalid_line",
    };

    public static void Register()
    {
        Line(ExpositionErrorReason.LineTooLong, "第 {line} 行过长，已跳过。", "Line {line} is too long and was skipped.");
        Line(ExpositionErrorReason.InvalidMetricName, "第 {line} 行的指标名不合法。", "Line {line} has an invalid metric name.");
        Line(ExpositionErrorReason.InvalidLabelName, "第 {line} 行有不合法的标签名。", "Line {line} has an invalid label name.");
        Line(ExpositionErrorReason.InvalidLabelSet, "第 {line} 行的标签格式有误（缺少等号、引号或右花括号）。", "Line {line} has a malformed label set (missing '=', quote or closing brace).");
        Line(ExpositionErrorReason.InvalidEscape, "第 {line} 行的标签值含有不支持的转义字符。", "Line {line} has an unsupported escape in a label value.");
        Line(ExpositionErrorReason.DuplicateLabelName, "第 {line} 行有重复的标签名。", "Line {line} repeats a label name.");
        Line(ExpositionErrorReason.TooManyLabels, "第 {line} 行的标签数量超过上限。", "Line {line} has too many labels.");
        Line(ExpositionErrorReason.InvalidUtf8, "第 {line} 行含有无效的 UTF-8 编码。", "Line {line} contains invalid UTF-8.");
        Line(ExpositionErrorReason.MissingValue, "第 {line} 行缺少样本值。", "Line {line} has no sample value.");
        Line(ExpositionErrorReason.InvalidValue, "第 {line} 行的样本值不是有效数字。", "Line {line} has a sample value that is not a number.");
        Line(ExpositionErrorReason.InvalidTimestamp, "第 {line} 行的时间戳无效。", "Line {line} has an invalid timestamp.");
        Line(ExpositionErrorReason.UnexpectedTrailingData, "第 {line} 行在样本值之后还有多余内容。", "Line {line} has unexpected text after the sample.");
        Line(ExpositionErrorReason.InvalidExemplar, "第 {line} 行的 exemplar 格式有误。", "Line {line} has a malformed exemplar.");
        Line(ExpositionErrorReason.InvalidMetadata, "第 {line} 行的 HELP/TYPE/UNIT 注释格式有误。", "Line {line} is a malformed HELP/TYPE/UNIT comment.");
        Line(ExpositionErrorReason.InvalidType, "第 {line} 行声明了不支持的指标类型。", "Line {line} declares an unsupported metric type.");
        Line(ExpositionErrorReason.InvalidEof, "第 {line} 行的结束标记格式有误，应为“# EOF”。", "Line {line} is a malformed end marker; it must be \"# EOF\".");
        Line(ExpositionErrorReason.DataAfterEof, "第 {line} 行位于“# EOF”之后，OpenMetrics 格式不允许这样。", "Line {line} comes after \"# EOF\", which OpenMetrics forbids.");
        Line(ExpositionErrorReason.MissingEof, "OpenMetrics 响应缺少结尾的“# EOF”，内容可能被截断了。", "The OpenMetrics response lacks the final \"# EOF\"; it may be truncated.");
        ErrorCatalog.Register("monitoring.scrape.parse.invalid_line", "第 {line} 行格式有误。", "Line {line} is malformed.");

        ErrorCatalog.Register(RelabelUnknownAction, "第 {rule} 条重标记规则的动作“{action}”不受支持。", "Relabel rule {rule}: the action \"{action}\" is not supported.");
        ErrorCatalog.Register(RelabelInvalidRegex, "第 {rule} 条重标记规则的正则表达式无效：{reason}", "Relabel rule {rule}: the regex is invalid: {reason}");
        ErrorCatalog.Register(RelabelMissingTargetLabel, "第 {rule} 条重标记规则（{action}）必须填写 target_label。", "Relabel rule {rule} ({action}) needs a target_label.");
        ErrorCatalog.Register(RelabelInvalidTargetLabel, "第 {rule} 条重标记规则的 target_label“{target}”不是合法的标签名。", "Relabel rule {rule}: the target_label \"{target}\" is not a valid label name.");
        ErrorCatalog.Register(RelabelInvalidReplacement, "第 {rule} 条 labelmap 规则的 replacement“{replacement}”不是合法的标签名。", "Relabel rule {rule}: the labelmap replacement \"{replacement}\" is not a valid label name.");
        ErrorCatalog.Register(RelabelUnexpectedField, "第 {rule} 条重标记规则（{action}）只能配置 regex，不能配置 {field}。", "Relabel rule {rule} ({action}) takes only a regex, not {field}.");
        ErrorCatalog.Register(RelabelInvalidSourceLabel, "第 {rule} 条重标记规则的源标签“{label}”不是合法的标签名。", "Relabel rule {rule}: the source label \"{label}\" is not a valid label name.");
        ErrorCatalog.Register(RelabelTimeout, "重标记规则的正则表达式匹配超时，相关序列已丢弃。", "A relabel regex timed out; the series was dropped.");
    }

    private static void Line(ExpositionErrorReason reason, string zh, string en) => ErrorCatalog.Register(CodeOf(reason), zh, en);
}
