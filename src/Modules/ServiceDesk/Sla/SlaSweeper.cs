using System.Globalization;
using Dapper;
using HospitalOps.Kernel.Cluster;
using HospitalOps.Kernel.Data;
using HospitalOps.ServiceDesk.Tickets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HospitalOps.ServiceDesk.Sla;

/// <summary>
/// Keeps the stored SLA state of every ticket that is not closed current (colour, next deadline, breaches with the party responsible),
/// so lists, boards and reports read it without computing; and escalates tickets their typical fault's plan says are overdue. One node sweeps at a time (a lease); a ticket change recomputes its own
/// clocks at once, the sweep catches the passing of time.
/// </summary>
internal sealed class SlaSweeper(Databases databases, TicketSla sla, NodeIdentity node, TimeProvider clock, ILogger<SlaSweeper> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await HoldLeaseAsync(stoppingToken))
                {
                    await SweepAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                log.LogWarning(ex, "SLA sweep failed; trying again");
            }

            try
            {
                await Task.Delay(Interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Tickets written per transaction, so that alert ingestion and people's changes never wait long for the write lock.</summary>
    private const int WriteChunk = 500;

    /// <summary>
    /// Every ticket that is not closed, spelled as the categories that are not (<see cref="Workflows.WorkflowDefinition.Categories"/>) so that the
    /// status index finds the few thousand among a million instead of reading them all.
    /// </summary>
    private const string OpenTickets = "t.state_category IN ('new', 'open', 'waiting', 'resolved') AND t.sla_policy_id IS NOT NULL AND t.in_maintenance = @no";

    /// <summary>
    /// Recomputes every ticket that is not closed; returns how many changed colour or breached. Everything is read in a few bulk
    /// queries and computed in memory; only clocks that moved (colour, deadline, pause, result) are written, a chunk of tickets per statement.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var now = clock.GetUtcNow();
        var at = now.ToUnixTimeMilliseconds();
        await using var connection = await databases.Config.OpenAsync(ct);
        var args = new { no = false };
        var tickets = (await connection.QueryAsync<TicketRecord>(new CommandDefinition(
            $"{TicketRecord.Select} WHERE {OpenTickets} ORDER BY t.id", args, cancellationToken: ct))).ToList();
        // Read from the open tickets outward (CROSS JOIN fixes that order on SQLite; PostgreSQL plans it as any inner join): the log,
        // clocks and breaches of a million tickets are only looked up, never read through.
        var moves = (await connection.QueryAsync<(long TicketId, long At, string ToState)>(new CommandDefinition(
            $"""
            SELECT l.ticket_id, l.at, l.to_state FROM sd_tickets t CROSS JOIN sd_ticket_log l
            WHERE l.ticket_id = t.id AND l.kind = 'transition' AND {OpenTickets} ORDER BY l.ticket_id, l.at, l.id
            """, args, cancellationToken: ct))).ToLookup(m => m.TicketId, m => (m.At, m.ToState));
        var stored = (await connection.QueryAsync<StoredClock>(new CommandDefinition(
            $"""
            SELECT c.ticket_id AS TicketId, c.kind, c.allowed_ms AS AllowedMs, c.used_ms AS UsedMs, c.deadline_at AS DeadlineAt, c.stopped_at AS StoppedAt,
              c.breached_at AS BreachedAt, c.paused, c.outcome, c.colour
            FROM sd_tickets t CROSS JOIN sd_sla_clocks c WHERE c.ticket_id = t.id AND {OpenTickets}
            """, args, cancellationToken: ct))).ToLookup(c => c.TicketId);
        var breached = (await connection.QueryAsync<(long TicketId, string Kind)>(new CommandDefinition(
            $"SELECT b.ticket_id, b.kind FROM sd_tickets t CROSS JOIN sd_sla_breaches b WHERE b.ticket_id = t.id AND {OpenTickets}", args, cancellationToken: ct))).ToHashSet();

        var bases = new Dictionary<long, SlaBasis?>();
        var results = new List<(TicketRecord Ticket, List<TicketClockDto> Clocks, List<TicketClockDto> Moved, List<string> Gone, bool SummaryMoved)>();
        foreach (var ticket in tickets)
        {
            var policyId = ticket.SlaPolicyId!.Value;
            if (!bases.TryGetValue(policyId, out var basis))
            {
                bases[policyId] = basis = await sla.BasisAsync(connection, null, policyId, ct);
            }

            if (basis is null)
            {
                continue;
            }

            var definition = await sla.DefinitionAsync(connection, null, ticket, ct);
            var dtos = TicketSla.Clocks(ticket, basis, definition, moves[ticket.Id].ToList()).Select(c => TicketSla.Dto(c, c.At(now))).ToList();
            var (colour, due, isBreached) = TicketSla.Summary(dtos);
            var was = stored[ticket.Id].ToList();
            var moved = dtos.Where(c => !was.Any(s => Same(s, c))).ToList();
            var gone = was.Where(s => dtos.All(c => c.Kind != s.Kind)).Select(s => s.Kind).ToList();
            var summaryMoved = colour != ticket.SlaColour || due != ticket.SlaDueAt || isBreached != ticket.SlaBreached;
            if (moved.Count > 0 || gone.Count > 0 || summaryMoved)
            {
                results.Add((ticket, dtos, moved, gone, summaryMoved));
            }
        }

        var changed = 0;
        foreach (var chunk in results.Chunk(WriteChunk))
        {
            await using var tx = await Database.BeginWriteAsync(connection, ct);
            // A ticket that moved since it was read has had its clocks recomputed by that change; this sweep's view of it is stale.
            var versionArgs = new DynamicParameters();
            var versions = (await connection.QueryAsync<(long Id, long Version)>(new CommandDefinition(
                $"SELECT id, version FROM sd_tickets WHERE id IN {SqlIn.List("id", chunk.Select(r => r.Ticket.Id).ToList(), versionArgs)}", versionArgs, tx, cancellationToken: ct)))
                .ToDictionary(v => v.Id, v => v.Version);
            var current = chunk.Where(r => versions.GetValueOrDefault(r.Ticket.Id, -1) == r.Ticket.Version).ToList();
            var rows = current.SelectMany(r => r.Moved.Select(c => ClockValues(r.Ticket.Id, c, at))).ToList();
            if (rows.Count > 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO sd_sla_clocks (ticket_id, kind, allowed_ms, used_ms, deadline_at, stopped_at, breached_at, paused, outcome, colour, computed_at) VALUES "
                    + string.Join(", ", rows) + UpdateMovedClock, transaction: tx, cancellationToken: ct));
            }

            foreach (var (ticket, dtos, _, gone, summaryMoved) in current)
            {
                foreach (var kind in gone)
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                        "DELETE FROM sd_sla_clocks WHERE ticket_id = @Id AND kind = @kind", new { ticket.Id, kind }, tx, cancellationToken: ct));
                }

                foreach (var c in dtos.Where(c => c.BreachedAt is not null && !breached.Contains((ticket.Id, c.Kind))))
                {
                    await TicketSla.RecordBreachAsync(connection, tx, ticket, c.Kind, c.BreachedAt!.Value, at, ct);
                }

                if (summaryMoved)
                {
                    var (colour, due, isBreached) = TicketSla.Summary(dtos);
                    await connection.ExecuteAsync(new CommandDefinition(
                        "UPDATE sd_tickets SET sla_colour = @colour, sla_due_at = @due, sla_breached = @isBreached WHERE id = @Id",
                        new { colour, due, isBreached, ticket.Id }, tx, cancellationToken: ct));
                    if (colour != ticket.SlaColour || isBreached != ticket.SlaBreached)
                    {
                        changed++;
                    }
                }
            }

            await tx.CommitAsync(ct);
        }

        if (changed > 0)
        {
            TicketChanges.Signal();
        }

        log.LogInformation("SLA sweep: {Tickets} open tickets in {Ms} ms, {Written} with clocks or colour written, {Changed} changed colour or breached",
            tickets.Count, (long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, results.Count, changed);
        await Plans.PlanEscalation.RunAsync(connection, now, ct);
        return changed;
    }

    /// <summary>
    /// Whether a stored clock says what the computed one says. A running clock's time used grows every instant, so it is not
    /// compared: its row keeps the time used when it was last written (<c>computed_at</c>), and readers that show time used compute
    /// running clocks themselves. Rewriting every running clock each sweep would write tens of thousands of rows for nothing.
    /// </summary>
    private static bool Same(StoredClock s, TicketClockDto c) =>
        s.Kind == c.Kind && s.AllowedMs == c.AllowedMs && (IsRunning(c) || s.UsedMs / 1000 == c.UsedMs / 1000) && s.DeadlineAt == c.Deadline?.ToUnixTimeMilliseconds()
        && s.StoppedAt == c.StoppedAt?.ToUnixTimeMilliseconds() && s.BreachedAt == c.BreachedAt?.ToUnixTimeMilliseconds()
        && s.Paused == c.Paused && s.Outcome == c.Outcome && s.Colour == c.Colour;

    private const string UpdateMovedClock = """

         ON CONFLICT (ticket_id, kind) DO UPDATE SET allowed_ms = excluded.allowed_ms, used_ms = excluded.used_ms, deadline_at = excluded.deadline_at,
          stopped_at = excluded.stopped_at, breached_at = excluded.breached_at, paused = excluded.paused, outcome = excluded.outcome,
          colour = excluded.colour, computed_at = excluded.computed_at
        """;

    private static bool IsRunning(TicketClockDto c) => c.StoppedAt is null && !c.Paused;

    /// <summary>
    /// One clock as a VALUES row. Written as literals: every value is a number, a boolean or one of the clock's fixed words (kind,
    /// outcome, colour), never text from a person, and thousands of bound parameters would cost more than the rows.
    /// </summary>
    private static string ClockValues(long ticketId, TicketClockDto c, long at)
    {
        static string N(long? v) => v is { } x ? x.ToString(CultureInfo.InvariantCulture) : "NULL";
        static string Word(string w) => w.All(ch => ch is (>= 'a' and <= 'z') or '_') ? $"'{w}'" : throw new InvalidOperationException($"unexpected clock word {w}");
        return $"({N(ticketId)}, {Word(c.Kind)}, {N(c.AllowedMs)}, {N(c.UsedMs)}, {N(c.Deadline?.ToUnixTimeMilliseconds())}, {N(c.StoppedAt?.ToUnixTimeMilliseconds())}, "
            + $"{N(c.BreachedAt?.ToUnixTimeMilliseconds())}, {(c.Paused ? "TRUE" : "FALSE")}, {Word(c.Outcome)}, {Word(c.Colour)}, {N(at)})";
    }

    private sealed class StoredClock
    {
        public long TicketId { get; init; }
        public string Kind { get; init; } = "";
        public long AllowedMs { get; init; }
        public long UsedMs { get; init; }
        public long? DeadlineAt { get; init; }
        public long? StoppedAt { get; init; }
        public long? BreachedAt { get; init; }
        public bool Paused { get; init; }
        public string Outcome { get; init; } = "";
        public string Colour { get; init; } = "";
    }

    private Task<bool> HoldLeaseAsync(CancellationToken ct) =>
        Lease.TryHoldAsync(databases, "servicedesk-sla-sweeper", node.Name, clock, Interval * 4, ct);
}
