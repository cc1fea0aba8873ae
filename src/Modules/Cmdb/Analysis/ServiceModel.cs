using Dapper;
using HospitalOps.Cmdb.Model;
using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Errors;
using Microsoft.AspNetCore.Http;

namespace HospitalOps.Cmdb.Analysis;

public sealed record ServiceModelLayer(string Layer, IReadOnlyList<CiRef> Cis);

public sealed record ServiceModelEdge(long Id, string Type, long SourceId, long TargetId, string? Mode);

public sealed record ServiceModelResponse(CiRef Business, IReadOnlyList<ServiceModelLayer> Layers, IReadOnlyList<ServiceModelEdge> Edges);

/// <summary>
/// A business system's service model (OBASHI): everything it stands on, found by following the
/// relations that carry availability (what it needs, the members of its clusters, the standbys of
/// its primaries, the providers of the interfaces it consumes), grouped by layer from business
/// down to infrastructure, with the relations among them for the topology graph.
/// </summary>
internal static class ServiceModel
{
    private sealed class EdgeRow
    {
        public long Id { get; init; }

        public string TypeCode { get; init; } = string.Empty;

        public long SourceId { get; init; }

        public long TargetId { get; init; }

        public string Attributes { get; init; } = "{}";

        public string Availability { get; init; } = "none";
    }

    internal static async Task<IResult> Endpoint(long id, Databases databases, CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var business = await CmdbStore.CiAsync(connection, id);
        if (business is null || business.TypeCode != "business")
        {
            throw AppProblem.NotFound();
        }

        var edges = (await connection.QueryAsync<EdgeRow>(
            "SELECT r.id, r.type_code AS TypeCode, r.source_id AS SourceId, r.target_id AS TargetId, r.attributes, t.availability FROM cmdb_relations r JOIN cmdb_relation_types t ON t.code = r.type_code WHERE t.availability <> 'none'")).ToList();
        // "Stands on" in both storage directions: needs (source → target), needed-by (target → source),
        // a cluster stands on its members, a primary on its standbys.
        var standsOn = new Dictionary<long, List<EdgeRow>>();
        void Add(long from, EdgeRow edge) => (standsOn.TryGetValue(from, out var list) ? list : standsOn[from] = []).Add(edge);
        foreach (var e in edges)
        {
            switch (e.Availability)
            {
                case "needs": Add(e.SourceId, e); break;
                case "needed-by": Add(e.TargetId, e); break;
                case "member": Add(e.TargetId, e); break;
                case "backup": Add(e.TargetId, e); break;
            }
        }

        var seen = new HashSet<long> { id };
        var usedEdges = new List<EdgeRow>();
        var queue = new Queue<long>([id]);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            foreach (var edge in standsOn.GetValueOrDefault(current) ?? [])
            {
                usedEdges.Add(edge);
                var next = edge.SourceId == current ? edge.TargetId : edge.SourceId;
                if (seen.Add(next))
                {
                    queue.Enqueue(next);
                }
            }
        }

        var names = await CiNames.LoadAsync(databases, seen, ct);
        var layerOf = (await connection.QueryAsync<(string Code, string Layer)>("SELECT code, layer FROM cmdb_ci_types")).ToDictionary(t => t.Code, t => t.Layer, StringComparer.Ordinal);
        var layers = BuiltInModel.Layers
            .Select(layer => new ServiceModelLayer(layer, seen.Select(names.Of).Where(c => layerOf.GetValueOrDefault(c.Type) == layer).OrderBy(c => c.Type, StringComparer.Ordinal).ThenBy(c => c.Code, StringComparer.Ordinal).ToList()))
            .Where(l => l.Cis.Count > 0)
            .ToList();
        var modeEdges = usedEdges.Distinct().Select(e => new ServiceModelEdge(e.Id, e.TypeCode, e.SourceId, e.TargetId,
            e.Availability == "backup" ? (System.Text.Json.Nodes.JsonNode.Parse(e.Attributes)?["mode"]?.GetValue<string>()) : null)).ToList();
        return Results.Ok(new ServiceModelResponse(names.Of(id), layers, modeEdges));
    }
}
