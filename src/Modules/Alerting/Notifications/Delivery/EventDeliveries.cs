using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Alerting.Notifications.Delivery;

/// <summary>One attempt to deliver a message: when, how it ended (sent, retry, failed) and what the peer said.</summary>
public sealed record DeliveryAttemptDto(DateTimeOffset At, string Outcome, string? Detail, double DurationMs);

/// <summary>A message about an event and where it stands: waiting, sent or failed, with every attempt.</summary>
public sealed record DeliveryDto(
    long Id,
    string Kind,
    long ChannelId,
    string? ChannelName,
    string? ChannelType,
    IReadOnlyList<string> Recipients,
    string Title,
    string State,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt,
    DateTimeOffset? NextAttemptAt,
    string? LastError,
    IReadOnlyList<DeliveryAttemptDto> History);

/// <summary>The delivery log of an event: every notification queued for it and every attempt to send it.</summary>
internal static class EventDeliveries
{
    private sealed record Row
    {
        public long Id { get; init; }

        public string Kind { get; init; } = string.Empty;

        public long ChannelId { get; init; }

        public string? ChannelName { get; init; }

        public string? ChannelType { get; init; }

        public string Recipients { get; init; } = "[]";

        public string Title { get; init; } = string.Empty;

        public string State { get; init; } = string.Empty;

        public int Attempts { get; init; }

        public long CreatedAt { get; init; }

        public long? SentAt { get; init; }

        public long NextAttemptAt { get; init; }

        public string? LastError { get; init; }
    }

    private sealed record AttemptRow
    {
        public long OutboxId { get; init; }

        public long At { get; init; }

        public string Outcome { get; init; } = string.Empty;

        public string? Detail { get; init; }

        public double DurationMs { get; init; }
    }

    internal static async Task<IResult> Endpoint(long id, HttpContext context, Databases databases, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        if (await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT id FROM alert_events WHERE id = @id", new { id }, cancellationToken: ct)) is null)
        {
            throw AppProblem.NotFound();
        }

        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT o.id AS Id, o.kind AS Kind, o.channel_id AS ChannelId, c.name AS ChannelName, c.type AS ChannelType, o.recipients AS Recipients, o.title AS Title,
              o.state AS State, o.attempts AS Attempts, o.created_at AS CreatedAt, o.sent_at AS SentAt, o.next_attempt_at AS NextAttemptAt, o.last_error AS LastError
            FROM notification_outbox o LEFT JOIN notification_channels c ON c.id = o.channel_id
            WHERE o.event_id = @id ORDER BY o.id
            """,
            new { id }, cancellationToken: ct))).ToList();
        var attempts = rows.Count == 0
            ? Enumerable.Empty<AttemptRow>().ToLookup(a => a.OutboxId)
            : (await connection.QueryAsync<AttemptRow>(new CommandDefinition(
                $"SELECT outbox_id AS OutboxId, at AS At, outcome AS Outcome, detail AS Detail, duration_ms AS DurationMs FROM notification_attempts WHERE outbox_id IN {SqlIn.List("id", rows.Select(r => r.Id).ToList(), new DynamicParameters())} ORDER BY id",
                cancellationToken: ct))).ToLookup(a => a.OutboxId);
        var language = RequestLanguage.Of(context);
        return Results.Ok(rows.Select(r => new DeliveryDto(
            r.Id, r.Kind, r.ChannelId, r.ChannelName, r.ChannelType, System.Text.Json.JsonSerializer.Deserialize<List<string>>(r.Recipients) ?? [], r.Title, r.State, r.Attempts,
            UnixMs.ToTime(r.CreatedAt), UnixMs.ToTime(r.SentAt), r.State == "pending" ? UnixMs.ToTime(r.NextAttemptAt) : null, DeliveryDetail.Show(r.LastError, language),
            attempts[r.Id].Select(a => new DeliveryAttemptDto(UnixMs.ToTime(a.At), a.Outcome, DeliveryDetail.Show(a.Detail, language), a.DurationMs)).ToList())).ToList());
    }
}
