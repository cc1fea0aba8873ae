using System.Text;

namespace HospitalOps.Cmdb.Availability;

internal static partial class AvailabilityAnalysis
{
    /// <summary>A tree this large means a cycle in the data is too big to unroll; refused rather than exhausting memory.</summary>
    private const int FaultTreeNodeLimit = 1_000_000;

    private const int AlwaysFalse = -1;

    private enum GateRole
    {
        Fails = 0,
        Down = 1,
        Unavailable = 2,
        MembersLost = 3,
    }

    /// <summary>
    /// The gates of "the business system is down". Each CI contributes at most: its own failure (basic event),
    /// "down" (OR of its failure, its needs and its members), "members lost" (k-of-n over its members) and, with hot
    /// standbys, "unavailable" (AND of itself and every hot standby being down). Gates are built once, dependencies
    /// first, and shared. Cycles are resolved to the least fixpoint: a cycle of OR gates (plain needs) becomes one
    /// shared gate over everything that enters the cycle, since any of it takes the whole cycle down; a cycle through
    /// an AND or k-of-n gate is unrolled once per gate in the cycle, the most rounds the fixpoint
    /// can need. Single-child gates collapse into their child; unreachable drafts are dropped.
    /// </summary>
    public static FaultTree Tree(this AvailabilityGraph graph, long businessId)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (!graph.TryGetIndex(businessId, out var business))
        {
            throw new ArgumentException($"CI {businessId} is not in the graph.", nameof(businessId));
        }

        return new FaultTreeBuilder(graph).Build(businessId, Key(business, GateRole.Down));
    }

    /// <summary>
    /// Every minimal set of one or two CI self-failures that leaves the business system not up, each marked Down or
    /// Recoverable. Sizes come from bottom-up single and pair analysis over the system's closure; the Down or
    /// Recoverable mark of a pair is taken from propagating that pair on the closure.
    /// </summary>
    public static IReadOnlyList<CutSet> MinimalCutSets(this AvailabilityGraph graph, long businessId, int maxSize = 2)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxSize, 2);
        if (!graph.TryGetIndex(businessId, out var business))
        {
            throw new ArgumentException($"CI {businessId} is not in the graph.", nameof(businessId));
        }

        var closure = LocalClosure.Build(graph, [business]);
        var singles = SingleFailures.Compute(closure);
        var root = closure.LocalOf(business);
        var result = new List<CutSet>();
        var outcome = singles.Self[root];
        for (var i = 0; i < outcome.Count; i++)
        {
            result.Add(new CutSet([graph.Ids[closure.Global[outcome.Keys[i]]]], (CiState)outcome.States[i]));
        }

        if (maxSize >= 2)
        {
            var pairs = PairFailures.Compute(closure, singles).Self[root];
            if (pairs.Length > 0)
            {
                AddPairs(graph, closure, business, pairs, result);
            }
        }

        result.Sort(CompareCutSets);
        return result;
    }

    private static void AddPairs(AvailabilityGraph graph, LocalClosure closure, int business, long[] pairs, List<CutSet> result)
    {
        var propagator = graph.RentPropagator();
        try
        {
            propagator.SetScope(closure.Global);
            foreach (var pair in pairs)
            {
                var (a, b) = PairFailures.Unpack(pair);
                propagator.Fail(closure.Global[a]);
                propagator.Fail(closure.Global[b]);
                propagator.Propagate();
                var state = propagator.SelfState(business);
                propagator.Reset();
                if (state == CiState.Up)
                {
                    throw new InvalidOperationException($"Pair analysis and propagation disagree on {graph.Ids[closure.Global[a]]}, {graph.Ids[closure.Global[b]]}.");
                }

                var first = graph.Ids[closure.Global[a]];
                var second = graph.Ids[closure.Global[b]];
                result.Add(new CutSet(first < second ? [first, second] : [second, first], state));
            }
        }
        finally
        {
            propagator.ClearScope();
            graph.ReturnPropagator(propagator);
        }
    }

    private static int CompareCutSets(CutSet x, CutSet y)
    {
        var bySize = x.CiIds.Count.CompareTo(y.CiIds.Count);
        if (bySize != 0)
        {
            return bySize;
        }

        for (var i = 0; i < x.CiIds.Count; i++)
        {
            var byId = x.CiIds[i].CompareTo(y.CiIds[i]);
            if (byId != 0)
            {
                return byId;
            }
        }

        return 0;
    }

    private static long Key(int v, GateRole role) => ((long)v << 2) | (long)role;

    private sealed class FaultTreeBuilder(AvailabilityGraph graph)
    {
        private readonly List<NodeDraft> _nodes = new();
        private readonly List<long> _gateKeys = new();
        private readonly Dictionary<long, int> _gateOf = new();

        public FaultTree Build(long businessId, long rootKey)
        {
            var childStart = new List<int> { 0 };
            var childGates = new List<int>();
            GateOf(rootKey);
            for (var gate = 0; gate < _gateKeys.Count; gate++)
            {
                foreach (var childKey in ChildKeys(_gateKeys[gate]))
                {
                    childGates.Add(GateOf(childKey));
                }

                childStart.Add(childGates.Count);
            }

            var start = childStart.ToArray();
            var children = childGates.ToArray();
            var count = _gateKeys.Count;
            var built = new int[count];
            var position = new int[count];
            Array.Fill(position, -1);
            var cyclicGates = 0;
            foreach (var component in StronglyConnected.Components(count, start, children))
            {
                if (component.Length == 1)
                {
                    var gate = component[0];
                    built[gate] = Make(gate, ChildNodes(gate, start, children, built, position, null), string.Empty, final: true);
                    continue;
                }

                cyclicGates += component.Length;
                for (var i = 0; i < component.Length; i++)
                {
                    position[component[i]] = i;
                }

                if (component.All(IsOrGate))
                {
                    CollapseCycle(component, start, children, built, position);
                }
                else
                {
                    UnrollCycle(component, start, children, built, position);
                }

                foreach (var gate in component)
                {
                    position[gate] = -1;
                }
            }

            return Freeze(businessId, built[0], cyclicGates);
        }

        /// <summary>In a strongly connected set of OR gates anything entering one of them reaches all of them.</summary>
        private void CollapseCycle(int[] component, int[] start, int[] children, int[] built, int[] position)
        {
            var inputs = new List<int>();
            var seen = new HashSet<int>();
            foreach (var gate in component)
            {
                for (var e = start[gate]; e < start[gate + 1]; e++)
                {
                    var child = children[e];
                    if (position[child] < 0 && built[child] != AlwaysFalse && seen.Add(built[child]))
                    {
                        inputs.Add(built[child]);
                    }
                }
            }

            var cis = component.Select(gate => (int)(_gateKeys[gate] >> 2)).Distinct().ToArray();
            var names = string.Join(", ", cis.Take(5).Select(v => graph.Nodes[v].Name)) + (cis.Length > 5 ? ", ..." : string.Empty);
            var shared = inputs.Count switch
            {
                0 => AlwaysFalse,
                1 => inputs[0],
                _ => Add(FaultTreeGate.Or, cis[0], $"cycle of {cis.Length} CIs is down ({names})", 1, inputs.ToArray()),
            };
            foreach (var gate in component)
            {
                built[gate] = shared;
                MarkRecoverable(gate, shared);
            }
        }

        /// <summary>
        /// Round r evaluates every gate of the cycle from round r-1 (round 0: all false). Each round that changes
        /// anything turns at least one more gate true, so as many rounds as gates reach the least fixpoint.
        /// </summary>
        private void UnrollCycle(int[] component, int[] start, int[] children, int[] built, int[] position)
        {
            var rounds = component.Length;
            if ((long)rounds * rounds > FaultTreeNodeLimit)
            {
                throw new InvalidOperationException(
                    $"A dependency cycle of {rounds} gates around CI {graph.Ids[(int)(_gateKeys[component[0]] >> 2)]} is too large to unroll into a fault tree.");
            }

            var previous = new int[rounds];
            var current = new int[rounds];
            Array.Fill(previous, AlwaysFalse);
            for (var round = 1; round <= rounds; round++)
            {
                var final = round == rounds;
                var suffix = final ? string.Empty : $" (cycle round {round} of {rounds})";
                for (var i = 0; i < rounds; i++)
                {
                    current[i] = Make(component[i], ChildNodes(component[i], start, children, built, position, previous), suffix, final);
                }

                (previous, current) = (current, previous);
            }

            for (var i = 0; i < rounds; i++)
            {
                built[component[i]] = previous[i];
            }
        }

        private static (List<int> Nodes, bool AnyFalse) ChildNodes(int gate, int[] start, int[] children, int[] built, int[] position, int[]? previousRound)
        {
            var nodes = new List<int>(start[gate + 1] - start[gate]);
            var anyFalse = false;
            for (var e = start[gate]; e < start[gate + 1]; e++)
            {
                var child = children[e];
                var node = previousRound is not null && position[child] >= 0 ? previousRound[position[child]] : built[child];
                if (node == AlwaysFalse)
                {
                    anyFalse = true;
                }
                else
                {
                    nodes.Add(node);
                }
            }

            return (nodes, anyFalse);
        }

        private bool IsOrGate(int gate)
        {
            var key = _gateKeys[gate];
            var v = (int)(key >> 2);
            return (GateRole)(key & 3) switch
            {
                GateRole.Down => true,
                GateRole.MembersLost => graph.RequiredMembers[v] == graph.MemberCount(v),
                _ => false,
            };
        }

        private int GateOf(long key)
        {
            if (!_gateOf.TryGetValue(key, out var gate))
            {
                gate = _gateKeys.Count;
                _gateOf[key] = gate;
                _gateKeys.Add(key);
            }

            return gate;
        }

        private long[] ChildKeys(long key)
        {
            var g = graph;
            var v = (int)(key >> 2);
            switch ((GateRole)(key & 3))
            {
                case GateRole.Down:
                {
                    var keys = new List<long> { Key(v, GateRole.Fails) };
                    foreach (var t in g.NeedsOf(v))
                    {
                        keys.Add(AvailabilityKey(t));
                    }

                    if (g.MemberCount(v) > 0)
                    {
                        keys.Add(Key(v, GateRole.MembersLost));
                    }

                    return keys.ToArray();
                }

                case GateRole.Unavailable:
                {
                    var keys = new List<long> { Key(v, GateRole.Down) };
                    for (var e = g.StandbysStart[v]; e < g.StandbysStart[v + 1]; e++)
                    {
                        if (g.StandbyIsHot[e])
                        {
                            keys.Add(Key(g.StandbysTargets[e], GateRole.Down));
                        }
                    }

                    return keys.ToArray();
                }

                case GateRole.MembersLost:
                {
                    var members = g.MembersOf(v);
                    var keys = new long[members.Length];
                    for (var i = 0; i < members.Length; i++)
                    {
                        keys[i] = AvailabilityKey(members[i]);
                    }

                    return keys;
                }

                default:
                    return [];
            }
        }

        private long AvailabilityKey(int v) => Key(v, graph.HotCount[v] > 0 ? GateRole.Unavailable : GateRole.Down);

        private int Make(int gate, (List<int> Nodes, bool AnyFalse) inputs, string suffix, bool final)
        {
            var g = graph;
            var key = _gateKeys[gate];
            var v = (int)(key >> 2);
            var name = g.Nodes[v].Name;
            var children = inputs.Nodes;
            int node;
            switch ((GateRole)(key & 3))
            {
                case GateRole.Fails:
                    node = Add(FaultTreeGate.BasicEvent, v, $"{name} fails", 0, []);
                    break;
                case GateRole.Down:
                    children = children.Distinct().ToList();
                    node = children.Count switch
                    {
                        0 => AlwaysFalse,
                        1 => children[0],
                        _ => Add(FaultTreeGate.Or, v, $"{name} is down{suffix}", 1, children.ToArray()),
                    };
                    break;
                case GateRole.Unavailable:
                    children = children.Distinct().ToList();
                    node = inputs.AnyFalse || children.Count == 0 ? AlwaysFalse
                        : children.Count == 1 ? children[0]
                        : Add(FaultTreeGate.And, v, $"{name} and all its hot standbys are down{suffix}", children.Count, children.ToArray());
                    break;
                default:
                {
                    // Two members may share one node (a collapsed cycle); both still count, so duplicates stay.
                    var threshold = g.MemberCount(v) - g.RequiredMembers[v] + 1;
                    var label = $"{threshold} of {g.MemberCount(v)} members of {name} unavailable{suffix}";
                    node = children.Count < threshold ? AlwaysFalse
                        : children.Count == 1 ? children[0]
                        : threshold == 1 ? Add(FaultTreeGate.Or, v, label, 1, children.Distinct().ToArray())
                        : Add(threshold == children.Count ? FaultTreeGate.And : FaultTreeGate.AtLeast, v, label, threshold, children.ToArray());
                    break;
                }
            }

            if (final)
            {
                MarkRecoverable(gate, node);
            }

            return node;
        }

        private void MarkRecoverable(int gate, int node)
        {
            var key = _gateKeys[gate];
            var v = (int)(key >> 2);
            if (node == AlwaysFalse || key != AvailabilityKey(v) || graph.ColdCount[v] == 0)
            {
                return;
            }

            var draft = _nodes[node];
            draft.RecoverableVia ??= new SortedSet<long>();
            for (var e = graph.StandbysStart[v]; e < graph.StandbysStart[v + 1]; e++)
            {
                if (!graph.StandbyIsHot[e])
                {
                    draft.RecoverableVia.Add(graph.Ids[graph.StandbysTargets[e]]);
                }
            }
        }

        private int Add(FaultTreeGate gate, int v, string label, int threshold, int[] children)
        {
            if (_nodes.Count >= FaultTreeNodeLimit)
            {
                throw new InvalidOperationException($"The fault tree exceeds {FaultTreeNodeLimit} events near CI {graph.Ids[v]}.");
            }

            _nodes.Add(new NodeDraft(gate, graph.Ids[v], label, threshold, children));
            return _nodes.Count - 1;
        }

        /// <summary>Keeps what the root reaches, renumbered in creation order so children still come before parents.</summary>
        private FaultTree Freeze(long businessId, int root, int cyclicGates)
        {
            var keep = new bool[_nodes.Count];
            keep[root] = true;
            for (var i = root; i >= 0; i--)
            {
                if (keep[i])
                {
                    foreach (var child in _nodes[i].Children)
                    {
                        keep[child] = true;
                    }
                }
            }

            var renumber = new int[_nodes.Count];
            var nodes = new List<FaultTreeNode>();
            for (var i = 0; i < _nodes.Count; i++)
            {
                if (!keep[i])
                {
                    continue;
                }

                var d = _nodes[i];
                renumber[i] = nodes.Count;
                var children = new int[d.Children.Length];
                for (var c = 0; c < children.Length; c++)
                {
                    children[c] = renumber[d.Children[c]];
                }

                nodes.Add(new FaultTreeNode(nodes.Count, d.Gate, d.CiId, d.Label, d.Threshold, children, d.RecoverableVia?.ToArray() ?? []));
            }

            return new FaultTree(businessId, renumber[root], nodes, cyclicGates);
        }

        private sealed class NodeDraft(FaultTreeGate gate, long ciId, string label, int threshold, int[] children)
        {
            public FaultTreeGate Gate { get; } = gate;

            public long CiId { get; } = ciId;

            public string Label { get; } = label;

            public int Threshold { get; } = threshold;

            public int[] Children { get; } = children;

            public SortedSet<long>? RecoverableVia { get; set; }
        }
    }
}

/// <summary>The fault tree of one business system; <see cref="Root"/> is true when it is not available.</summary>
internal sealed class FaultTree
{
    public FaultTree(long businessId, int root, IReadOnlyList<FaultTreeNode> nodes, int cyclicGates)
    {
        BusinessId = businessId;
        Root = root;
        Nodes = nodes;
        CyclicGates = cyclicGates;
    }

    public long BusinessId { get; }

    public int Root { get; }

    /// <summary>Children come before parents, so one pass in index order evaluates the whole tree.</summary>
    public IReadOnlyList<FaultTreeNode> Nodes { get; }

    /// <summary>How many gates sat on dependency cycles (collapsed or unrolled); zero for acyclic data.</summary>
    public int CyclicGates { get; }

    /// <summary>Whether the top event happens when exactly these CIs fail.</summary>
    public bool Evaluate(IReadOnlyCollection<long> failed)
    {
        var failedSet = failed as IReadOnlySet<long> ?? failed.ToHashSet();
        var value = new bool[Nodes.Count];
        foreach (var node in Nodes)
        {
            var count = 0;
            foreach (var child in node.Children)
            {
                if (value[child])
                {
                    count++;
                }
            }

            value[node.Index] = node.Gate == FaultTreeGate.BasicEvent ? failedSet.Contains(node.CiId) : count >= node.Threshold;
        }

        return value[Root];
    }

    /// <summary>Indented text, shared gates printed once and referred to by number afterwards.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        var printed = new bool[Nodes.Count];
        var stack = new Stack<(int Node, int Depth)>();
        stack.Push((Root, 0));
        while (stack.Count > 0)
        {
            var (index, depth) = stack.Pop();
            var node = Nodes[index];
            text.Append(' ', depth * 2).Append('#').Append(index).Append(' ');
            if (printed[index])
            {
                text.Append("(see above)\n");
                continue;
            }

            printed[index] = true;
            text.Append(node.Gate switch
            {
                FaultTreeGate.BasicEvent => "EVENT ",
                FaultTreeGate.Or => "OR ",
                FaultTreeGate.And => "AND ",
                _ => $"{node.Threshold}-OF-{node.Children.Count} ",
            }).Append(node.Label);
            if (node.RecoverableVia.Count > 0)
            {
                text.Append(" [recoverable by switching to ").AppendJoin(", ", node.RecoverableVia).Append(']');
            }

            text.Append('\n');
            for (var i = node.Children.Count - 1; i >= 0; i--)
            {
                stack.Push((node.Children[i], depth + 1));
            }
        }

        return text.ToString();
    }
}
