using System.Data.Common;
using System.Text.Json;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Monitoring.Contracts;
using HospitalOps.PromQL.Functions;
using HospitalOps.PromQL.Model;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.ServiceDesk.FromAlerts;

/// <summary>A kept chart of an alert's signal: the query, its window and the series as Prometheus's query_range returns them.</summary>
public sealed record MetricSnapshotDto(long EventId, string Query, DateTimeOffset Start, DateTimeOffset End, long StepSeconds, DateTimeOffset TakenAt, JsonElement? Result, string? Error);

/// <summary>
/// What the signal behind an alert looked like when its ticket was opened: the hour before the alert first fired up to that
/// moment, kept on the ticket. The metric history may have moved on (or been thinned by retention) by the time the engineer or
/// an acceptance reviewer reads the ticket; the snapshot is the evidence of what the alert saw.
/// </summary>
internal static class MetricSnapshot
{
    public static readonly TimeSpan Before = TimeSpan.FromHours(1);
    public static readonly TimeSpan Longest = TimeSpan.FromHours(6);
    public const int MaxPoints = 240;
    public const int MaxSeries = 10;
    private static readonly long MinStepMs = 15_000;

    /// <summary>A snapshot ready to store; taken outside any write transaction (a query may read a lot of history).</summary>
    internal sealed record Taken(long EventId, string Query, long StartMs, long EndMs, long StepMs, long TakenAt, string? Result, string? Error);

    public static async Task<Taken> TakeAsync(IMetricQueries queries, long eventId, string query, DateTimeOffset firstSeen, DateTimeOffset now, CancellationToken ct)
    {
        var (start, end, step) = Window(firstSeen, now);
        try
        {
            var answer = await queries.RangeAsync(query, start, end, step, ct);
            return new Taken(eventId, query, start, end, step, now.ToUnixTimeMilliseconds(), MatrixJson(answer.Value), null);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // A broken or too heavy query must not keep the ticket from opening; the ticket says why there is no chart.
            var error = ex.Message.Length > 500 ? ex.Message[..500] : ex.Message;
            return new Taken(eventId, query, start, end, step, now.ToUnixTimeMilliseconds(), null, error);
        }
    }

    /// <summary>From an hour before the first firing (at most six hours back) to now, in at most 240 steps of at least 15 s.</summary>
    public static (long Start, long End, long Step) Window(DateTimeOffset firstSeen, DateTimeOffset now)
    {
        var end = now.ToUnixTimeMilliseconds();
        var start = Math.Max(firstSeen.Add(-Before).ToUnixTimeMilliseconds(), end - (long)Longest.TotalMilliseconds);
        start = Math.Min(start, end - (long)Before.TotalMilliseconds);
        var step = Math.Max(MinStepMs, (long)Math.Ceiling((end - start) / (double)MaxPoints / 1000.0) * 1000);
        start = end - ((end - start) / step * step);
        return (start, end, step);
    }

    public static Task SaveAsync(DbConnection connection, DbTransaction tx, long ticketId, Taken snapshot, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO sd_ticket_metric_snapshots (ticket_id, event_id, query, start_ms, end_ms, step_ms, taken_at, result, error)
            VALUES (@ticketId, @EventId, @Query, @StartMs, @EndMs, @StepMs, @TakenAt, @Result, @Error)
            ON CONFLICT (ticket_id, event_id) DO NOTHING
            """,
            new { ticketId, snapshot.EventId, snapshot.Query, snapshot.StartMs, snapshot.EndMs, snapshot.StepMs, snapshot.TakenAt, snapshot.Result, snapshot.Error }, tx, cancellationToken: ct));

    internal static async Task<IResult> Endpoint(long id, Databases databases, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        await Tickets.TicketComments.EnsureTicketAsync(connection, id, ct);
        var rows = await connection.QueryAsync<(long EventId, string Query, long StartMs, long EndMs, long StepMs, long TakenAt, string? Result, string? Error)>(new CommandDefinition(
            "SELECT event_id, query, start_ms, end_ms, step_ms, taken_at, result, error FROM sd_ticket_metric_snapshots WHERE ticket_id = @id ORDER BY taken_at, event_id",
            new { id }, cancellationToken: ct));
        return Results.Ok(rows.Select(r => new MetricSnapshotDto(
            r.EventId, r.Query, UnixMs.ToTime(r.StartMs), UnixMs.ToTime(r.EndMs), r.StepMs / 1000, UnixMs.ToTime(r.TakenAt),
            r.Result is null ? null : JsonDocument.Parse(r.Result).RootElement.Clone(), r.Error)).ToList());
    }

    /// <summary>The series in query_range's <c>result</c> form, the first ten series by their labels.</summary>
    private static string MatrixJson(QueryValue value)
    {
        var series = value switch
        {
            MatrixValue m => m.Series,
            VectorValue v => v.Samples.Select(s => new RangeSeries(s.Labels, [new Sample(s.T, s.V)])).ToList(),
            ScalarValue s => [new RangeSeries(Labels.Empty, [new Sample(s.T, s.V)])],
            _ => [],
        };
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var one in series.OrderBy(s => s.Labels.ToString(), StringComparer.Ordinal).Take(MaxSeries))
            {
                w.WriteStartObject();
                w.WriteStartObject("metric");
                foreach (var label in one.Labels.AsSpan())
                {
                    w.WriteString(label.Name, label.Value);
                }

                w.WriteEndObject();
                w.WriteStartArray("values");
                foreach (var point in one.Points)
                {
                    w.WriteStartArray();
                    w.WriteNumberValue(decimal.Round(point.T / 1000m, 3));
                    w.WriteStringValue(GoFloat.Format(point.V));
                    w.WriteEndArray();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
