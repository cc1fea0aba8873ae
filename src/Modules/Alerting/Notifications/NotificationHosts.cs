using HospitalOps.Alerting.Notifications.Channels;
using HospitalOps.Alerting.Notifications.Senders;

namespace HospitalOps.Alerting.Notifications;

/// <summary>
/// Where the server may send notifications. A hospital network is closed: when <see cref="AlertingOptions.NotificationHosts"/>
/// lists hosts, a channel may only reach those (a name, or "*.domain" for its subdomains), so a channel cannot be turned
/// into a way to probe internal systems. Checked when a channel is saved and again before every message and test, since
/// the list may have been narrowed after the channel was saved.
/// </summary>
internal static class NotificationHosts
{
    /// <summary>An address a channel sends to: the field it is set in, and either a bare host (a mail server) or a URL.</summary>
    public sealed record Address(string Field, string Value, bool IsUrl)
    {
        /// <summary>The host the address names, or null when it is not a usable address.</summary>
        public string? Host =>
            IsUrl
                ? Uri.TryCreate(Value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0 ? uri.Host : null
                : Uri.CheckHostName(Value) == UriHostNameType.Unknown ? null : Value;
    }

    public static bool Allowed(AlertingOptions options, string host)
    {
        if (options.NotificationHosts is not { Length: > 0 } allowed)
        {
            return true;
        }

        host = host.Trim('[', ']').ToLowerInvariant();
        foreach (var entry in allowed.Select(a => a.Trim().ToLowerInvariant()))
        {
            if (entry == host || (entry.StartsWith("*.", StringComparison.Ordinal) && host.EndsWith(entry[1..], StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Every address a channel's messages go to, as its sender will use it: an SMS channel without an endpoint of its own
    /// reaches the vendor's.
    /// </summary>
    public static IEnumerable<Address> Of(ChannelType type, ChannelSettings settings, IReadOnlyDictionary<string, string> secrets)
    {
        switch (type.Code)
        {
            case ChannelType.Email when settings.Host is { } host:
                yield return new Address("settings.host", host, false);
                break;
            case ChannelType.WeCom or ChannelType.DingTalk or ChannelType.Feishu when secrets.TryGetValue("url", out var robot):
                yield return new Address("secrets.url", robot, true);
                break;
            case ChannelType.AliyunSms:
                yield return new Address("settings.endpoint", settings.Endpoint ?? AliyunSmsSender.DefaultEndpoint, true);
                break;
            case ChannelType.TencentSms:
                yield return new Address("settings.endpoint", settings.Endpoint ?? TencentSmsSender.DefaultEndpoint, true);
                break;
            case ChannelType.Webhook when settings.Url is { } url:
                yield return new Address("settings.url", url, true);
                break;
        }
    }

    /// <summary>The first host of a saved channel the allow-list does not (or no longer) name, or null when all are allowed.</summary>
    public static string? Refused(AlertingOptions options, ChannelRow channel, IReadOnlyDictionary<string, string> secrets)
    {
        if (ChannelType.Find(channel.Type) is not { } type)
        {
            return null;
        }

        foreach (var address in Of(type, channel.SettingsValue, secrets))
        {
            // An address that no longer parses cannot be shown to be allowed; its text may hold a key, so it is not repeated.
            if (address.Host is not { } host)
            {
                return "?";
            }

            if (!Allowed(options, host))
            {
                return host;
            }
        }

        return null;
    }
}
