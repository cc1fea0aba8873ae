using System.Globalization;
using System.Text;
using System.Text.Json;
using HospitalOps.Alerting.Notifications.Channels;
using HospitalOps.Cmdb.Contracts;

namespace HospitalOps.Alerting.Notifications.Messages;

/// <summary>What a notification is about: an event as it is when the message is written.</summary>
internal sealed record EventFacts(
    long EventId,
    string Kind,
    string Title,
    string Severity,
    string State,
    double? Value,
    DateTimeOffset At,
    DateTimeOffset FirstSeen,
    string? CiCode,
    CiFacts? Ci,
    string? Runbook,
    IReadOnlyDictionary<string, string>? Labels = null);

/// <summary>A rendered message: a title and a body, already cut to the channel's byte limits.</summary>
internal sealed record RenderedMessage(string Title, string Body);

/// <summary>
/// The built-in message of each notification kind, in zh-CN and en-US: title, CI, business system, severity, value, time
/// and link. Robots set to markdown get the same lines in markdown; SMS gets template parameters (JSON) for the
/// hospital's approved template — <c>level</c>, <c>title</c>, <c>ci</c>, <c>time</c> (Aliyun by name, Tencent in that order).
/// </summary>
internal static class NotificationMessages
{
    public const string Firing = "firing";
    public const string Resolved = "resolved";
    public const string Escalated = "escalated";
    public const string Test = "test";

    public static RenderedMessage Render(ChannelType type, ChannelSettings settings, string language, EventFacts facts, TimeZoneInfo zone, string? publicUrl)
    {
        var zh = language != "en-US";
        var level = SeverityName(facts.Severity, zh);
        var head = facts.Kind switch
        {
            Resolved => zh ? "【已恢复】" : "[RESOLVED] ",
            Escalated => zh ? $"【升级·{level}】" : $"[ESCALATED {level.ToUpperInvariant()}] ",
            Test => zh ? "【测试】" : "[TEST] ",
            _ => zh ? $"【{level}】" : $"[{level.ToUpperInvariant()}] ",
        };
        var title = Utf8Text.Truncate(head + facts.Title, type.TitleBytes);
        var local = TimeZoneInfo.ConvertTime(facts.At, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var ci = facts.Ci is { } c ? $"{c.Name} ({c.Code})" : facts.CiCode;
        if (type.Code is ChannelType.AliyunSms or ChannelType.TencentSms)
        {
            // One SMS is 70 characters; an approved template adds its own words around the parameters.
            var parameters = new Dictionary<string, string>
            {
                ["level"] = level,
                ["title"] = Utf8Text.Truncate((facts.Kind == Resolved ? (zh ? "已恢复 " : "resolved ") : string.Empty) + facts.Title, 60),
                ["ci"] = Utf8Text.Truncate(facts.Ci?.Name ?? facts.CiCode ?? "-", 45),
                ["time"] = TimeZoneInfo.ConvertTime(facts.At, zone).ToString("MM-dd HH:mm", CultureInfo.InvariantCulture),
            };
            return new RenderedMessage(title, JsonSerializer.Serialize(parameters));
        }

        var link = publicUrl is { Length: > 0 } && facts.EventId > 0 ? $"{publicUrl.TrimEnd('/')}/alerting/events/{facts.EventId}" : null;
        if (type.Code == ChannelType.Webhook)
        {
            // A webhook's receiver is a program: it gets the event's fields, not prose.
            return new RenderedMessage(title, JsonSerializer.Serialize(new
            {
                id = facts.EventId,
                kind = facts.Kind,
                title = facts.Title,
                severity = facts.Severity,
                state = facts.State,
                value = facts.Value,
                at = facts.At,
                firstSeen = facts.FirstSeen,
                ci = facts.CiCode,
                ciName = facts.Ci?.Name,
                ciType = facts.Ci?.Type,
                businessSystems = facts.Ci?.BusinessSystems.Select(b => new { b.Id, b.Code, b.Name }),
                labels = facts.Labels,
                runbook = facts.Runbook,
                link,
            }, WebhookJson));
        }

        var lines = new List<(string Label, string Value)>
        {
            (zh ? "事态" : "Event", facts.Title),
            (zh ? "级别" : "Severity", level),
        };
        if (ci is not null)
        {
            lines.Add((zh ? "配置项" : "CI", ci));
        }

        if (facts.Ci is { BusinessSystems.Count: > 0 } withBusiness)
        {
            lines.Add((zh ? "业务系统" : "Business system", string.Join(zh ? "、" : ", ", withBusiness.BusinessSystems.Select(b => b.Name))));
        }

        if (facts.Value is { } value && facts.Kind != Resolved)
        {
            lines.Add((zh ? "当前值" : "Value", value.ToString("G6", CultureInfo.InvariantCulture)));
        }

        lines.Add((facts.Kind == Resolved ? (zh ? "恢复时间" : "Resolved at") : (zh ? "时间" : "Time"), local));
        if (facts.Kind == Resolved)
        {
            lines.Add((zh ? "持续" : "Lasted", Duration(facts.At - facts.FirstSeen, zh)));
        }

        if (facts.Runbook is { Length: > 0 } runbook)
        {
            lines.Add((zh ? "处置预案" : "Runbook", runbook));
        }

        if (link is not null)
        {
            lines.Add((zh ? "处理" : "Open", link));
        }

        var markdown = settings.MessageType == "markdown";
        var body = new StringBuilder();
        if (markdown)
        {
            body.Append("**").Append(title).Append("**\n");
        }

        foreach (var (label, text) in lines)
        {
            body.Append(markdown ? $"> **{label}**: {text}\n" : $"{label}{(zh ? "：" : ": ")}{text}\n");
        }

        return new RenderedMessage(title, Utf8Text.Truncate(body.ToString().TrimEnd('\n'), type.BodyBytesFor(settings.MessageType)));
    }

    private static readonly JsonSerializerOptions WebhookJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string SeverityName(string severity, bool zh) => severity switch
    {
        "critical" => zh ? "紧急" : "Critical",
        "major" => zh ? "严重" : "Major",
        "minor" => zh ? "重要" : "Minor",
        _ => zh ? "提示" : "Info",
    };

    private static string Duration(TimeSpan span, bool zh)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span.TotalHours >= 1
            ? zh ? $"{(int)span.TotalHours} 小时 {span.Minutes} 分" : $"{(int)span.TotalHours} h {span.Minutes} min"
            : zh ? $"{Math.Max(1, (int)Math.Ceiling(span.TotalMinutes))} 分钟" : $"{Math.Max(1, (int)Math.Ceiling(span.TotalMinutes))} min";
    }
}
