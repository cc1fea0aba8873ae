using System.Data.Common;
using Dapper;
using HospitalOps.Kernel.Data;
using HospitalOps.ServiceDesk.Tickets;

namespace HospitalOps.ServiceDesk.Plans;

/// <summary>An escalation of a ticket: the level of its plan reached, when, and who was told.</summary>
public sealed record TicketEscalationDto(int Level, DateTimeOffset At, IReadOnlyList<string> Notified);

/// <summary>
/// Escalation by a typical fault's plan: a ticket still unresolved the level's minutes after it opened tells that level's people
/// (through the outbox, so every channel that delivers ticket notices carries it), once per level, in order; the timeline says so.
/// </summary>
internal static class PlanEscalation
{
    /// <summary>Escalates every due level of the open tickets that follow a plan; returns how many levels fired.</summary>
    public static async Task<int> RunAsync(DbConnection connection, DateTimeOffset now, CancellationToken ct)
    {
        var at = now.ToUnixTimeMilliseconds();
        const string Following = "t.fault_plan_id IS NOT NULL AND t.state_category IN ('new', 'open', 'waiting')";
        var tickets = (await connection.QueryAsync<(long Id, long PlanId, long OpenedAt)>(new CommandDefinition(
            $"SELECT t.id, t.fault_plan_id, t.opened_at FROM sd_tickets t WHERE {Following} ORDER BY t.id", cancellationToken: ct))).ToList();
        if (tickets.Count == 0)
        {
            return 0;
        }

        var escalated = (await connection.QueryAsync<(long TicketId, long Level)>(new CommandDefinition(
            $"SELECT e.ticket_id, e.level FROM sd_tickets t CROSS JOIN sd_ticket_escalations e WHERE e.ticket_id = t.id AND {Following}", cancellationToken: ct)))
            .ToLookup(e => e.TicketId, e => e.Level);

        var plans = (await FaultPlans.AllAsync(connection, null, ct)).ToDictionary(p => p.Id);
        var fired = 0;
        foreach (var (ticketId, planId, openedAt) in tickets)
        {
            if (!plans.TryGetValue(planId, out var plan) || plan.Escalation.Count == 0)
            {
                continue;
            }

            var done = escalated[ticketId].ToHashSet();
            for (var level = 0; level < plan.Escalation.Count; level++)
            {
                var step = plan.Escalation[level];
                var due = openedAt + step.AfterMinutes * 60_000L;
                if (due > at || done.Contains(level))
                {
                    continue;
                }

                await using var tx = await Database.BeginWriteAsync(connection, ct);
                var inserted = await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO sd_ticket_escalations (ticket_id, level, at, notified) VALUES (@ticketId, @level, @due, @users) ON CONFLICT (ticket_id, level) DO NOTHING",
                    new { ticketId, level, due, users = System.Text.Json.JsonSerializer.Serialize(step.Users) }, tx, cancellationToken: ct));
                if (inserted > 0)
                {
                    var ticket = (await TicketRecord.ByIdAsync(connection, tx, ticketId, ct))!;
                    await TicketNotices.PublishAsync(connection, tx, ticket, $"escalation:{level + 1}", step.Users, due, ct);
                    await TicketLog.AddAsync(connection, tx, ticketId, due, TicketLog.Escalated, "service-desk", null, null,
                        $"{level + 1}:{string.Join(",", step.Users)}{(step.Note is { Length: > 0 } note ? ":" + note : "")}", ct);
                    foreach (var user in step.Users.Where(u => u != ticket.Assignee))
                    {
                        await TicketCollaborators.AddAsync(connection, tx, ticketId, user, $"升级第 {level + 1} 级", due, "service-desk", ct);
                    }

                    fired++;
                }

                await tx.CommitAsync(ct);
            }
        }

        if (fired > 0)
        {
            TicketChanges.Signal();
        }

        return fired;
    }

    public static async Task<List<TicketEscalationDto>> OfAsync(DbConnection connection, long ticketId, CancellationToken ct) =>
        (await connection.QueryAsync<(long Level, long At, string Notified)>(new CommandDefinition(
            "SELECT level, at, notified FROM sd_ticket_escalations WHERE ticket_id = @ticketId ORDER BY level", new { ticketId }, cancellationToken: ct)))
        .Select(r => new TicketEscalationDto((int)r.Level + 1, UnixMs.ToTime(r.At), System.Text.Json.JsonSerializer.Deserialize<List<string>>(r.Notified) ?? [])).ToList();
}
