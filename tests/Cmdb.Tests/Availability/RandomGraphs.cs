using HospitalOps.Cmdb.Availability;

namespace HospitalOps.Cmdb.Tests.Availability;

/// <summary>
/// Small graphs with every rule mixed in: needs (mostly downward, some upward to make cycles), clusters with
/// MinMembers from 0 to beyond their size, hot, cold and mode-less backups, repeated edges, self-loops, edges to
/// unknown ids, and business systems on top that sometimes need each other.
/// </summary>
internal static class RandomGraphs
{
    public static (List<GraphNode> Nodes, List<GraphEdge> Edges) Generate(Random random)
    {
        var count = random.Next(10, 41);
        var businessCount = random.Next(1, 4);
        var nodes = new List<GraphNode>();
        var ids = new long[count];
        for (var i = 0; i < count; i++)
        {
            // Sparse ids, so that an id used as an index would show.
            ids[i] = 1_000 + (i * 7);
            var isBusiness = i >= count - businessCount;
            nodes.Add(new GraphNode(ids[i], isBusiness ? "business" : "ci", $"n{i}", isBusiness, random.Next(0, 5)));
        }

        var components = count - businessCount;
        var edges = new List<GraphEdge>();
        for (var i = 1; i < components; i++)
        {
            var needs = random.Next(0, 3);
            for (var k = 0; k < needs; k++)
            {
                edges.Add(new GraphEdge(ids[i], ids[random.Next(i)], EdgeKind.Needs));
            }
        }

        for (var k = random.Next(0, 3); k > 0; k--)
        {
            var from = random.Next(components);
            edges.Add(new GraphEdge(ids[from], ids[random.Next(from, components)], EdgeKind.Needs));
        }

        for (var c = random.Next(0, 1 + (components / 6)); c > 0; c--)
        {
            var cluster = random.Next(components);
            for (var m = random.Next(1, 5); m > 0; m--)
            {
                edges.Add(new GraphEdge(ids[random.Next(components)], ids[cluster], EdgeKind.MemberOf));
            }
        }

        for (var b = random.Next(0, 1 + (components / 5)); b > 0; b--)
        {
            var mode = random.Next(5) switch
            {
                0 or 1 => StandbyMode.Hot,
                2 or 3 => StandbyMode.Cold,
                _ => (StandbyMode?)null,
            };
            edges.Add(new GraphEdge(ids[random.Next(components)], ids[random.Next(components)], EdgeKind.BacksUp, mode));
        }

        for (var i = components; i < count; i++)
        {
            for (var k = random.Next(1, 4); k > 0; k--)
            {
                edges.Add(new GraphEdge(ids[i], ids[random.Next(components / 2, components)], EdgeKind.Needs));
            }

            if (i > components && random.Next(4) == 0)
            {
                edges.Add(new GraphEdge(ids[i], ids[random.Next(components, i)], EdgeKind.Needs));
            }
        }

        if (random.Next(3) == 0)
        {
            edges.Add(edges[random.Next(edges.Count)]);
            edges.Add(new GraphEdge(ids[0], 5, EdgeKind.Needs));
            edges.Add(new GraphEdge(ids[1], ids[1], EdgeKind.Needs));
        }

        return (nodes, edges);
    }
}
