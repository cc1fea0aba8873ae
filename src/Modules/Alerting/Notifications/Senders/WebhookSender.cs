using System.Text;
using System.Text.Json;
using HospitalOps.Alerting.Notifications.Channels;
using HospitalOps.Alerting.Notifications.Signing;

namespace HospitalOps.Alerting.Notifications.Senders;

/// <summary>
/// A generic webhook: POST of JSON <c>{idempotencyKey, kind, title, event}</c>, signed with HMAC-SHA256 when the channel
/// has a secret (<see cref="WebhookSigner"/>), with an <c>Idempotency-Key</c> header so a receiver can drop a repeat.
/// Any 2xx is delivered.
/// </summary>
internal sealed class WebhookSender(NotificationHttp http, TimeProvider clock) : INotificationSender
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public string Type => ChannelType.Webhook;

    public async Task<SendOutcome> SendAsync(OutboundNotification n, CancellationToken ct)
    {
        JsonElement? details = null;
        if (n.Body.StartsWith('{'))
        {
            details = JsonDocument.Parse(n.Body).RootElement.Clone();
        }

        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { idempotencyKey = n.IdempotencyKey, kind = n.Kind, title = n.Title, @event = details }));
        using var request = new HttpRequestMessage(HttpMethod.Post, n.Settings.Url)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") { CharSet = "utf-8" } } },
        };
        request.Headers.Add(IdempotencyHeader, n.IdempotencyKey);
        if (n.Secrets.TryGetValue("hmacSecret", out var secret))
        {
            foreach (var (name, value) in WebhookSigner.Headers(secret, body, clock.GetUtcNow()))
            {
                request.Headers.Add(name, value);
            }
        }

        var answer = await http.SendAsync(request, ct);
        return answer.Ok ? SendOutcome.Ok($"HTTP {(int)answer.Status!.Value}") : answer.AsFailure();
    }
}
