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

    /// <summary>Recomputes every ticket that is not closed; returns how many changed colour or breached.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await databases.Config.OpenAsync(ct);
        var ids = (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT id FROM sd_tickets WHERE state_category <> 'closed' AND sla_policy_id IS NOT NULL AND in_maintenance = @no ORDER BY id", new { no = false }, cancellationToken: ct))).ToList();
        var changed = 0;
        foreach (var batch in ids.Chunk(200))
        {
            await using var tx = await Database.BeginWriteAsync(connection, ct);
            foreach (var id in batch)
            {
                var ticket = await TicketRecord.ByIdAsync(connection, tx, id, ct);
                if (ticket is null)
                {
                    continue;
                }

                await sla.RecomputeAsync(connection, tx, ticket, now, ct);
                var after = await connection.QuerySingleAsync<(string? Colour, bool Breached)>(new CommandDefinition(
                    "SELECT sla_colour, sla_breached FROM sd_tickets WHERE id = @id", new { id }, tx, cancellationToken: ct));
                if (after.Colour != ticket.SlaColour || after.Breached != ticket.SlaBreached)
                {
                    changed++;
                }
            }

            await tx.CommitAsync(ct);
        }

        if (changed > 0)
        {
            TicketChanges.Signal();
        }

        await Plans.PlanEscalation.RunAsync(connection, now, ct);
        return changed;
    }

    private Task<bool> HoldLeaseAsync(CancellationToken ct) =>
        Lease.TryHoldAsync(databases, "servicedesk-sla-sweeper", node.Name, clock, Interval * 4, ct);
}
