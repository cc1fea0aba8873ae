using System.Data.Common;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.ServiceDesk.Tickets;
using HospitalOps.ServiceDesk.Workflows;

namespace HospitalOps.ServiceDesk.Sla;

/// <summary>One clock of a ticket as lists, boards and the ticket page show it.</summary>
public sealed record TicketClockDto(
    string Kind,
    long AllowedMs,
    long UsedMs,
    long RemainingMs,
    DateTimeOffset? Deadline,
    DateTimeOffset? StoppedAt,
    DateTimeOffset? BreachedAt,
    bool Paused,
    string Outcome,
    string Colour,
    double FractionUsed);

/// <summary>The policy a ticket is measured by and the calendars its clocks run on (work hours, and the hours that decide "outside hours").</summary>
internal sealed record SlaBasis(SlaPolicyDto Policy, BusinessCalendar Calendar, BusinessCalendar Hours);

/// <summary>
/// The SLA clocks of a ticket, from its policy and its history: each clock starts when the ticket opens; time in a waiting state
/// (SLA <c>paused</c>) never counts; response and arrival stop at their milestones, resolution when the ticket enters a state whose
/// SLA is <c>stopped</c> (time spent resolved before a reopening counts as paused). A ticket opened in a maintenance window has
/// no clocks: planned work is not measured against the contract.
/// </summary>
internal sealed class TicketSla(ISlaCalendarSource calendars, WorkflowCatalog workflows)
{
    public static string KindName(SlaTargetKind kind) => kind switch
    {
        SlaTargetKind.Response => "response",
        SlaTargetKind.OnSiteArrival => "arrival",
        _ => "resolution",
    };

    /// <summary>The ticket's clocks, in the order response, arrival, resolution; none without a policy or in maintenance.</summary>
    public async Task<List<SlaClock>> ClocksAsync(DbConnection connection, DbTransaction? tx, TicketRecord ticket, CancellationToken ct) =>
        (await ClocksAsync(connection, tx, [ticket], ct))[ticket.Id];

    /// <summary>The clocks of many tickets, each as the one-ticket form gives them, their transitions read in one query.</summary>
    public async Task<Dictionary<long, List<SlaClock>>> ClocksAsync(DbConnection connection, DbTransaction? tx, IReadOnlyCollection<TicketRecord> tickets, CancellationToken ct)
    {
        var measured = tickets.Where(t => t.SlaPolicyId is not null && !t.InMaintenance).ToList();
        var result = tickets.ToDictionary(t => t.Id, _ => new List<SlaClock>());
        if (measured.Count == 0)
        {
            return result;
        }

        var args = new DynamicParameters();
        var moves = (await connection.QueryAsync<(long TicketId, long At, string ToState)>(new CommandDefinition(
            $"SELECT ticket_id, at, to_state FROM sd_ticket_log WHERE ticket_id IN {SqlIn.List("id", measured.Select(t => t.Id).ToList(), args)} AND kind = 'transition' ORDER BY ticket_id, at, id",
            args, tx, cancellationToken: ct))).ToLookup(m => m.TicketId, m => (m.At, m.ToState));
        var bases = new Dictionary<long, SlaBasis?>();
        foreach (var ticket in measured)
        {
            var policyId = ticket.SlaPolicyId!.Value;
            if (!bases.TryGetValue(policyId, out var basis))
            {
                bases[policyId] = basis = await BasisAsync(connection, tx, policyId, ct);
            }

            if (basis is not null)
            {
                var definition = await workflows.VersionAsync(connection, tx, ticket.WorkflowId, ticket.WorkflowVersion, ct);
                result[ticket.Id] = Clocks(ticket, basis, definition, moves[ticket.Id].ToList());
            }
        }

        return result;
    }

    /// <summary>The policy and the calendars its clocks run on; null when the policy or its calendar is gone.</summary>
    public async Task<SlaBasis?> BasisAsync(DbConnection connection, DbTransaction? tx, long policyId, CancellationToken ct)
    {
        var policy = await SlaPolicies.ByIdAsync(connection, tx, policyId, ct);
        return policy is null ? null : await BasisAsync(policy, ct);
    }

    /// <summary>The calendars a policy's clocks run on; null when its calendar is gone.</summary>
    public async Task<SlaBasis?> BasisAsync(SlaPolicyDto policy, CancellationToken ct)
    {
        if (await calendars.GetAsync(policy.CalendarId, ct) is not { } calendar)
        {
            return null;
        }

        var hours = policy.HoursCalendarId is { } h ? await calendars.GetAsync(h, ct) ?? calendar : calendar;
        return new SlaBasis(policy, calendar, hours);
    }

    public Task<WorkflowDefinition> DefinitionAsync(DbConnection connection, DbTransaction? tx, TicketRecord ticket, CancellationToken ct) =>
        workflows.VersionAsync(connection, tx, ticket.WorkflowId, ticket.WorkflowVersion, ct);

    /// <summary>The clocks from what they follow from: the policy, the workflow's states, and the ticket's transitions in order.</summary>
    public static List<SlaClock> Clocks(TicketRecord ticket, SlaBasis basis, WorkflowDefinition definition, IReadOnlyList<(long At, string ToState)> moves)
    {
        var policy = basis.Policy;
        var thresholds = new SlaColourThresholds(policy.YellowAt, policy.RedAt);
        var (pauses, resolvedAt) = History(ticket, definition, moves);
        var opened = UnixMs.ToTime(ticket.OpenedAt);

        var clocks = new List<SlaClock>();
        if (policy.ResponseMinutes is { } response)
        {
            clocks.Add(new SlaClock(Target(SlaTargetKind.Response, response, policy.ResponseOutsideMinutes, basis.Calendar, basis.Hours), opened, pauses, UnixMs.ToTime(ticket.RespondedAt), thresholds));
        }

        if (policy.ArrivalMinutes is { } arrival && (ticket.ArrivedAt is not null || ticket.Fields.GetValueOrDefault("onSiteRequired") == "true"))
        {
            clocks.Add(new SlaClock(Target(SlaTargetKind.OnSiteArrival, arrival, policy.ArrivalOutsideMinutes, basis.Calendar, basis.Hours), opened, pauses, UnixMs.ToTime(ticket.ArrivedAt), thresholds));
        }

        if (policy.ResolutionMinutes is { } resolution)
        {
            clocks.Add(new SlaClock(Target(SlaTargetKind.Resolution, resolution, null, basis.Calendar, basis.Hours), opened, pauses, resolvedAt, thresholds));
        }

        return clocks;
    }

    private static SlaTarget Target(SlaTargetKind kind, int minutes, int? outsideMinutes, BusinessCalendar calendar, BusinessCalendar hours) =>
        new(kind, TimeSpan.FromMinutes(minutes), calendar)
        {
            OutsideHours = outsideMinutes is { } outside ? new OutsideHoursAllowance(hours, TimeSpan.FromMinutes(outside)) : null,
        };

    /// <summary>The waiting times, and when the resolution clock stopped if the ticket now rests in a stopped state.</summary>
    private static (List<SlaPause> Pauses, DateTimeOffset? Stopped) History(TicketRecord ticket, WorkflowDefinition definition, IReadOnlyList<(long At, string ToState)> moves)
    {
        var runs = new List<(long From, string State)>(moves.Count + 1) { (ticket.OpenedAt, definition.Initial) };
        runs.AddRange(moves.Select(m => (m.At, m.ToState)));

        var pauses = new List<SlaPause>();
        DateTimeOffset? stopped = null;
        for (var i = 0; i < runs.Count; i++)
        {
            var sla = definition.States.FirstOrDefault(s => s.Key == runs[i].State)?.Sla ?? "running";
            var from = UnixMs.ToTime(runs[i].From);
            DateTimeOffset? until = i + 1 < runs.Count ? UnixMs.ToTime(runs[i + 1].From) : null;
            if (sla == "paused" || (sla == "stopped" && until is not null))
            {
                pauses.Add(new SlaPause(from, until));
            }
            else if (sla == "stopped")
            {
                stopped = from;
            }
        }

        return (pauses, stopped);
    }

    /// <summary>
    /// Computes the ticket's clocks as of <paramref name="now"/>, stores them with the ticket's colour, next deadline and breach flag,
    /// and records each newly breached target with the party responsible at that moment (assignee, else team).
    /// </summary>
    public async Task<List<TicketClockDto>> RecomputeAsync(DbConnection connection, DbTransaction tx, TicketRecord ticket, DateTimeOffset now, CancellationToken ct)
    {
        var states = (await ClocksAsync(connection, tx, ticket, ct)).Select(c => (Clock: c, State: c.At(now))).ToList();
        var dtos = states.Select(c => Dto(c.Clock, c.State)).ToList();
        // A closed ticket is never swept, whatever its clocks would do (one closed unanswered still has a running response clock).
        var nextAt = ticket.StateCategory == "closed" ? null : NextChange(states.Select(c => c.State));
        await StoreAsync(connection, tx, ticket, dtos, nextAt, now.ToUnixTimeMilliseconds(), ct);
        return dtos;
    }

    /// <summary>
    /// The first instant one of the ticket's clocks changes by itself, in whole milliseconds rounded up (so the change has happened by
    /// then); null when none will before the ticket changes.
    /// </summary>
    public static long? NextChange(IEnumerable<SlaClockState> states) =>
        states.Min(s => s.NextChange) is { } next ? (next.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond : null;

    /// <summary>Stores one ticket's computed clocks, its colour, next deadline and breach flag, the instant it next changes, and its new breaches.</summary>
    private static async Task StoreAsync(DbConnection connection, DbTransaction tx, TicketRecord ticket, List<TicketClockDto> dtos, long? nextAt, long at, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM sd_sla_clocks WHERE ticket_id = @Id", new { ticket.Id }, tx, cancellationToken: ct));
        foreach (var c in dtos)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO sd_sla_clocks (ticket_id, kind, allowed_ms, used_ms, deadline_at, stopped_at, breached_at, paused, outcome, colour, computed_at)
                VALUES (@Id, @Kind, @AllowedMs, @UsedMs, @deadline, @stopped, @breached, @Paused, @Outcome, @Colour, @at)
                """,
                new
                {
                    ticket.Id, c.Kind, c.AllowedMs, c.UsedMs, deadline = c.Deadline?.ToUnixTimeMilliseconds(), stopped = c.StoppedAt?.ToUnixTimeMilliseconds(),
                    breached = c.BreachedAt?.ToUnixTimeMilliseconds(), c.Paused, c.Outcome, c.Colour, at,
                }, tx, cancellationToken: ct));
            if (c.BreachedAt is { } breachedAt)
            {
                await RecordBreachAsync(connection, tx, ticket, c.Kind, breachedAt, at, ct);
            }
        }

        var (colour, due, breached) = Summary(dtos);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE sd_tickets SET sla_colour = @colour, sla_due_at = @due, sla_breached = @breached, sla_next_at = @nextAt WHERE id = @Id",
            new { colour, due, breached, nextAt, ticket.Id }, tx, cancellationToken: ct));
    }

    /// <summary>A target's breach, once per ticket and kind, against the party responsible at that moment (assignee, else team).</summary>
    public static async Task RecordBreachAsync(DbConnection connection, DbTransaction tx, TicketRecord ticket, string kind, DateTimeOffset breachedAt, long at, CancellationToken ct)
    {
        var responsible = ticket.Assignee ?? ticket.Team;
        var recorded = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO sd_sla_breaches (ticket_id, kind, breached_at, responsible, recorded_at) VALUES (@Id, @kind, @breachedAt, @responsible, @at)
            ON CONFLICT (ticket_id, kind) DO NOTHING
            """,
            new { ticket.Id, kind, breachedAt = breachedAt.ToUnixTimeMilliseconds(), responsible, at }, tx, cancellationToken: ct));
        if (recorded > 0)
        {
            await TicketLog.AddAsync(connection, tx, ticket.Id, breachedAt.ToUnixTimeMilliseconds(), TicketLog.SlaBreached, null, null, null, responsible is { } who ? $"{kind}:{who}" : kind, ct);
        }
    }

    /// <summary>What lists and boards read from the ticket row: the running clock's colour and deadline, and whether any target was breached.</summary>
    public static (string? Colour, long? Due, bool Breached) Summary(IReadOnlyList<TicketClockDto> dtos)
    {
        var current = dtos.FirstOrDefault(c => c.StoppedAt is null);
        var colour = current?.Colour ?? (dtos.Count == 0 ? null : dtos.Any(c => c.BreachedAt is not null) ? "black" : "green");
        return (colour, current?.Deadline?.ToUnixTimeMilliseconds(), dtos.Any(c => c.BreachedAt is not null));
    }

    public static TicketClockDto Dto(SlaClock clock, SlaClockState s) => new(
        KindName(s.Kind),
        (long)s.Allowed.TotalMilliseconds,
        (long)s.Used.TotalMilliseconds,
        (long)s.Remaining.TotalMilliseconds,
        s.Deadline,
        s.IsStopped ? clock.StoppedAt : null,
        s.BreachedAt,
        s.IsPaused,
        s.Outcome switch { SlaOutcome.MetOnTime => "met", SlaOutcome.MetLate => "met_late", SlaOutcome.Breached => "breached", _ => "running" },
        s.Colour.ToString().ToLowerInvariant(),
        Math.Round(s.FractionUsed, 4));
}
