namespace HospitalOps.Cmdb.Availability;

/// <summary>
/// The part of the graph that some roots depend on (through needs, members and standbys), renumbered densely
/// so that per-node scratch arrays are sized to the closure instead of the graph, with its strongly connected
/// components listed dependencies first. Only nodes in a root's closure can change that root's state.
/// </summary>
internal sealed class LocalClosure
{
    private readonly Dictionary<int, int> _localOf;
    private readonly int[] _mark;
    private int _markGeneration;

    private LocalClosure(AvailabilityGraph graph, List<int> global, Dictionary<int, int> localOf)
    {
        Graph = graph;
        Global = global.ToArray();
        _localOf = localOf;
        var count = Global.Length;
        _mark = new int[count];

        NeedsStart = new int[count + 1];
        MembersStart = new int[count + 1];
        HotStart = new int[count + 1];
        ColdStart = new int[count + 1];
        DependenciesStart = new int[count + 1];
        Required = new int[count];
        var needs = new List<int>();
        var members = new List<int>();
        var hot = new List<int>();
        var cold = new List<int>();
        var dependencies = new List<int>();
        for (var u = 0; u < count; u++)
        {
            var x = Global[u];
            foreach (var t in graph.NeedsOf(x))
            {
                needs.Add(localOf[t]);
            }

            foreach (var m in graph.MembersOf(x))
            {
                members.Add(localOf[m]);
            }

            for (var e = graph.StandbysStart[x]; e < graph.StandbysStart[x + 1]; e++)
            {
                (graph.StandbyIsHot[e] ? hot : cold).Add(localOf[graph.StandbysTargets[e]]);
            }

            Required[u] = graph.RequiredMembers[x];
            NeedsStart[u + 1] = needs.Count;
            MembersStart[u + 1] = members.Count;
            HotStart[u + 1] = hot.Count;
            ColdStart[u + 1] = cold.Count;
            AppendRow(dependencies, needs, NeedsStart[u]);
            AppendRow(dependencies, members, MembersStart[u]);
            AppendRow(dependencies, hot, HotStart[u]);
            AppendRow(dependencies, cold, ColdStart[u]);
            DependenciesStart[u + 1] = dependencies.Count;
        }

        Needs = needs.ToArray();
        Members = members.ToArray();
        Hot = hot.ToArray();
        Cold = cold.ToArray();
        Dependencies = dependencies.ToArray();
        Components = StronglyConnected.Components(count, DependenciesStart, Dependencies);
        (DependantsStart, Dependants) = Csr.Reverse(count, DependenciesStart, Dependencies);
    }

    public AvailabilityGraph Graph { get; }

    public int Count => Global.Length;

    /// <summary>Local index to graph index.</summary>
    public int[] Global { get; }

    public int[] NeedsStart { get; }

    public int[] Needs { get; }

    public int[] MembersStart { get; }

    public int[] Members { get; }

    public int[] HotStart { get; }

    public int[] Hot { get; }

    public int[] ColdStart { get; }

    public int[] Cold { get; }

    /// <summary>Needs, members and standbys together: everything whose state can reach this node's.</summary>
    public int[] DependenciesStart { get; }

    public int[] Dependencies { get; }

    public int[] DependantsStart { get; }

    public int[] Dependants { get; }

    public int[] Required { get; }

    /// <summary>Strongly connected components, each after every component it depends on.</summary>
    public List<int[]> Components { get; }

    public static LocalClosure Build(AvailabilityGraph graph, IEnumerable<int> roots)
    {
        var global = new List<int>();
        var localOf = new Dictionary<int, int>();
        var stack = new Stack<int>();
        foreach (var root in roots)
        {
            Push(root);
        }

        while (stack.Count > 0)
        {
            var x = stack.Pop();
            foreach (var t in graph.NeedsOf(x))
            {
                Push(t);
            }

            foreach (var m in graph.MembersOf(x))
            {
                Push(m);
            }

            for (var e = graph.StandbysStart[x]; e < graph.StandbysStart[x + 1]; e++)
            {
                Push(graph.StandbysTargets[e]);
            }
        }

        return new LocalClosure(graph, global, localOf);

        void Push(int x)
        {
            if (localOf.TryAdd(x, global.Count))
            {
                global.Add(x);
                stack.Push(x);
            }
        }
    }

    public int LocalOf(int global) => _localOf[global];

    /// <summary>
    /// Brings every node to its fixpoint with <paramref name="update"/> (which recomputes one node from its
    /// dependencies and says whether it changed), component by component, dependencies first. Inside a cycle only
    /// the dependants of a node that changed are revisited, so a long cycle costs what changes rather than
    /// passes times its size.
    /// </summary>
    public void Solve(Func<int, bool> update)
    {
        var queued = new bool[Count];
        var component = new int[Count];
        var queue = new Queue<int>();
        for (var c = 0; c < Components.Count; c++)
        {
            var nodes = Components[c];
            if (nodes.Length == 1)
            {
                // The graph drops self-loops, so a node alone is final after one update.
                update(nodes[0]);
                continue;
            }

            foreach (var u in nodes)
            {
                component[u] = c + 1;
                queued[u] = true;
                queue.Enqueue(u);
            }

            while (queue.TryDequeue(out var u))
            {
                queued[u] = false;
                if (!update(u))
                {
                    continue;
                }

                for (var e = DependantsStart[u]; e < DependantsStart[u + 1]; e++)
                {
                    var d = Dependants[e];
                    if (component[d] == c + 1 && !queued[d])
                    {
                        queued[d] = true;
                        queue.Enqueue(d);
                    }
                }
            }
        }
    }

    private static void AppendRow(List<int> into, List<int> from, int rowStart)
    {
        for (var i = rowStart; i < from.Count; i++)
        {
            into.Add(from[i]);
        }
    }

    public ReadOnlySpan<int> NeedsOf(int u) => Needs.AsSpan(NeedsStart[u], NeedsStart[u + 1] - NeedsStart[u]);

    public ReadOnlySpan<int> MembersOf(int u) => Members.AsSpan(MembersStart[u], MembersStart[u + 1] - MembersStart[u]);

    public ReadOnlySpan<int> HotOf(int u) => Hot.AsSpan(HotStart[u], HotStart[u + 1] - HotStart[u]);

    public ReadOnlySpan<int> ColdOf(int u) => Cold.AsSpan(ColdStart[u], ColdStart[u + 1] - ColdStart[u]);

    /// <summary>Local nodes that <paramref name="root"/> depends on, itself included.</summary>
    public List<int> Reachable(int root)
    {
        _markGeneration++;
        var found = new List<int> { root };
        _mark[root] = _markGeneration;
        for (var head = 0; head < found.Count; head++)
        {
            var u = found[head];
            for (var e = DependenciesStart[u]; e < DependenciesStart[u + 1]; e++)
            {
                var d = Dependencies[e];
                if (_mark[d] != _markGeneration)
                {
                    _mark[d] = _markGeneration;
                    found.Add(d);
                }
            }
        }

        return found;
    }
}
