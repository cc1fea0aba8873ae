using System.Text.Json.Nodes;
using Dapper;
using HospitalOps.Cmdb.Availability;
using HospitalOps.Kernel.Data;

namespace HospitalOps.Cmdb.Analysis;

/// <summary>
/// The CMDB as the availability engine sees it, loaded from the database and kept in memory until
/// the CMDB changes. Every CI or relation change writes a history row, so the newest history id
/// tells every node whether its copy is current, without any message between nodes.
/// </summary>
internal sealed class GraphCache(Databases databases)
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private (long Stamp, AvailabilityGraph Graph)? _current;

    private sealed class NodeRow
    {
        public long Id { get; init; }

        public string TypeCode { get; init; } = string.Empty;

        public string Name { get; init; } = string.Empty;

        public string Attributes { get; init; } = "{}";
    }

    private sealed class EdgeRow
    {
        public long SourceId { get; init; }

        public long TargetId { get; init; }

        public string Attributes { get; init; } = "{}";

        public string Availability { get; init; } = "none";
    }

    public async Task<AvailabilityGraph> GetAsync(CancellationToken ct)
    {
        long stamp;
        await using (var connection = await databases.Config.OpenAsync(ct))
        {
            stamp = await connection.ExecuteScalarAsync<long?>("SELECT MAX(id) FROM cmdb_ci_history") ?? 0;
        }

        if (_current is { } current && current.Stamp == stamp)
        {
            return current.Graph;
        }

        await _loading.WaitAsync(ct);
        try
        {
            if (_current is { } loaded && loaded.Stamp >= stamp)
            {
                return loaded.Graph;
            }

            var graph = await LoadAsync(ct);
            _current = (stamp, graph);
            return graph;
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task<AvailabilityGraph> LoadAsync(CancellationToken ct)
    {
        await using var connection = await databases.Config.OpenAsync(ct);
        var nodes = new List<GraphNode>();
        foreach (var row in await connection.QueryAsync<NodeRow>(new CommandDefinition("SELECT id, type_code AS TypeCode, name, attributes FROM cmdb_cis", cancellationToken: ct)))
        {
            nodes.Add(new GraphNode(row.Id, row.TypeCode, row.Name, row.TypeCode == "business", MinMembersOf(row.Attributes)));
        }

        var edges = new List<GraphEdge>();
        var sql = "SELECT r.source_id AS SourceId, r.target_id AS TargetId, r.attributes, t.availability FROM cmdb_relations r JOIN cmdb_relation_types t ON t.code = r.type_code WHERE t.availability <> 'none'";
        foreach (var row in await connection.QueryAsync<EdgeRow>(new CommandDefinition(sql, cancellationToken: ct)))
        {
            switch (row.Availability)
            {
                case "needs":
                    edges.Add(new GraphEdge(row.SourceId, row.TargetId, EdgeKind.Needs));
                    break;
                case "needed-by":
                    edges.Add(new GraphEdge(row.TargetId, row.SourceId, EdgeKind.Needs));
                    break;
                case "member":
                    edges.Add(new GraphEdge(row.SourceId, row.TargetId, EdgeKind.MemberOf));
                    break;
                case "backup":
                    var mode = (JsonNode.Parse(row.Attributes) as JsonObject)?["mode"]?.GetValue<string>() == "cold" ? StandbyMode.Cold : StandbyMode.Hot;
                    edges.Add(new GraphEdge(row.SourceId, row.TargetId, EdgeKind.BacksUp, mode));
                    break;
            }
        }

        return new AvailabilityGraph(nodes, edges);
    }

    private static int MinMembersOf(string attributes)
    {
        if (!attributes.Contains("minMembers", StringComparison.Ordinal))
        {
            return 1;
        }

        var value = (JsonNode.Parse(attributes) as JsonObject)?["minMembers"];
        return value is JsonValue v && v.TryGetValue<double>(out var n) && n >= 1 ? (int)n : 1;
    }
}
