using System.Diagnostics;
using System.Text.Json;
using Dapper;
using HospitalOps.Alerting.Notifications.Channels;
using HospitalOps.Alerting.Notifications.Senders;
using HospitalOps.Kernel.Cluster;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Security;
using Microsoft.Extensions.Logging;

namespace HospitalOps.Alerting.Notifications.Delivery;

/// <summary>
/// Delivers the outbox. A node claims due messages for a while (so two nodes never send the same message at once),
/// keeps each channel under its rate limit, and records every attempt. A temporary failure is retried with growing
/// back-off for as long as it takes (a channel that is down delays a message, never loses it); a permanent one ends the
/// message as failed, with the reason in the delivery log. A node that dies while sending leaves its claim to expire,
/// and the message is sent again with the same idempotency key.
/// </summary>
internal sealed class OutboxDispatcher(
    Databases databases,
    IEnumerable<INotificationSender> senders,
    ISecretProtector secrets,
    NodeIdentity node,
    TimeProvider clock,
    AlertingOptions options,
    ILogger<OutboxDispatcher> log)
{
    public const int Batch = 50;

    /// <summary>How long a claim holds: longer than any sender's timeout.</summary>
    public static readonly TimeSpan ClaimTime = TimeSpan.FromMinutes(2);

    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan LongestRetry = TimeSpan.FromMinutes(30);

    private readonly Dictionary<string, INotificationSender> _senders = senders.ToDictionary(s => s.Type, StringComparer.Ordinal);

    // Init properties rather than a positional record: Dapper converts column types (int on PostgreSQL, long on SQLite) only for properties.
    private sealed record Due
    {
        public long Id { get; init; }

        public string IdempotencyKey { get; init; } = string.Empty;

        public long ChannelId { get; init; }

        public string Kind { get; init; } = string.Empty;

        public string Recipients { get; init; } = "[]";

        public string Title { get; init; } = string.Empty;

        public string Body { get; init; } = string.Empty;

        public int Attempts { get; init; }
    }

    /// <summary>Sends what is due now; returns how many messages were attempted.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken ct)
    {
        var due = await ClaimAsync(ct);
        if (due.Count == 0)
        {
            return 0;
        }

        await using var connection = await databases.Config.OpenAsync(ct);
        var ids = due.Select(d => d.ChannelId).Distinct().ToList();
        var channels = (await connection.QueryAsync<ChannelRow>(new CommandDefinition(
            $"SELECT {ChannelRow.Columns} FROM notification_channels WHERE id IN {SqlIn.List("id", ids, new DynamicParameters())}", cancellationToken: ct)))
            .ToDictionary(c => c.Id);

        // Channels are independent (a slow mail server must not hold up a robot); within one channel, messages go in order.
        await Task.WhenAll(due.GroupBy(d => d.ChannelId).Select(group => SendChannelAsync(channels.GetValueOrDefault(group.Key), group.ToList(), ct)));
        return due.Count;
    }

    private async Task SendChannelAsync(ChannelRow? channel, List<Due> messages, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);

        // The allow-list may have been narrowed since the channel was saved: a host it no longer names gets nothing.
        var refused = channel is null ? null : NotificationHosts.Refused(options, channel, channel.Secrets(secrets));
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            var now = UnixMs.Now(clock);
            if (channel is null || !channel.Enabled || !_senders.TryGetValue(channel.Type, out var sender))
            {
                await FinishAsync(connection, message, SendOutcome.Fail(channel is null ? "channel deleted" : channel.Enabled ? $"no sender for {channel.Type}" : "channel disabled"), now, 0, ct);
                continue;
            }

            if (refused is not null)
            {
                await FinishAsync(connection, message, SendOutcome.Fail(DeliveryDetail.Refused(refused)), now, 0, ct);
                continue;
            }

            var window = await connection.QueryFirstAsync<(long Count, long? Oldest)>(new CommandDefinition(
                "SELECT COUNT(*), MIN(at) FROM notification_attempts WHERE channel_id = @id AND outcome = 'sent' AND at > @since",
                new { id = channel.Id, since = now - 60_000 }, cancellationToken: ct));
            if (window.Count >= channel.RatePerMinute)
            {
                // Over the channel's limit: this message and the rest of the channel's batch wait until the oldest send of the
                // last minute leaves the window, in one statement (a backlog of thousands was rescheduled one write each). Not attempts.
                var waiting = messages.Skip(i).Select(m => m.Id).ToList();
                await connection.ExecuteAsync(new CommandDefinition(
                    $"UPDATE notification_outbox SET next_attempt_at = @next, claimed_by = NULL, claimed_until = NULL WHERE id IN {SqlIn.List("id", waiting, new DynamicParameters())}",
                    new { next = Math.Max(now + 1_000, (window.Oldest ?? now) + 60_001) }, cancellationToken: ct));
                return;
            }

            var started = Stopwatch.GetTimestamp();
            SendOutcome outcome;
            try
            {
                var outbound = new OutboundNotification(
                    message.IdempotencyKey, message.Kind, message.Title, message.Body,
                    JsonSerializer.Deserialize<List<string>>(message.Recipients) ?? [], channel, channel.SettingsValue, channel.Secrets(secrets));
                outcome = await sender.SendAsync(outbound, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                // A sender must not leak a secret through an exception message: only the exception's type is kept.
                log.LogWarning("Notification {Id} through channel {Channel} failed: {Error}", message.Id, channel.Id, ex.GetType().Name);
                outcome = SendOutcome.Retry(ex.GetType().Name);
            }

            await FinishAsync(connection, message, outcome, UnixMs.Now(clock), Stopwatch.GetElapsedTime(started).TotalMilliseconds, ct);
        }
    }

    private async Task<List<Due>> ClaimAsync(CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        var now = UnixMs.Now(clock);
        // The claim condition is repeated outside the sub-select: on PostgreSQL a row another node claimed meanwhile fails it
        // when the update re-reads the row, so the same message is never claimed twice.
        var due = (await connection.QueryAsync<Due>(new CommandDefinition(
            $"""
            UPDATE notification_outbox SET claimed_by = @node, claimed_until = @until
            WHERE id IN (SELECT id FROM notification_outbox WHERE state = 'pending' AND next_attempt_at <= @now AND (claimed_until IS NULL OR claimed_until < @now)
                         ORDER BY next_attempt_at, id LIMIT {Batch})
              AND (claimed_until IS NULL OR claimed_until < @now)
            RETURNING id AS Id, idempotency_key AS IdempotencyKey, channel_id AS ChannelId, kind AS Kind, recipients AS Recipients, title AS Title, body AS Body, attempts AS Attempts
            """,
            new { node = node.Name, until = now + (long)ClaimTime.TotalMilliseconds, now }, tx, cancellationToken: ct))).ToList();
        await tx.CommitAsync(ct);
        return due.OrderBy(d => d.Id).ToList();
    }

    private async Task FinishAsync(System.Data.Common.DbConnection connection, Due message, SendOutcome outcome, long now, double ms, CancellationToken ct)
    {
        var detail = outcome.Detail.Length > 1000 ? outcome.Detail[..1000] : outcome.Detail;
        var attempts = message.Attempts + 1;
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO notification_attempts (outbox_id, channel_id, at, outcome, detail, duration_ms) VALUES (@id, @channel, @now, @outcome, @detail, @ms)",
            new { id = message.Id, channel = message.ChannelId, now, outcome = outcome.Sent ? "sent" : outcome.Permanent ? "failed" : "retry", detail, ms }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE notification_outbox SET state = @state, attempts = @attempts, next_attempt_at = @next, last_error = @error, sent_at = @sentAt,
              claimed_by = NULL, claimed_until = NULL
            WHERE id = @id
            """,
            new
            {
                state = outcome.Sent ? "sent" : outcome.Permanent ? "failed" : "pending",
                attempts,
                next = outcome.Sent || outcome.Permanent ? now : now + (long)RetryDelay(attempts, outcome.RetryAfter).TotalMilliseconds,
                error = outcome.Sent ? null : detail,
                sentAt = outcome.Sent ? now : (long?)null,
                id = message.Id,
            },
            tx, cancellationToken: ct));
        if (outcome.Sent && outcome.Deferred.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO notification_outbox (idempotency_key, event_id, channel_id, route_id, kind, recipients, title, body, state, attempts, next_attempt_at, created_at)
                SELECT @key, event_id, channel_id, route_id, kind, @recipients, title, body, 'pending', 0, @next, @now FROM notification_outbox WHERE id = @id
                ON CONFLICT (idempotency_key) DO NOTHING
                """,
                new
                {
                    key = $"{message.IdempotencyKey}:deferred:{attempts}",
                    recipients = JsonSerializer.Serialize(outcome.Deferred),
                    next = now + (long)FirstRetry.TotalMilliseconds,
                    now,
                    id = message.Id,
                },
                tx, cancellationToken: ct));
        }

        await tx.CommitAsync(ct);
    }

    /// <summary>30 s after the first failure, doubling up to 30 min; a peer's own "retry after" is honoured within that cap.</summary>
    internal static TimeSpan RetryDelay(int attempts, TimeSpan? peerAsked)
    {
        var backoff = TimeSpan.FromTicks(Math.Min(LongestRetry.Ticks, FirstRetry.Ticks << Math.Min(attempts - 1, 10)));
        return peerAsked is { } asked && asked > backoff ? (asked < LongestRetry ? asked : LongestRetry) : backoff;
    }
}
