using HospitalOps.Kernel.Errors;

namespace HospitalOps.Monitoring;

internal static class MonitoringErrors
{
    public static void Register()
    {
        ErrorCatalog.Register("invalid_promql", "查询语句有误：{message}", "The query is not valid PromQL: {message}");
        ErrorCatalog.Register("unknown_dashboard_format", "不是 HospitalOps 仪表盘导出文件（format 应为 hospitalops-dashboard/1）。", "Not a HospitalOps dashboard export (format must be hospitalops-dashboard/1).");
        ErrorCatalog.Register("unknown_target_kind", "不支持的监控对象类型。", "Unknown target kind.");
        ErrorCatalog.Register("name_taken", "名称已被其他监控对象使用。", "Another target already has this name.");
        ErrorCatalog.Register("invalid_address", "地址无效。", "Invalid address.");
        ErrorCatalog.Register("invalid_url", "请输入 http:// 或 https:// 开头的完整地址。", "Enter a full http:// or https:// URL.");
        ErrorCatalog.Register("invalid_host", "请输入主机名或 IP 地址。", "Enter a host name or IP address.");
        ErrorCatalog.Register("invalid_host_port", "请输入“主机:端口”，端口 1–65535。", "Enter host:port with a port from 1 to 65535.");
        ErrorCatalog.Register("invalid_interval", "采集间隔应在 1 秒到 1 天之间。", "The interval must be between 1 second and 1 day.");
        ErrorCatalog.Register("invalid_timeout", "超时应在 0.1 秒到采集间隔之间。", "The timeout must be between 0.1 s and the interval.");
        ErrorCatalog.Register("too_many_labels", "标签最多 30 个。", "At most 30 labels.");
        ErrorCatalog.Register("invalid_label_name", "标签名须以字母或下划线开头，只含字母、数字和下划线，且不能以 __ 开头。", "Label names start with a letter or '_', use letters, digits and '_', and may not start with '__'.");
        ErrorCatalog.Register("automatic_label", "该标签由平台根据 CMDB 自动设置，不能手工指定。", "The platform sets this label from the CMDB; it cannot be set by hand.");
        ErrorCatalog.Register("invalid_label_value", "标签值最长 500 个字符。", "Label values are at most 500 characters.");
        ErrorCatalog.Register("unknown_secret_field", "该类型没有这个凭据字段。", "This kind has no such credential field.");
        ErrorCatalog.Register("invalid_ae_title", "AE Title 为 1–16 个字符，不能含反斜杠或控制字符。", "AE titles are 1–16 characters without backslashes or control characters.");
        ErrorCatalog.Register("invalid_selector", "序列选择器格式不正确，例如 node_load1{instance=\"his-db-01:9100\"}。", "Invalid series selector, e.g. node_load1{instance=\"his-db-01:9100\"}.");
        ErrorCatalog.Register("selector_matches_everything", "选择器至少要有一个不匹配空值的条件。", "The selector needs at least one matcher that does not match the empty value.");
        ErrorCatalog.Register("invalid_regex", "正则表达式无效。", "Invalid regular expression.");
        ErrorCatalog.Register("invalid_range", "时间范围无效。", "Invalid time range.");
        ErrorCatalog.Register("too_many_series", "匹配的序列过多（最多 200 条），请增加筛选条件。", "Too many series match (at most 200); narrow the selector.");
        ErrorCatalog.Register("selector_too_wide", "请至少指定配置项类型、业务系统或关键字之一。", "Give at least a CI type, a business system or a text.");
        ErrorCatalog.Register("too_many_cis", "选中的配置项超过 2000 个，请缩小范围。", "More than 2,000 CIs selected; narrow the selection.");
        ErrorCatalog.Register("missing_attribute", "配置项缺少地址模板用到的属性。", "The CI lacks an attribute the address pattern uses.");
        ErrorCatalog.Register("not_a_database_target", "该监控对象不是 PostgreSQL 数据库。", "This target is not a PostgreSQL database.");
        ErrorCatalog.Register("invalid_check_script", "检查脚本不可执行：{reason}", "The check script cannot run: {reason}");
        ErrorCatalog.Register("invalid_metric_name", "指标名只能包含字母、数字、下划线和冒号，且不能以数字开头。", "Metric names use letters, digits, '_' and ':' and do not start with a digit.");
        ErrorCatalog.Register("invalid_relabel_rule", "指标重标记规则无效：{reason}", "Invalid metric relabelling rule: {reason}");

        ErrorCatalog.Register("monitoring.timeout", "采集超时（{seconds} 秒）。", "The collection timed out ({seconds} s).");
        ErrorCatalog.Register("monitoring.connect_failed", "无法连接到目标：{reason}", "Could not connect to the target: {reason}");
        ErrorCatalog.Register("monitoring.collector_error", "采集程序内部错误（{reason}），详情见服务器日志。", "The collector failed internally ({reason}); see the server log.");
        ErrorCatalog.Register("monitoring.kind_unavailable", "本节点不支持“{kind}”类型的采集。", "This node cannot collect targets of kind \"{kind}\".");
        ErrorCatalog.Register("monitoring.scrape.http_status", "指标端点返回 HTTP {status}。", "The metrics endpoint answered HTTP {status}.");
        ErrorCatalog.Register("monitoring.scrape.body_too_large", "指标内容超过上限（{limit} 字节），已停止读取。", "The metrics body exceeds the limit ({limit} bytes); reading stopped.");
        ErrorCatalog.Register("monitoring.scrape.bad_gzip", "指标内容的 gzip 压缩数据已损坏。", "The gzip-compressed metrics body is damaged.");
        ErrorCatalog.Register("monitoring.scrape.sample_limit", "序列数超过上限 {limit}，本次采集已全部丢弃（请检查指标是否爆炸或调整上限）。", "More than {limit} series: the whole scrape was dropped (check for a series explosion or raise the limit).");
    }
}
