using HospitalOps.Alerting.Notifications.Channels;

namespace HospitalOps.Alerting.Notifications.Senders;

/// <summary>One message on its way out: what to send, to whom, through which channel (with its secrets, in memory only).</summary>
internal sealed record OutboundNotification(
    string IdempotencyKey,
    string Kind,
    string Title,
    string Body,
    IReadOnlyList<string> Recipients,
    ChannelRow Channel,
    ChannelSettings Settings,
    IReadOnlyDictionary<string, string> Secrets);

/// <summary>
/// What a delivery attempt came to. A temporary failure (peer down, rate-limited, 5xx) is retried; a permanent one (a
/// rejected address, a wrong key) is not. <see cref="Detail"/> is written to the delivery log, so it never holds a secret.
/// </summary>
internal sealed record SendOutcome(bool Sent, bool Permanent, string Detail, TimeSpan? RetryAfter = null)
{
    /// <summary>Recipients a server deferred while it accepted the others: they get the message in a follow-up of their own.</summary>
    public IReadOnlyList<string> Deferred { get; init; } = [];

    public static SendOutcome Ok(string detail) => new(true, false, detail);

    public static SendOutcome Retry(string detail, TimeSpan? after = null) => new(false, false, detail, after);

    public static SendOutcome Fail(string detail) => new(false, true, detail);
}

/// <summary>Delivers messages of one channel type to its peer.</summary>
internal interface INotificationSender
{
    string Type { get; }

    Task<SendOutcome> SendAsync(OutboundNotification notification, CancellationToken ct);
}
