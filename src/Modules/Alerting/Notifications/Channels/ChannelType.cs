namespace HospitalOps.Alerting.Notifications.Channels;

/// <summary>
/// A kind of notification channel: the settings it needs, the secrets it keeps, how many messages per minute its peer
/// accepts, and how many UTF-8 bytes a title and a body may take there.
/// </summary>
internal sealed record ChannelType(
    string Code,
    string NameZh,
    string NameEn,
    string[] RequiredSettings,
    string[] SecretFields,
    string[] RequiredSecrets,
    int DefaultRatePerMinute,
    int TitleBytes,
    int BodyBytes,
    bool NeedsRecipients)
{
    public const string Email = "email";
    public const string WeCom = "wecom";
    public const string DingTalk = "dingtalk";
    public const string Feishu = "feishu";
    public const string AliyunSms = "sms-aliyun";
    public const string TencentSms = "sms-tencent";
    public const string Webhook = "webhook";

    public static readonly IReadOnlyList<ChannelType> All =
    [
        // Subjects beyond ~200 bytes are cut by many mail clients; bodies are kept to a readable page.
        new(Email, "电子邮件（SMTP）", "E-mail (SMTP)", ["host", "port", "security", "from"], ["password"], [], 60, 200, 16_384, true),
        // Robot limits from the vendors: WeCom text 2048 bytes / markdown 4096, 20 messages a minute per robot.
        new(WeCom, "企业微信群机器人", "WeCom group robot", [], ["url"], ["url"], 20, 256, 4_096, false),
        new(DingTalk, "钉钉机器人（加签）", "DingTalk robot (signed)", [], ["url", "signSecret"], ["url"], 20, 256, 4_096, false),
        new(Feishu, "飞书机器人（签名校验）", "Feishu robot (signed)", [], ["url", "signSecret"], ["url"], 20, 256, 4_096, false),
        // SMS goes through an approved template: the text is its parameters, kept short (one message, 70 characters).
        new(AliyunSms, "阿里云短信", "Aliyun SMS", ["accessKeyId", "signName", "templateCode"], ["accessKeySecret"], ["accessKeySecret"], 10, 60, 120, true),
        new(TencentSms, "腾讯云短信", "Tencent Cloud SMS", ["secretId", "sdkAppId", "signName", "templateId"], ["secretKey"], ["secretKey"], 10, 60, 120, true),
        new(Webhook, "通用 Webhook（HMAC 签名）", "Webhook (HMAC-signed JSON)", ["url"], ["hmacSecret"], [], 120, 1_000, 65_536, false),
    ];

    /// <summary>The body limit for a message type: a WeCom text message takes half of what its markdown takes.</summary>
    public int BodyBytesFor(string? messageType) => Code == WeCom && messageType != "markdown" ? 2_048 : BodyBytes;

    public static ChannelType? Find(string? code) => All.FirstOrDefault(t => t.Code == code);

    /// <summary>Robots and webhooks carry their address in a URL the robot's key is part of.</summary>
    public bool IsHttp => Code is WeCom or DingTalk or Feishu or Webhook or AliyunSms or TencentSms;
}
