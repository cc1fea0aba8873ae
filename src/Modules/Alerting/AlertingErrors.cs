using HospitalOps.Kernel.Errors;

namespace HospitalOps.Alerting;

internal static class AlertingErrors
{
    public static void Register()
    {
        ErrorCatalog.Register("rule_name_taken", "已有同名告警规则。", "Another alert rule has this name.");
        ErrorCatalog.Register("invalid_template", "模板有误：{reason}", "The template is not valid: {reason}");
        ErrorCatalog.Register("reserved_label", "alertname 与 severity 由平台设置，不能在规则中指定。", "alertname and severity are set by the platform; a rule cannot set them.");
        ErrorCatalog.Register("invalid_rule_interval", "评估间隔应在 5 秒到 1 小时之间。", "The evaluation interval must be between 5 seconds and 1 hour.");
        ErrorCatalog.Register("invalid_for_duration", "持续时间应在 0 到 7 天之间。", "The duration must be between 0 and 7 days.");
        ErrorCatalog.Register("event_resolved", "该事态已恢复，无需确认。", "This event has already resolved; there is nothing to acknowledge.");
        ErrorCatalog.Register("scope_empty", "范围至少要指定配置项类型、业务系统或属性之一。", "A scope needs a CI type, a business system or an attribute.");
        ErrorCatalog.Register("invalid_preview_days", "预览范围为 1 到 7 天。", "The preview covers 1 to 7 days.");
        ErrorCatalog.Register("too_many", "一次最多处理 500 项。", "At most 500 items at once.");
    }
}
