using System.Globalization;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using HospitalOps.ServiceDesk.Sla;
using HospitalOps.ServiceDesk.Workflows;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.ServiceDesk.Records;

/// <summary>A stay on site, its hours and days counted within the period.</summary>
public sealed record OnSiteVisitDto(
    long TicketId, string Number, string Title, string? BusinessSystemName, DateTimeOffset ArrivedAt, DateTimeOffset? LeftAt, bool Ongoing, double Hours, IReadOnlyList<DateOnly> Days);

/// <summary>
/// One engineer's work in the period: on-site visits, hours and person-days, the tickets handled (visited in the period, or
/// assigned to them and resolved in it) and how many of those met their response and resolution targets.
/// </summary>
public sealed record EngineerWorkLogDto(
    string Engineer,
    string DisplayName,
    int PersonDays,
    double Hours,
    int VisitCount,
    int TicketsHandled,
    int ResponseMet,
    int ResponseMeasured,
    int ResolutionMet,
    int ResolutionMeasured,
    IReadOnlyList<DateOnly> Days,
    IReadOnlyList<OnSiteVisitDto> Visits);

/// <summary>The work log of a period (calendar days in Asia/Shanghai, both ends included).</summary>
public sealed record WorkLogDto(DateOnly From, DateOnly To, int PersonDays, double Hours, IReadOnlyList<EngineerWorkLogDto> Engineers);

/// <summary>
/// The engineers' work log (工作记录): per engineer and period, the on-site visits read from the tickets' state history, their hours
/// and person-days (see <see cref="OnSiteVisits"/>), and the tickets handled with their SLA results — what a contract's on-site
/// person-days are accounted with. Engineers see their own; those who dispatch see everyone's.
/// </summary>
internal static class GetWorkLog
{
    public const int MaxDays = 366;

    internal static async Task<IResult> Endpoint(HttpContext context, Databases databases, WorkflowCatalog workflows, IUserDirectory users, TimeProvider clock,
        string? from, string? to, string? engineer, CancellationToken ct) =>
        Results.Ok(await BuildAsync(context, databases, workflows, users, clock, from, to, engineer, ct));

    public static async Task<WorkLogDto> BuildAsync(HttpContext context, Databases databases, WorkflowCatalog workflows, IUserDirectory users, TimeProvider clock,
        string? from, string? to, string? engineer, CancellationToken ct)
    {
        var (first, last) = Period(from, to);
        var user = CurrentUser.Of(context);
        var who = string.IsNullOrWhiteSpace(engineer) ? null : engineer.Trim();
        if (!user.Permissions.Contains(ServiceDeskModule.Dispatch))
        {
            if (who is not null && who != user.UserName)
            {
                throw new AppProblem(403, "worklog_own_only");
            }

            who = user.UserName;
        }

        return await BuildAsync(databases, workflows, users, clock, first, last, who, ct);
    }

    /// <summary>The period a request names: two dates, the first not after the last, at most <see cref="MaxDays"/> days.</summary>
    public static (DateOnly First, DateOnly Last) Period(string? from, string? to)
    {
        var first = DateOnly.TryParseExact(from?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var f) ? f
            : throw AppProblem.Invalid("from", string.IsNullOrWhiteSpace(from) ? "required" : "invalid_value");
        var last = DateOnly.TryParseExact(to?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var l) ? l
            : throw AppProblem.Invalid("to", string.IsNullOrWhiteSpace(to) ? "required" : "invalid_value");
        if (last < first || last.DayNumber - first.DayNumber + 1 > MaxDays)
        {
            throw AppProblem.Invalid("to", "worklog_period");
        }

        return (first, last);
    }

    public static DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, BusinessCalendar.DefaultZone.GetUtcOffset(local));
    }

    public static async Task<WorkLogDto> BuildAsync(Databases databases, WorkflowCatalog workflows, IUserDirectory users, TimeProvider clock, DateOnly first, DateOnly last,
        string? engineer, CancellationToken ct)
    {
        var zone = BusinessCalendar.DefaultZone;
        var from = StartOf(first);
        var to = StartOf(last.AddDays(1));
        var now = clock.GetUtcNow();
        await using var connection = await databases.Config.OpenAsync(ct);

        // A visit that overlaps the period began (at or after the ticket's first arrival) before its end, and ended (before the
        // ticket closed) after its start.
        var tickets = (await connection.QueryAsync<TicketRow>(new CommandDefinition(
            """
            SELECT id, number, title, business_system_name AS BusinessSystemName, workflow_id AS WorkflowId, workflow_version AS WorkflowVersion
            FROM sd_tickets WHERE arrived_at IS NOT NULL AND arrived_at < @to AND (closed_at IS NULL OR closed_at >= @from)
            ORDER BY id
            """, new { from = from.ToUnixTimeMilliseconds(), to = to.ToUnixTimeMilliseconds() }, cancellationToken: ct))).ToList();

        var visits = new List<(string Engineer, TicketRow Ticket, OnSiteVisitDto Visit)>();
        foreach (var batch in tickets.Chunk(500))
        {
            var moves = (await connection.QueryAsync<MoveRow>(new CommandDefinition(
                $"""
                SELECT ticket_id AS TicketId, at, actor, from_state AS FromState, to_state AS ToState FROM sd_ticket_log
                WHERE kind = 'transition' AND ticket_id IN {SqlIn.List("id", batch.Select(t => t.Id).ToList(), new DynamicParameters())} ORDER BY ticket_id, at, id
                """, cancellationToken: ct))).ToLookup(m => m.TicketId);
            foreach (var ticket in batch)
            {
                var definition = await workflows.VersionAsync(connection, null, ticket.WorkflowId, ticket.WorkflowVersion, ct);
                var onSite = definition.Transitions.Where(t => t.Milestone == "arrival").Select(t => t.To).ToHashSet(StringComparer.Ordinal);
                foreach (var v in OnSiteVisits.From(moves[ticket.Id].Select(m => new StateMove(m.At, m.Actor, m.FromState, m.ToState)), onSite))
                {
                    var left = v.Left ?? now;
                    if (v.Arrived >= to || left < from || (engineer is not null && v.Engineer != engineer))
                    {
                        continue;
                    }

                    var days = OnSiteVisits.Days(v.Arrived, left, zone, first, last);
                    if (days.Count == 0)
                    {
                        continue;
                    }

                    visits.Add((v.Engineer, ticket, new OnSiteVisitDto(ticket.Id, ticket.Number, ticket.Title, ticket.BusinessSystemName, v.Arrived, v.Left, v.Left is null,
                        Math.Round(OnSiteVisits.Hours(v.Arrived, left, from, to), 2), days)));
                }
            }
        }

        var resolved = (await connection.QueryAsync<(long Id, string Assignee)>(new CommandDefinition(
            $"""
            SELECT id, assignee FROM sd_tickets WHERE resolved_at >= @from AND resolved_at < @to AND assignee IS NOT NULL{(engineer is null ? "" : " AND assignee = @engineer")}
            """, new { from = from.ToUnixTimeMilliseconds(), to = to.ToUnixTimeMilliseconds(), engineer }, cancellationToken: ct))).ToList();

        var handled = visits.Select(v => (v.Engineer, v.Ticket.Id)).Concat(resolved.Select(r => (Engineer: r.Assignee, r.Id))).Distinct().ToLookup(h => h.Engineer, h => h.Id);
        var outcomes = new Dictionary<(long, string), string>();
        foreach (var batch in handled.SelectMany(h => h).Distinct().Chunk(500))
        {
            foreach (var c in await connection.QueryAsync<(long TicketId, string Kind, string Outcome)>(new CommandDefinition(
                $"SELECT ticket_id, kind, outcome FROM sd_sla_clocks WHERE kind IN ('response', 'resolution') AND ticket_id IN {SqlIn.List("id", batch.ToList(), new DynamicParameters())}",
                cancellationToken: ct)))
            {
                outcomes[(c.TicketId, c.Kind)] = c.Outcome;
            }
        }

        var names = handled.Count == 0 ? new Dictionary<string, UserContact>() : await users.ContactsAsync(handled.Select(h => h.Key).ToList(), ct);
        var byEngineer = visits.ToLookup(v => v.Engineer);
        var engineers = handled.Select(h =>
        {
            var own = byEngineer[h.Key].Select(v => v.Visit).OrderBy(v => v.ArrivedAt).ToList();
            var days = own.SelectMany(v => v.Days).Distinct().Order().ToList();
            int Count(string kind, Func<string, bool> outcome) => h.Count(id => outcomes.TryGetValue((id, kind), out var o) && outcome(o));
            return new EngineerWorkLogDto(
                h.Key, names.TryGetValue(h.Key, out var c) ? c.DisplayName : h.Key, days.Count, Math.Round(own.Sum(v => v.Hours), 2), own.Count, h.Count(),
                Count("response", o => o == "met"), Count("response", o => o is "met" or "met_late" or "breached"),
                Count("resolution", o => o == "met"), Count("resolution", o => o is "met" or "met_late" or "breached"),
                days, own);
        }).OrderByDescending(e => e.PersonDays).ThenBy(e => e.Engineer, StringComparer.Ordinal).ToList();

        return new WorkLogDto(first, last, engineers.Sum(e => e.PersonDays), Math.Round(engineers.Sum(e => e.Hours), 2), engineers);
    }

    private sealed record TicketRow
    {
        public long Id { get; init; }
        public string Number { get; init; } = "";
        public string Title { get; init; } = "";
        public string? BusinessSystemName { get; init; }
        public long WorkflowId { get; init; }
        public int WorkflowVersion { get; init; }
    }

    private sealed record MoveRow
    {
        public long TicketId { get; init; }
        public long At { get; init; }
        public string? Actor { get; init; }
        public string? FromState { get; init; }
        public string ToState { get; init; } = "";
    }
}
