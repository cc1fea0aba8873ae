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
        ErrorCatalog.Register("maintenance_scope_empty", "请指定维护范围：配置项、配置项类型/业务系统/属性，或告警标签。", "Give the window a scope: CIs, a CI type, business system or attributes, or alert labels.");
        ErrorCatalog.Register("invalid_schedule", "重复规则有误：{reason}", "The repeat schedule is not valid: {reason}");
        ErrorCatalog.Register("invalid_window_duration", "每次维护时长应在 1 分钟到 7 天之间。", "Each window lasts from 1 minute to 7 days.");
        ErrorCatalog.Register("invalid_window_end", "结束时间应晚于开始时间，单次维护最长 31 天。", "The end must come after the start; a one-off window lasts at most 31 days.");
        ErrorCatalog.Register("host_not_allowed", "该地址不在允许的通知主机列表中。", "This host is not among the hosts notifications may reach.");
        ErrorCatalog.Register(
            "channel_host_not_allowed",
            "{host} 不在允许的通知主机列表中，消息未发送。请修改渠道地址，或由管理员将该主机加入 Alerting:NotificationHosts。",
            "{host} is not among the hosts notifications may reach; nothing was sent. Change the channel's address, or have an administrator add the host to Alerting:NotificationHosts.");
        ErrorCatalog.Register("invalid_route_order", "新的顺序须列出全部通知路由，每条恰好一次；路由可能已被他人增删，请刷新后重试。", "The new order must list every notification route exactly once; someone may have added or deleted one, so reload and try again.");
        ErrorCatalog.Register("invalid_email", "邮箱地址格式不正确。", "This is not a valid e-mail address.");
        ErrorCatalog.Register("invalid_phone", "手机号格式不正确（6–15 位数字，可带 +）。", "This is not a valid mobile number (6–15 digits, optional +).");
        ErrorCatalog.Register("invalid_certificate", "证书无法读取，请粘贴 PEM 格式的证书。", "The certificate cannot be read; paste it in PEM form.");
        ErrorCatalog.Register("channel_unavailable", "该类通知渠道在本服务器上不可用。", "This kind of channel is not available on this server.");
        ErrorCatalog.Register("too_many", "一次最多处理 500 项。", "At most 500 items at once.");
    }
}
