using System.Text.Json;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Security;

namespace HospitalOps.Alerting.Notifications.Channels;

/// <summary>
/// A channel's settings that are not secret. Which ones a channel uses depends on its type (<see cref="ChannelType"/>):
/// SMTP host/port/security/from/to for e-mail; message type and @-mentions for robots; account, sign name and
/// template for SMS; the URL of a webhook.
/// </summary>
public sealed record ChannelSettings
{
    public string? Host { get; init; }

    /// <summary>Also carries the service desk's notices (a ticket dispatched, escalated, someone mentioned) to the people they name.</summary>
    public bool? TicketNotices { get; init; }

    /// <summary>Also gathers the people of every P1 ticket: a robot posts it into its group, a webhook receives a create-group request.</summary>
    public bool? P1Groups { get; init; }

    public int? Port { get; init; }

    /// <summary>E-mail transport security: <c>starttls</c>, <c>ssl</c> (TLS on connect) or <c>none</c>.</summary>
    public string? Security { get; init; }

    public string? Username { get; init; }

    public string? From { get; init; }

    public IReadOnlyList<string>? To { get; init; }

    /// <summary>A PEM certificate the mail server's must chain to, for hospitals whose mail server has its own CA.</summary>
    public string? CaCertificate { get; init; }

    /// <summary>Robot message type: <c>text</c> or <c>markdown</c>.</summary>
    public string? MessageType { get; init; }

    public IReadOnlyList<string>? MentionMobiles { get; init; }

    public string? Url { get; init; }

    /// <summary>The SMS API address; the vendor's public endpoint when empty (a proxy or test endpoint otherwise).</summary>
    public string? Endpoint { get; init; }

    public string? AccessKeyId { get; init; }

    public string? SecretId { get; init; }

    public string? SdkAppId { get; init; }

    public string? SignName { get; init; }

    public string? TemplateCode { get; init; }

    public string? TemplateId { get; init; }

    public string? Region { get; init; }

    public IReadOnlyList<string>? Phones { get; init; }
}

/// <summary>
/// A channel to create or change. <see cref="Secrets"/> sets secret fields (a password, a robot URL with its key, a
/// signing secret); a field left out keeps its stored value and an empty value removes it.
/// </summary>
public sealed record SaveChannelRequest(
    string? Name,
    string? Type,
    string? Language,
    ChannelSettings? Settings,
    IReadOnlyDictionary<string, string?>? Secrets,
    int? RatePerMinute,
    bool? Enabled,
    int? Version);

/// <summary>A channel as the API shows it: secrets never leave the server, only which ones are set (and a robot's host).</summary>
public sealed record ChannelDto(
    long Id,
    string Name,
    string Type,
    string Language,
    ChannelSettings Settings,
    IReadOnlyList<string> SecretsSet,
    string? Address,
    int RatePerMinute,
    bool Enabled,
    DateTimeOffset UpdatedAt,
    int Version);

internal sealed record ChannelRow
{
    public const string Columns =
        "id AS Id, name AS Name, type AS Type, language AS Language, settings AS Settings, secret AS Secret, rate_per_minute AS RatePerMinute, " +
        "enabled AS Enabled, updated_at AS UpdatedAt, version AS Version";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public long Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public string Type { get; init; } = string.Empty;

    public string Language { get; init; } = "zh-CN";

    public string Settings { get; init; } = "{}";

    public string? Secret { get; init; }

    public int RatePerMinute { get; init; }

    public bool Enabled { get; init; }

    public long UpdatedAt { get; init; }

    public int Version { get; init; }

    public ChannelSettings SettingsValue => JsonSerializer.Deserialize<ChannelSettings>(Settings, Json) ?? new ChannelSettings();

    public Dictionary<string, string> Secrets(ISecretProtector protector) =>
        Secret is null ? new(StringComparer.Ordinal) : JsonSerializer.Deserialize<Dictionary<string, string>>(protector.Unprotect(Secret)) ?? new(StringComparer.Ordinal);

    public ChannelDto ToDto(ISecretProtector protector)
    {
        var secrets = Secrets(protector);
        var settings = SettingsValue;
        return new ChannelDto(Id, Name, Type, Language, settings, secrets.Keys.Order(StringComparer.Ordinal).ToList(), Address(settings, secrets), RatePerMinute, Enabled, UnixMs.ToTime(UpdatedAt), Version);
    }

    /// <summary>Where messages go, without anything secret: a robot's URL is shown by scheme, host and path only.</summary>
    private string? Address(ChannelSettings settings, Dictionary<string, string> secrets) => Type switch
    {
        ChannelType.Email => settings.Host is null ? null : $"{settings.Host}:{settings.Port}",
        ChannelType.Webhook => Uri.TryCreate(settings.Url, UriKind.Absolute, out var hook) ? hook.GetLeftPart(UriPartial.Path) : null,
        _ when secrets.TryGetValue("url", out var url) && Uri.TryCreate(url, UriKind.Absolute, out var robot) => robot.GetLeftPart(UriPartial.Path),
        _ => settings.Endpoint,
    };
}
