using System.Collections.Concurrent;

namespace HospitalOps.Cmdb.Availability;

/// <summary>
/// The CI graph in flat arrays (CSR adjacency, nodes by dense index) so that the analyses walk
/// integers instead of objects. Immutable after construction; every query rents its own workspace,
/// so concurrent reads are safe.
/// </summary>
internal sealed class AvailabilityGraph
{
    private readonly Dictionary<long, int> _indexById;
    private readonly ConcurrentBag<Propagator> _propagators = new();

    public AvailabilityGraph(IEnumerable<GraphNode> nodes, IEnumerable<GraphEdge> edges)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(edges);

        var nodeList = new List<GraphNode>();
        _indexById = new Dictionary<long, int>();
        foreach (var node in nodes)
        {
            // A repeated id keeps its first definition: the caller's data is authoritative, not the order.
            if (_indexById.TryAdd(node.Id, nodeList.Count))
            {
                nodeList.Add(node);
            }
        }

        var n = nodeList.Count;
        Nodes = nodeList.ToArray();
        Ids = new long[n];
        IsBusiness = new bool[n];
        for (var i = 0; i < n; i++)
        {
            Ids[i] = Nodes[i].Id;
            IsBusiness[i] = Nodes[i].IsBusiness;
        }

        var needs = new EdgeBuffer();
        var members = new EdgeBuffer();
        var backups = new EdgeBuffer();
        foreach (var edge in edges)
        {
            if (!_indexById.TryGetValue(edge.From, out var from) || !_indexById.TryGetValue(edge.To, out var to) || from == to)
            {
                continue;
            }

            switch (edge.Kind)
            {
                case EdgeKind.Needs:
                    needs.Add(from, to);
                    break;
                case EdgeKind.MemberOf:
                    // Stored cluster -> member: the analyses ask "who are my members".
                    members.Add(to, from);
                    break;
                case EdgeKind.BacksUp:
                    // Stored primary -> standby, the low bit says hot; duplicates collapse to hot when any says hot.
                    backups.Add(to, (from << 1) | (edge.Mode == StandbyMode.Hot ? 1 : 0));
                    break;
            }
        }

        (NeedsStart, NeedsTargets) = Csr.Build(n, needs, 0);
        (MembersStart, MembersTargets) = Csr.Build(n, members, 0);
        (StandbysStart, var packedStandbys) = Csr.Build(n, backups, 1);

        StandbysTargets = new int[packedStandbys.Length];
        StandbyIsHot = new bool[packedStandbys.Length];
        HotCount = new int[n];
        ColdCount = new int[n];
        for (var p = 0; p < n; p++)
        {
            for (var e = StandbysStart[p]; e < StandbysStart[p + 1]; e++)
            {
                StandbysTargets[e] = packedStandbys[e] >> 1;
                StandbyIsHot[e] = (packedStandbys[e] & 1) == 1;
                if (StandbyIsHot[e])
                {
                    HotCount[p]++;
                }
                else
                {
                    ColdCount[p]++;
                }
            }
        }

        (DependantsStart, DependantsTargets) = Csr.Reverse(n, NeedsStart, NeedsTargets);
        (ClustersStart, ClustersTargets) = Csr.Reverse(n, MembersStart, MembersTargets);
        (PrimariesStart, PrimariesTargets, PrimaryIsHot) = Csr.Reverse(n, StandbysStart, StandbysTargets, StandbyIsHot);

        RequiredMembers = new int[n];
        for (var c = 0; c < n; c++)
        {
            var count = MembersStart[c + 1] - MembersStart[c];
            // MinMembers outside 1..count is a data error; clamping keeps a cluster from being down with nothing failed.
            RequiredMembers[c] = count == 0 ? 0 : Math.Clamp(Nodes[c].MinMembers, 1, count);
        }

        EdgeCount = NeedsTargets.Length + MembersTargets.Length + StandbysTargets.Length;
        ApproximateBytes = ComputeApproximateBytes();
    }

    public int NodeCount => Ids.Length;

    /// <summary>Distinct edges kept: edges to unknown nodes, self-loops and repeats are not counted.</summary>
    public int EdgeCount { get; }

    public long ApproximateBytes { get; }

    internal GraphNode[] Nodes { get; }

    internal long[] Ids { get; }

    internal bool[] IsBusiness { get; }

    /// <summary>v needs NeedsTargets[NeedsStart[v]..NeedsStart[v+1]).</summary>
    internal int[] NeedsStart { get; }

    internal int[] NeedsTargets { get; }

    /// <summary>Reverse of needs: who needs v.</summary>
    internal int[] DependantsStart { get; }

    internal int[] DependantsTargets { get; }

    /// <summary>Members of cluster c.</summary>
    internal int[] MembersStart { get; }

    internal int[] MembersTargets { get; }

    /// <summary>Clusters that m is a member of.</summary>
    internal int[] ClustersStart { get; }

    internal int[] ClustersTargets { get; }

    /// <summary>Standbys of primary p, with their mode.</summary>
    internal int[] StandbysStart { get; }

    internal int[] StandbysTargets { get; }

    internal bool[] StandbyIsHot { get; }

    /// <summary>Primaries that s stands by for, with the mode.</summary>
    internal int[] PrimariesStart { get; }

    internal int[] PrimariesTargets { get; }

    internal bool[] PrimaryIsHot { get; }

    /// <summary>Members that must be available for a cluster to be up, already clamped; 0 for a node without members.</summary>
    internal int[] RequiredMembers { get; }

    internal int[] HotCount { get; }

    internal int[] ColdCount { get; }

    internal bool TryGetIndex(long id, out int index) => _indexById.TryGetValue(id, out index);

    internal int MemberCount(int c) => MembersStart[c + 1] - MembersStart[c];

    internal ReadOnlySpan<int> NeedsOf(int v) => NeedsTargets.AsSpan(NeedsStart[v], NeedsStart[v + 1] - NeedsStart[v]);

    internal ReadOnlySpan<int> DependantsOf(int v) => DependantsTargets.AsSpan(DependantsStart[v], DependantsStart[v + 1] - DependantsStart[v]);

    internal ReadOnlySpan<int> MembersOf(int c) => MembersTargets.AsSpan(MembersStart[c], MembersStart[c + 1] - MembersStart[c]);

    internal ReadOnlySpan<int> ClustersOf(int m) => ClustersTargets.AsSpan(ClustersStart[m], ClustersStart[m + 1] - ClustersStart[m]);

    internal Propagator RentPropagator() => _propagators.TryTake(out var propagator) ? propagator : new Propagator(this);

    internal void ReturnPropagator(Propagator propagator)
    {
        propagator.Reset();
        _propagators.Add(propagator);
    }

    private long ComputeApproximateBytes()
    {
        long bytes = 0;
        bytes += Ids.LongLength * sizeof(long);
        bytes += IsBusiness.LongLength;
        bytes += (long)IntPtr.Size * Nodes.LongLength;
        foreach (var array in new[]
                 {
                     NeedsStart, NeedsTargets, DependantsStart, DependantsTargets, MembersStart, MembersTargets,
                     ClustersStart, ClustersTargets, StandbysStart, StandbysTargets, PrimariesStart, PrimariesTargets,
                     RequiredMembers, HotCount, ColdCount,
                 })
        {
            bytes += array.LongLength * sizeof(int);
        }

        bytes += StandbyIsHot.LongLength + PrimaryIsHot.LongLength;

        // Dictionary<long,int>: one int bucket plus an entry of hash, next, key and value per slot.
        bytes += (long)_indexById.Count * (sizeof(int) + sizeof(int) + sizeof(int) + sizeof(long) + sizeof(int));
        return bytes;
    }
}
