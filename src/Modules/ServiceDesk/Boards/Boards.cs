using HospitalOps.Cmdb.Contracts;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using HospitalOps.ServiceDesk.Workflows;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.ServiceDesk.Boards;

/// <summary>信息看板: how many open tickets are black, red, yellow and green, and each colour's tickets, the most urgent first.</summary>
public sealed record InformationBoardDto(DateTimeOffset Now, IReadOnlyDictionary<string, int> Counts, IReadOnlyDictionary<string, IReadOnlyList<BoardTicketDto>> Tickets, int ListLimit);

/// <summary>One engineer's queue: the tickets assigned to them, the most urgent first, with counts by priority (P1..P4) and colour.</summary>
public sealed record EngineerQueueDto(string UserName, string DisplayName, int Total, IReadOnlyList<int> ByPriority, IReadOnlyDictionary<string, int> ByColour, IReadOnlyList<BoardTicketDto> Tickets);

/// <summary>派单看板: each engineer's queue, the busiest first, and the tickets nobody has yet.</summary>
public sealed record DispatchBoardDto(DateTimeOffset Now, IReadOnlyList<EngineerQueueDto> Engineers, IReadOnlyList<BoardTicketDto> Unassigned);

/// <summary>
/// A CI with a fault now: the open tickets on it (the most urgent one shown), the business systems that need it, who handles it
/// and since when (the earliest of its open tickets).
/// </summary>
public sealed record FaultyCiDto(long CiId, string CiCode, string CiName, string? CiType, IReadOnlyList<string> BusinessSystems, BoardTicketDto Ticket, int TicketCount,
    IReadOnlyList<string> Handlers, DateTimeOffset Since, string SlaColour);

/// <summary>状态汇总看板: the CIs with faults now, the darkest first.</summary>
public sealed record StatusBoardDto(DateTimeOffset Now, IReadOnlyList<FaultyCiDto> Cis);

/// <summary>A business system on the service model board: green with nothing open, else its worst open ticket's colour and priority.</summary>
public sealed record ModelSystemDto(long Id, string Code, string Name, int? Level, string Colour, int? WorstPriority, int OpenTickets);

/// <summary><see cref="FromId"/> relies on <see cref="ToId"/> (through the named interfaces, or directly when <see cref="Kind"/> is <c>depends</c>).</summary>
public sealed record ModelLinkDto(long FromId, long ToId, string Kind, IReadOnlyList<string> Interfaces);

/// <summary>服务模型看板: the business systems and their relations, each system coloured by its open tickets.</summary>
public sealed record ServiceModelBoardDto(DateTimeOffset Now, IReadOnlyList<ModelSystemDto> Systems, IReadOnlyList<ModelLinkDto> Links);

/// <summary><c>GET /boards/{board}</c>: one board's data, read fresh (the page fetches again when the stream says the boards changed).</summary>
internal static class Boards
{
    public const int ListLimit = 100;

    internal static async Task<IResult> Endpoint(string board, Databases databases, WorkflowCatalog workflows, IUserDirectory users, ICmdbDirectory cmdb, TimeProvider clock,
        CancellationToken ct)
    {
        if (board is not ("information" or "dispatch" or "status" or "service-model"))
        {
            throw AppProblem.NotFound();
        }

        List<BoardTicketDto> open;
        await using (var connection = await databases.Config.OpenAsync(ct))
        {
            open = await BoardTickets.OpenAsync(connection, workflows, users, ct);
            if (board == "status")
            {
                return Results.Ok(await StatusAsync(connection, open, cmdb, clock.GetUtcNow(), ct));
            }
        }

        var now = clock.GetUtcNow();
        return board switch
        {
            "information" => Results.Ok(Information(open, now)),
            "dispatch" => Results.Ok(Dispatch(open, await users.HoldersOfAsync(ServiceDeskModule.Work, ct), now)),
            _ => Results.Ok(await ServiceModelAsync(open, cmdb, now, ct)),
        };
    }

    internal static InformationBoardDto Information(IReadOnlyList<BoardTicketDto> open, DateTimeOffset now)
    {
        var counts = BoardTickets.Colours.ToDictionary(c => c, c => open.Count(t => t.SlaColour == c), StringComparer.Ordinal);
        var lists = BoardTickets.Colours.ToDictionary(c => c,
            c => (IReadOnlyList<BoardTicketDto>)BoardTickets.MostUrgentFirst(open.Where(t => t.SlaColour == c)).Take(ListLimit).ToList(), StringComparer.Ordinal);
        return new InformationBoardDto(now, counts, lists, ListLimit);
    }

    /// <summary>The queues of everyone who may work tickets, idle ones last (a dispatcher looks for who is free).</summary>
    internal static DispatchBoardDto Dispatch(IReadOnlyList<BoardTicketDto> open, IReadOnlyList<UserContact> workers, DateTimeOffset now)
    {
        var engineers = open.Where(t => t.Assignee is not null).GroupBy(t => t.Assignee!, StringComparer.Ordinal)
            .Select(g => new EngineerQueueDto(
                g.Key,
                g.First().AssigneeName ?? g.Key,
                g.Count(),
                [.. Enumerable.Range(1, 4).Select(p => g.Count(t => t.Priority == p))],
                BoardTickets.Colours.ToDictionary(c => c, c => g.Count(t => t.SlaColour == c), StringComparer.Ordinal),
                g.OrderBy(t => t.Priority).ThenByDescending(t => BoardTickets.Rank(t.SlaColour)).ThenBy(t => t.SlaDueAt ?? DateTimeOffset.MaxValue).Take(ListLimit).ToList()))
            .OrderByDescending(e => e.Total).ThenByDescending(e => e.ByPriority[0]).ThenBy(e => e.UserName, StringComparer.Ordinal)
            .ToList();
        var busy = engineers.Select(e => e.UserName).ToHashSet(StringComparer.Ordinal);
        engineers.AddRange(workers.Where(w => !busy.Contains(w.UserName)).OrderBy(w => w.UserName, StringComparer.Ordinal).Select(w => new EngineerQueueDto(
            w.UserName, w.DisplayName, 0, [0, 0, 0, 0], BoardTickets.Colours.ToDictionary(c => c, _ => 0, StringComparer.Ordinal), [])));
        var unassigned = open.Where(t => t.Assignee is null).OrderBy(t => t.Priority).ThenBy(t => t.OpenedAt).Take(ListLimit).ToList();
        return new DispatchBoardDto(now, engineers, unassigned);
    }

    private static async Task<StatusBoardDto> StatusAsync(System.Data.Common.DbConnection connection, IReadOnlyList<BoardTicketDto> open, ICmdbDirectory cmdb, DateTimeOffset now,
        CancellationToken ct)
    {
        var cis = new List<(long TicketId, long CiId, string Code, string Name)>();
        var byId = open.ToDictionary(t => t.Id);
        foreach (var slice in open.Select(t => t.Id).Chunk(500))
        {
            var args = new Dapper.DynamicParameters();
            var clause = SqlIn.List("t", slice, args);
            cis.AddRange(await Dapper.SqlMapper.QueryAsync<(long, long, string, string)>(connection, new Dapper.CommandDefinition(
                $"SELECT ticket_id, ci_id, ci_code, ci_name FROM sd_ticket_cis WHERE ticket_id IN {clause}", args, cancellationToken: ct)));
        }

        var facts = await cmdb.FactsAsync(cis.Select(c => c.CiId).Distinct().ToList(), ct);
        var rows = cis.GroupBy(c => c.CiId).Select(g =>
        {
            var tickets = BoardTickets.MostUrgentFirst(g.Select(c => byId[c.TicketId]).DistinctBy(t => t.Id)).ToList();
            var worst = tickets.OrderBy(t => t.Priority).ThenByDescending(t => BoardTickets.Rank(t.SlaColour)).ThenBy(t => t.OpenedAt).First();
            var fact = facts.GetValueOrDefault(g.Key);
            var systems = fact?.BusinessSystems.Select(b => b.Name).ToList() ?? [];
            if (systems.Count == 0)
            {
                systems = tickets.Where(t => t.BusinessSystemName is not null).Select(t => t.BusinessSystemName!).Distinct(StringComparer.Ordinal).ToList();
            }

            var handlers = tickets.Where(t => t.AssigneeName is not null).Select(t => t.AssigneeName!).Distinct(StringComparer.Ordinal).ToList();
            var colour = BoardTickets.Colours.First(c => tickets.Any(t => t.SlaColour == c));
            return new FaultyCiDto(g.Key, fact?.Code ?? g.First().Code, fact?.Name ?? g.First().Name, fact?.Type, systems, worst, tickets.Count, handlers,
                tickets.Min(t => t.OpenedAt), colour);
        })
            .OrderBy(r => r.Ticket.Priority).ThenByDescending(r => BoardTickets.Rank(r.SlaColour)).ThenBy(r => r.Since).ThenBy(r => r.CiCode, StringComparer.Ordinal)
            .ToList();
        return new StatusBoardDto(now, rows);
    }

    internal static async Task<ServiceModelBoardDto> ServiceModelAsync(IReadOnlyList<BoardTicketDto> open, ICmdbDirectory cmdb, DateTimeOffset now, CancellationToken ct)
    {
        var graph = await cmdb.BusinessGraphAsync(ct);
        var bySystem = open.Where(t => t.BusinessSystemId is not null).ToLookup(t => t.BusinessSystemId!.Value);
        var systems = graph.Systems.Select(s =>
        {
            var tickets = bySystem[s.Id].ToList();
            var colour = tickets.Count == 0 ? "green" : BoardTickets.Colours.First(c => tickets.Any(t => t.SlaColour == c));
            return new ModelSystemDto(s.Id, s.Code, s.Name, s.Level, colour, tickets.Count == 0 ? null : tickets.Min(t => t.Priority), tickets.Count);
        }).ToList();
        var links = graph.Links.GroupBy(l => (l.FromId, l.ToId))
            .Select(g => new ModelLinkDto(g.Key.FromId, g.Key.ToId, g.Any(l => l.Kind == "interface") ? "interface" : "depends",
                g.Where(l => l.InterfaceName is not null).Select(l => l.InterfaceName!).Distinct(StringComparer.Ordinal).ToList()))
            .ToList();
        return new ServiceModelBoardDto(now, systems, links);
    }
}
