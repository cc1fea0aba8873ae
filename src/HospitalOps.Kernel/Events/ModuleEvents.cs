using System.Data.Common;
using Dapper;

namespace HospitalOps.Kernel.Events;

/// <summary>A change one module announced to the others, as a subscriber receives it.</summary>
/// <param name="Id">Increasing with the order of publication within one subscriber's deliveries.</param>
/// <param name="Topic">What happened, named by the publishing module (<c>alerting.event</c>).</param>
/// <param name="Payload">JSON, in the shape the publishing module's Contracts describe.</param>
/// <param name="PublishedAt">UTC Unix milliseconds.</param>
public sealed record ModuleEvent(long Id, string Topic, string Payload, long PublishedAt);

/// <summary>
/// The platform's outbox between modules. A module publishes an event inside the transaction that makes the change,
/// so the change and the announcement are committed together or not at all; every subscriber of the topic gets its own
/// delivery row at that moment, which <see cref="ModuleEventDispatcher"/> hands over at least once, in order.
/// </summary>
public static class ModuleEvents
{
    /// <summary>Signalled after a publication so the dispatcher of this node looks at once instead of at its next poll.</summary>
    internal static readonly SemaphoreSlim Published = new(0, int.MaxValue);

    /// <summary>
    /// Records <paramref name="payloadJson"/> under <paramref name="topic"/> for every subscriber registered for it (a
    /// subscriber registered later does not receive earlier events). Must run in the caller's write transaction.
    /// </summary>
    public static async Task PublishAsync(DbConnection connection, DbTransaction tx, string topic, string payloadJson, long at, CancellationToken ct)
    {
        var eventId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO module_events (topic, payload, published_at) VALUES (@topic, @payloadJson, @at) RETURNING id",
            new { topic, payloadJson, at }, tx, cancellationToken: ct));
        var deliveries = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO module_event_deliveries (subscriber, event_id, attempts, next_at)
            SELECT subscriber, @eventId, 0, @at FROM module_event_subscriptions WHERE topic = @topic
            """,
            new { eventId, at, topic }, tx, cancellationToken: ct));
        if (deliveries > 0 && Published.CurrentCount < 16)
        {
            Published.Release();
        }
    }
}
