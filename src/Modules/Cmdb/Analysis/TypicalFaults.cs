using HospitalOps.Cmdb.Availability;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Cmdb.Analysis;

public sealed record TypicalFaultDto(IReadOnlyList<CiRef> Cis, int Size, string Result);

public sealed record FaultTreeNodeDto(int Index, string Gate, CiRef? Ci, string Label, int Threshold, IReadOnlyList<int> Children, IReadOnlyList<CiRef> RecoverableVia);

public sealed record FaultTreeResponse(CiRef Business, int Root, IReadOnlyList<FaultTreeNodeDto> Nodes);

/// <summary>
/// A business system's fault tree derived from the model (AND / OR / k-of-n gates) and its
/// typical faults (典型故障): the minimal sets of one or two component failures that take it down.
/// </summary>
internal static class TypicalFaults
{
    private static async Task<Availability.AvailabilityGraph> BusinessGraphAsync(long id, GraphCache graphs, Databases databases, CancellationToken ct)
    {
        await using (var connection = await databases.Config.OpenAsync(ct))
        {
            var type = await Dapper.SqlMapper.ExecuteScalarAsync<string?>(connection, "SELECT type_code FROM cmdb_cis WHERE id = @id", new { id });
            if (type != "business")
            {
                throw AppProblem.NotFound();
            }
        }

        return await graphs.GetAsync(ct);
    }

    internal static async Task<IResult> FaultsEndpoint(long id, GraphCache graphs, Databases databases, CancellationToken ct)
    {
        var graph = await BusinessGraphAsync(id, graphs, databases, ct);
        var sets = graph.MinimalCutSets(id, 2);
        var names = await CiNames.LoadAsync(databases, sets.SelectMany(s => s.CiIds), ct);
        return Results.Ok(sets
            .OrderBy(s => s.CiIds.Count).ThenBy(s => s.Result == CiState.Down ? 0 : 1)
            .Select(s => new TypicalFaultDto(s.CiIds.Select(names.Of).ToList(), s.CiIds.Count, s.Result == CiState.Down ? "down" : "recoverable"))
            .ToList());
    }

    /// <summary>The engine labels events in English; a Chinese reader gets the same statement in Chinese.</summary>
    private static string Label(FaultTreeNode node, string? name, string language)
    {
        if (language == RequestLanguage.English || name is null)
        {
            return node.Label;
        }

        var cycle = node.Label.Contains("(cycle round", StringComparison.Ordinal) ? "（依赖环展开）" : string.Empty;
        if (node.Label.StartsWith("cycle of", StringComparison.Ordinal))
        {
            return $"依赖环（{node.Children.Count} 项）停止";
        }

        if (node.Label.Contains(" members of ", StringComparison.Ordinal))
        {
            return $"{name}：至少 {node.Threshold} 个成员不可用{cycle}";
        }

        return node.Gate switch
        {
            FaultTreeGate.BasicEvent => $"{name} 自身故障",
            FaultTreeGate.And => $"{name} 及其全部热备均停止{cycle}",
            _ => $"{name} 停止{cycle}",
        };
    }

    internal static async Task<IResult> TreeEndpoint(HttpContext context, long id, GraphCache graphs, Databases databases, CancellationToken ct)
    {
        var language = RequestLanguage.Of(context);
        var graph = await BusinessGraphAsync(id, graphs, databases, ct);
        var tree = graph.Tree(id);
        var names = await CiNames.LoadAsync(databases, tree.Nodes.Select(n => n.CiId).Concat(tree.Nodes.SelectMany(n => n.RecoverableVia)).Append(id), ct);
        var nodes = tree.Nodes.Select(n => new FaultTreeNodeDto(n.Index, n.Gate.ToString().ToLowerInvariant(), n.CiId > 0 ? names.Of(n.CiId) : null,
            Label(n, n.CiId > 0 ? names.Of(n.CiId).Name : null, language), n.Threshold, n.Children,
            n.RecoverableVia.Select(names.Of).ToList())).ToList();
        return Results.Ok(new FaultTreeResponse(names.Of(id), tree.Root, nodes));
    }
}
