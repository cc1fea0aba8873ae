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
    /// Of those, the ones a clock of which has turned colour or fallen due since they were computed: the partial index on the instant
    /// finds them (a closed ticket has none). The status is tested with "not closed", which no index serves, so that SQLite, which has
    /// no statistics, does not read the few thousand open tickets through the status index instead.
    /// </summary>
    private const string DueTickets = "t.sla_next_at <= @at AND t.state_category <> 'closed' AND t.sla_policy_id IS NOT NULL AND t.in_maintenance = @no";

    /// <summary>The policies and calendars the last complete sweep computed with; null before the first.</summary>
    private Dictionary<long, SlaBasis?>? sweptWith;

    /// <summary>
    /// Brings the stored SLA state of the tickets that are not closed up to now; returns what it did. A ticket's
    /// clocks change by themselves only at known instants (yellow, red, due), stored with it, so the sweep recomputes just the tickets
    /// whose instant has passed — except the first sweep of a process and any sweep after a policy, calendar or holiday changed, which
    /// recompute every ticket that is not closed. Everything is read in a few bulk queries and computed in memory; only what moved is
    /// written, a chunk of tickets per statement.
    /// </summary>
    public async Task<SweepOutcome> SweepAsync(CancellationToken ct)
    {
        // The background loop and a caller (the demo loader, a benchmark) take turns: each sweep starts from what the last one saw.
        await gate.WaitAsync(ct);
        try
        {
            return await SweepOnceAsync(ct);
        }
        finally
        {
            gate.Release();
        }
    }

    private readonly SemaphoreSlim gate = new(1, 1);

    private async Task<SweepOutcome> SweepOnceAsync(CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var now = clock.GetUtcNow();
        var at = now.ToUnixTimeMilliseconds();
        await using var connection = await databases.Config.OpenAsync(ct);
        var bases = await BasesAsync(connection, ct);
        var everything = sweptWith is null || !SameBases(sweptWith, bases);
        var which = everything ? OpenTickets : DueTickets;
        var args = new { no = false, at };
        var tickets = (await connection.QueryAsync<TicketRecord>(new CommandDefinition(
            $"{SweptColumns} WHERE {which}", args, cancellationToken: ct))).ToList(); // (no order: SQLite would read the table in id order for it)
        var moves = (await connection.QueryAsync<(long TicketId, long At, string ToState)>(new CommandDefinition(
            OfTheTickets("x.ticket_id, x.at, x.to_state", "sd_ticket_log", "x.kind = 'transition'", which) + " ORDER BY x.ticket_id, x.at, x.id", args, cancellationToken: ct)))
            .ToLookup(m => m.TicketId, m => (m.At, m.ToState));
        var stored = (await connection.QueryAsync<StoredClock>(new CommandDefinition(
            OfTheTickets(
                """
                x.ticket_id AS TicketId, x.kind, x.allowed_ms AS AllowedMs, x.used_ms AS UsedMs, x.deadline_at AS DeadlineAt, x.stopped_at AS StoppedAt,
                  x.breached_at AS BreachedAt, x.paused, x.outcome, x.colour
                """, "sd_sla_clocks", null, which), args, cancellationToken: ct))).ToLookup(c => c.TicketId);

        var results = new List<Recomputed>();
        foreach (var ticket in tickets)
        {
            if (bases.GetValueOrDefault(ticket.SlaPolicyId!.Value) is not { } basis)
            {
                // Its policy or calendar is gone: the state stays as last computed, and the ticket waits for the sweep after the next edit.
                if (ticket.SlaNextAt is not null)
                {
                    results.Add(new Recomputed(ticket, null, [], [], [], null));
                }

                continue;
            }

            var definition = await sla.DefinitionAsync(connection, null, ticket, ct);
            var states = TicketSla.Clocks(ticket, basis, definition, moves[ticket.Id].ToList()).Select(c => (Clock: c, State: c.At(now))).ToList();
            var dtos = states.Select(c => TicketSla.Dto(c.Clock, c.State)).ToList();
            var summary = TicketSla.Summary(dtos);
            var nextAt = TicketSla.NextChange(states.Select(c => c.State));
            var was = stored[ticket.Id].ToList();
            var moved = dtos.Where(c => !was.Any(s => Same(s, c))).ToList();
            var gone = was.Where(s => dtos.All(c => c.Kind != s.Kind)).Select(s => s.Kind).ToList();
            var summaryMoved = summary != (ticket.SlaColour, ticket.SlaDueAt, ticket.SlaBreached);
            if (moved.Count > 0 || gone.Count > 0 || summaryMoved || nextAt != ticket.SlaNextAt)
            {
                results.Add(new Recomputed(ticket, summary, was.Where(s => s.BreachedAt is not null).Select(s => s.Kind).ToList(), moved, gone, nextAt));
            }
        }

        var changed = 0;
        foreach (var chunk in results.Chunk(WriteChunk))
        {
            changed += await WriteAsync(connection, chunk, at, ct);
        }

        sweptWith = bases;
        if (changed > 0)
        {
            TicketChanges.Signal();
        }

        log.LogInformation("SLA sweep ({Which}): {Tickets} tickets recomputed in {Ms} ms, {Written} written, {Changed} changed colour or breached",
            everything ? "every ticket not closed" : "tickets whose clocks moved", tickets.Count, (long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            results.Count, changed);
        await Plans.PlanEscalation.RunAsync(connection, now, ct);
        return new SweepOutcome(everything, tickets.Count, results.Count, changed);
    }

    /// <summary>
    /// One ticket as the sweep computed it: its summary (null when its policy or calendar is gone: only its instant is cleared), the kinds
    /// its stored clocks had already breached, the clocks that moved or are gone, and when it next changes.
    /// </summary>
    private sealed record Recomputed(
        TicketRecord Ticket, (string? Colour, long? Due, bool Breached)? Summary, List<string> Breached, List<TicketClockDto> Moved, List<string> Gone, long? NextAt);

    /// <summary>Writes a chunk of recomputed tickets in one transaction; returns how many changed colour or breached.</summary>
    private static async Task<int> WriteAsync(System.Data.Common.DbConnection connection, Recomputed[] chunk, long at, CancellationToken ct)
    {
        await using var tx = await Database.BeginWriteAsync(connection, ct);
        // A ticket that moved since it was read has had its clocks recomputed by that change; this sweep's view of it is stale.
        var versionArgs = new DynamicParameters();
        var versions = (await connection.QueryAsync<(long Id, long Version)>(new CommandDefinition(
            $"SELECT id, version FROM sd_tickets WHERE id IN {SqlIn.List("id", chunk.Select(r => r.Ticket.Id).ToList(), versionArgs)}", versionArgs, tx, cancellationToken: ct)))
            .ToDictionary(v => v.Id, v => v.Version);
        var current = chunk.Where(r => versions.GetValueOrDefault(r.Ticket.Id, -1) == r.Ticket.Version).ToList();
        var clockRows = current.SelectMany(r => r.Moved.Select(c => ClockValues(r.Ticket.Id, c, at))).ToList();
        if (clockRows.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO sd_sla_clocks (ticket_id, kind, allowed_ms, used_ms, deadline_at, stopped_at, breached_at, paused, outcome, colour, computed_at) VALUES "
                + string.Join(", ", clockRows) + UpdateMovedClock, transaction: tx, cancellationToken: ct));
        }

        var changed = 0;
        foreach (var r in current)
        {
            foreach (var kind in r.Gone)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "DELETE FROM sd_sla_clocks WHERE ticket_id = @Id AND kind = @kind", new { r.Ticket.Id, kind }, tx, cancellationToken: ct));
            }

            // A stored clock with its breach instant had its breach recorded in the same transaction; recording is idempotent besides.
            foreach (var c in r.Moved.Where(c => c.BreachedAt is not null && r.Breached.All(kind => kind != c.Kind)))
            {
                await TicketSla.RecordBreachAsync(connection, tx, r.Ticket, c.Kind, c.BreachedAt!.Value, at, ct);
            }

            if (r.Summary is { } s && (s.Colour != r.Ticket.SlaColour || s.Breached != r.Ticket.SlaBreached))
            {
                changed++;
            }
        }

        if (current.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE sd_tickets SET sla_colour = v.column2, sla_due_at = v.column3, sla_breached = v.column4, sla_next_at = v.column5 FROM (VALUES "
                + string.Join(", ", current.Select(TicketValues)) + ") AS v WHERE sd_tickets.id = v.column1", transaction: tx, cancellationToken: ct));
        }

        await tx.CommitAsync(ct);
        return changed;
    }

    /// <summary>What of a ticket its clocks follow from, and what the sweep compares and writes (no text: titles and descriptions are not read).</summary>
    private const string SweptColumns =
        """
        SELECT t.id, t.version, t.workflow_id AS WorkflowId, t.workflow_version AS WorkflowVersion, t.fields AS FieldsJson, t.assignee, t.team,
          t.sla_policy_id AS SlaPolicyId, t.in_maintenance AS InMaintenance, t.opened_at AS OpenedAt, t.responded_at AS RespondedAt, t.arrived_at AS ArrivedAt,
          t.sla_colour AS SlaColour, t.sla_due_at AS SlaDueAt, t.sla_breached AS SlaBreached, t.sla_next_at AS SlaNextAt
        FROM sd_tickets t
        """;

    /// <summary>
    /// The rows of a table keyed by ticket (<c>x</c>) for the tickets the sweep reads, looked up ticket by ticket in the table's ticket
    /// index: the log, clocks and breaches of a million tickets are never read through. SQLite keeps a CROSS JOIN's order; PostgreSQL's
    /// cost model would rather hash every row of the table (measured: 2,000,000 clocks scanned for 22,000, 0.2 s), which a LATERAL
    /// subquery kept apart by OFFSET 0 rules out.
    /// </summary>
    private string OfTheTickets(string columns, string table, string? condition, string which) =>
        databases.Config.Engine == DatabaseEngine.PostgreSql
            ? $"SELECT {columns} FROM sd_tickets t CROSS JOIN LATERAL (SELECT * FROM {table} x WHERE x.ticket_id = t.id{(condition is null ? "" : " AND " + condition)} OFFSET 0) x WHERE {which}"
            : $"SELECT {columns} FROM sd_tickets t CROSS JOIN {table} x WHERE x.ticket_id = t.id{(condition is null ? "" : " AND " + condition)} AND {which}";

    /// <summary>The policies by id with the calendars their clocks run on; null for a policy whose calendar is gone.</summary>
    private async Task<Dictionary<long, SlaBasis?>> BasesAsync(System.Data.Common.DbConnection connection, CancellationToken ct)
    {
        var bases = new Dictionary<long, SlaBasis?>();
        foreach (var policy in await SlaPolicies.AllAsync(connection, null, ct))
        {
            bases[policy.Id] = await sla.BasisAsync(policy, ct);
        }

        return bases;
    }

    /// <summary>
    /// Whether the bases are those of the last sweep: the same policies, and the same calendars (the calendar source hands out the
    /// same built calendar until its definition or the holidays change).
    /// </summary>
    private static bool SameBases(Dictionary<long, SlaBasis?> was, Dictionary<long, SlaBasis?> now) =>
        was.Count == now.Count && now.All(b => was.TryGetValue(b.Key, out var w) && (w, b.Value) switch
        {
            (null, null) => true,
            ({ } x, { } y) => x.Policy == y.Policy && ReferenceEquals(x.Calendar, y.Calendar) && ReferenceEquals(x.Hours, y.Hours),
            _ => false,
        });

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

    /// <summary>
    /// One ticket's SLA summary as a VALUES row (id, colour, next deadline, breached, next change); literals for the reason given at
    /// <see cref="ClockValues"/>. NULLs are typed, since a VALUES column of nothing but NULLs would be text on PostgreSQL.
    /// </summary>
    private static string TicketValues(Recomputed r)
    {
        static string N(long? v) => v is { } x ? x.ToString(CultureInfo.InvariantCulture) : "CAST(NULL AS BIGINT)";
        var (colour, due, isBreached) = r.Summary ?? (r.Ticket.SlaColour, r.Ticket.SlaDueAt, r.Ticket.SlaBreached);
        var colourWord = colour is null ? "CAST(NULL AS TEXT)" : colour.All(ch => ch is >= 'a' and <= 'z') ? $"'{colour}'" : throw new InvalidOperationException($"unexpected colour {colour}");
        return $"({N(r.Ticket.Id)}, {colourWord}, {N(due)}, {(isBreached ? "TRUE" : "FALSE")}, {N(r.NextAt)})";
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

/// <summary>What one sweep did: whether it recomputed every ticket not closed (else only those whose clocks moved), how many tickets it recomputed, wrote, and saw change colour or breach.</summary>
public sealed record SweepOutcome(bool Everything, int Recomputed, int Written, int Changed);
