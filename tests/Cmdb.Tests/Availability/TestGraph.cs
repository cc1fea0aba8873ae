using HospitalOps.Cmdb.Availability;

namespace HospitalOps.Cmdb.Tests.Availability;

/// <summary>Hand-built scenarios: CIs get readable names and ids from 101 up, so a test reads like the CMDB it models.</summary>
internal sealed class TestGraph
{
    private readonly List<GraphNode> _nodes = new();
    private readonly List<GraphEdge> _edges = new();
    private readonly Dictionary<string, long> _ids = new();

    public long this[string name] => _ids[name];

    public long Ci(string name, string type = "ci", int minMembers = 1) => Add(name, type, false, minMembers);

    public long Business(string name) => Add(name, "business", true, 1);

    public TestGraph Needs(long from, long to)
    {
        _edges.Add(new GraphEdge(from, to, EdgeKind.Needs));
        return this;
    }

    public TestGraph Member(long member, long cluster)
    {
        _edges.Add(new GraphEdge(member, cluster, EdgeKind.MemberOf));
        return this;
    }

    public TestGraph Hot(long standby, long primary)
    {
        _edges.Add(new GraphEdge(standby, primary, EdgeKind.BacksUp, StandbyMode.Hot));
        return this;
    }

    public TestGraph Cold(long standby, long primary)
    {
        _edges.Add(new GraphEdge(standby, primary, EdgeKind.BacksUp, StandbyMode.Cold));
        return this;
    }

    public TestGraph Edge(GraphEdge edge)
    {
        _edges.Add(edge);
        return this;
    }

    public AvailabilityGraph Build() => new(_nodes, _edges);

    private long Add(string name, string type, bool business, int minMembers)
    {
        var id = 101L + _nodes.Count;
        _nodes.Add(new GraphNode(id, type, name, business, minMembers));
        _ids[name] = id;
        return id;
    }
}
