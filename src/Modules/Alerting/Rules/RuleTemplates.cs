using System.Globalization;
using HospitalOps.Kernel.Errors;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Alerting.Rules;

/// <summary>
/// A ready-made rule for a kind of CI: its condition with a <c>{threshold}</c> (and <c>{recover}</c>, the threshold
/// minus the hysteresis) to fill in, and the CMDB scope it applies to.
/// </summary>
public sealed record RuleTemplate(
    string Id,
    string NameZh,
    string NameEn,
    string DescriptionZh,
    string DescriptionEn,
    string Expr,
    string? RecoverExpr,
    double? Threshold,
    double Hysteresis,
    string? Unit,
    long ForSeconds,
    string Severity,
    RuleScope? Scope,
    string Summary,
    long IntervalSeconds = 60,
    bool SignalsDown = false);

/// <summary>What to change from a template's defaults when applying it.</summary>
public sealed record ApplyRuleTemplateRequest(string? Name, string? Group, double? Threshold, string? Severity, long? ForSeconds, RuleScope? Scope);

/// <summary>The library of rule templates the product ships (and the demo loads).</summary>
internal static class RuleTemplates
{
    public const string StandardGroup = "standard";

    public static readonly IReadOnlyList<RuleTemplate> All =
    [
        new("oracle-tablespace", "Oracle 表空间使用率过高", "Oracle tablespace almost full",
            "每个 Oracle 数据库：表空间使用率超过阈值持续 10 分钟；回落到阈值以下 5 个百分点才恢复。",
            "Every Oracle database: a tablespace above the threshold for 10 minutes; resolves 5 points below it.",
            "oracle_tablespace_used_ratio * 100 > {threshold}", "oracle_tablespace_used_ratio * 100 < {recover}", 85, 5, "%", 600, Rules.Severity.Major,
            new RuleScope("database", null, new Dictionary<string, string> { ["engine"] = "oracle" }),
            "{{ $labels.ci }} 表空间 {{ $labels.tablespace }} 已用 {{ printf \"%.1f\" $value }}%"),
        new("server-clock-offset", "服务器时钟偏差过大", "Server clock offset too large",
            "每台服务器：与时间源的偏差绝对值超过阈值（秒）持续 5 分钟。",
            "Every server: the absolute offset from the time source above the threshold (seconds) for 5 minutes.",
            "abs(ntp_offset_seconds) > {threshold}", null, 1, 0, "s", 300, Rules.Severity.Major,
            new RuleScope("os-instance", null, null),
            "{{ $labels.ci }} 时钟偏差 {{ $value | humanizeDuration }}"),
        new("filesystem-usage", "文件系统使用率过高", "File system almost full",
            "每台服务器：文件系统使用率超过阈值持续 10 分钟；回落到阈值以下 5 个百分点才恢复。",
            "Every server: a file system above the threshold for 10 minutes; resolves 5 points below it.",
            "(1 - node_filesystem_avail_bytes / node_filesystem_size_bytes) * 100 > {threshold}",
            "(1 - node_filesystem_avail_bytes / node_filesystem_size_bytes) * 100 < {recover}", 90, 5, "%", 600, Rules.Severity.Major,
            new RuleScope("os-instance", null, null),
            "{{ $labels.ci }} {{ $labels.mountpoint }} 已用 {{ printf \"%.1f\" $value }}%"),
        new("modality-dicom-echo", "影像设备 DICOM 连通失败", "Modality DICOM echo failing",
            "每台影像设备：DICOM C-ECHO 连续失败 3 分钟。",
            "Every modality: DICOM C-ECHO failing for 3 minutes.",
            "dicom_echo_success == 0", null, null, 0, null, 180, Rules.Severity.Critical,
            new RuleScope("modality", null, null),
            "{{ $labels.ci }} DICOM 连通检查失败", SignalsDown: true),
        new("business-http-down", "业务系统访问检查失败", "Business system check failing",
            "每个业务系统：HTTP/TCP 访问检查失败持续 2 分钟。",
            "Every business system: its HTTP/TCP check failing for 2 minutes.",
            "probe_success == 0", null, null, 0, null, 120, Rules.Severity.Critical,
            new RuleScope("business", null, null),
            "{{ $labels.ci }} 访问检查失败（{{ $labels.instance }}）", SignalsDown: true),
        new("target-down", "监控对象采集失败", "Target down",
            "任何监控对象：采集失败（up == 0）持续 2 分钟。",
            "Any monitoring target: collection failing (up == 0) for 2 minutes.",
            "up == 0", null, null, 0, null, 120, Rules.Severity.Major, null,
            "{{ $labels.ci }} 的 {{ $labels.job }} 采集失败", SignalsDown: true),
        new("data-stopped", "监控数据中断", "Monitoring data stopped",
            "任何监控对象：最近一小时有数据、但最近 5 分钟没有新数据（对象被停用或采集节点失联）。",
            "Any monitoring target: data in the last hour but none in the last 5 minutes (target stopped or its node lost).",
            "max_over_time(up[1h]) unless up", null, null, 0, null, 0, Rules.Severity.Minor, null,
            "{{ $labels.ci }} 的 {{ $labels.job }} 已无新数据"),
    ];

    public static RuleTemplate? Find(string id) => All.FirstOrDefault(t => t.Id == id);

    internal static IResult ListEndpoint() => Results.Ok(All);

    internal static async Task<IResult> ApplyEndpoint(string id, ApplyRuleTemplateRequest request, SaveRule save, CancellationToken ct)
    {
        var rule = await save.CreateAsync(Instantiate(Find(id) ?? throw AppProblem.NotFound(), request), ct);
        return Results.Created($"/api/v1/alerting/rules/{rule.Id}", rule);
    }

    /// <summary>The rule a template gives with the caller's changes; validated like any rule when saved.</summary>
    public static SaveAlertRuleRequest Instantiate(RuleTemplate template, ApplyRuleTemplateRequest request)
    {
        var threshold = request.Threshold ?? template.Threshold;
        string Fill(string expr) => threshold is { } t
            ? expr.Replace("{threshold}", Number(t), StringComparison.Ordinal).Replace("{recover}", Number(t - template.Hysteresis), StringComparison.Ordinal)
            : expr;
        return new SaveAlertRuleRequest(
            Name: string.IsNullOrWhiteSpace(request.Name) ? template.NameZh : request.Name,
            Group: string.IsNullOrWhiteSpace(request.Group) ? StandardGroup : request.Group,
            Expr: Fill(template.Expr),
            ForSeconds: request.ForSeconds ?? template.ForSeconds,
            RecoverExpr: template.RecoverExpr is null ? null : Fill(template.RecoverExpr),
            Severity: request.Severity ?? template.Severity,
            Labels: template.SignalsDown ? new Dictionary<string, string> { [Events.EventCorrelation.Label] = Events.EventCorrelation.Down } : new Dictionary<string, string>(),
            Annotations: new Dictionary<string, string> { ["summary"] = template.Summary },
            RunbookUrl: null,
            IntervalSeconds: template.IntervalSeconds,
            Enabled: true,
            Version: null,
            Scope: request.Scope ?? template.Scope,
            Template: template.Id);
    }

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
