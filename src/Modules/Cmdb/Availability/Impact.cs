namespace HospitalOps.Cmdb.Availability;

internal static partial class AvailabilityAnalysis
{
    /// <summary>
    /// Everything that is not fully up when the given CIs fail, each with the chain of CIs that explains it
    /// (shortest, starting at a failed CI) and, where a manual switch recovers it, the cold standbys to switch to.
    /// </summary>
    public static ImpactResult Impact(this AvailabilityGraph graph, IReadOnlyCollection<long> failed)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(failed);

        var propagator = graph.RentPropagator();
        try
        {
            var unknown = new List<long>();
            HashSet<long>? unknownSeen = null;
            foreach (var id in failed)
            {
                if (graph.TryGetIndex(id, out var v))
                {
                    propagator.Fail(v);
                }
                else if ((unknownSeen ??= new HashSet<long>()).Add(id))
                {
                    unknown.Add(id);
                }
            }

            propagator.Propagate();
            return BuildImpactResult(propagator, failed, unknown);
        }
        finally
        {
            graph.ReturnPropagator(propagator);
        }
    }

    private static ImpactResult BuildImpactResult(Propagator run, IReadOnlyCollection<long> failed, List<long> unknown)
    {
        var g = run.Graph;
        var (order, parent) = ReasonTree(run, failed);
        var switchTo = SwitchTargets(run, order);

        var affected = new List<ImpactedCi>(order.Count);
        var businesses = new List<ImpactedCi>();
        var chain = new List<long>();
        for (var i = 0; i < order.Count; i++)
        {
            var v = order[i];
            chain.Clear();
            for (var at = i; at >= 0; at = parent[at])
            {
                chain.Add(g.Ids[order[at]]);
            }

            chain.Reverse();
            IReadOnlyList<long> standbys = switchTo is not null && switchTo.TryGetValue(v, out var list) ? Distinct(list) : [];
            var ci = new ImpactedCi(g.Ids[v], run.SelfState(v), chain.ToArray(), standbys, run.Failed(v), g.IsBusiness[v]);
            affected.Add(ci);
            if (ci.IsBusiness)
            {
                businesses.Add(ci);
            }
        }

        return new ImpactResult(affected, businesses, unknown);
    }

    /// <summary>
    /// Breadth-first from the failed CIs over "this input explains that node's state": a Down node only through
    /// an input that is down itself, a Recoverable one through any input that is not up. Every node that is not up
    /// is reached that way because the fixpoint is the least one, so each has a shortest, acyclic reason path.
    /// Returns the visit order and, per position, the position of the parent (-1 for a failed CI).
    /// </summary>
    private static (List<int> Order, List<int> Parent) ReasonTree(Propagator run, IReadOnlyCollection<long> failed)
    {
        var g = run.Graph;
        var stamp = run.NewStamp();
        var order = new List<int>();
        var parent = new List<int>();
        foreach (var id in failed)
        {
            if (g.TryGetIndex(id, out var v) && !run.IsStamped(v, stamp))
            {
                run.SetStamp(v, stamp);
                order.Add(v);
                parent.Add(-1);
            }
        }

        for (var head = 0; head < order.Count; head++)
        {
            var u = order[head];
            var contribution = run.Availability(u);
            if (contribution == CiState.Up)
            {
                continue;
            }

            foreach (var d in g.DependantsOf(u))
            {
                Visit(d, head);
            }

            foreach (var c in g.ClustersOf(u))
            {
                Visit(c, head);
            }

            void Visit(int d, int from)
            {
                if (run.IsStamped(d, stamp))
                {
                    return;
                }

                var state = run.SelfState(d);
                if (state == CiState.Down ? contribution == CiState.Down : state == CiState.Recoverable)
                {
                    run.SetStamp(d, stamp);
                    order.Add(d);
                    parent.Add(from);
                }
            }
        }

        return (order, parent);
    }

    /// <summary>
    /// For each switch point (a primary that is down while a cold standby could take over) spreads that standby
    /// forward over the nodes it would bring back: dependants and clusters that are Recoverable, and primaries
    /// that a Recoverable standby stands in for. Null when nothing is recoverable, the common case.
    /// </summary>
    private static Dictionary<int, List<long>>? SwitchTargets(Propagator run, List<int> affected)
    {
        var g = run.Graph;
        Dictionary<int, List<long>>? labels = null;
        var queue = new List<int>();
        foreach (var p in affected)
        {
            if (run.SelfState(p) != CiState.Down || run.Availability(p) != CiState.Recoverable)
            {
                continue;
            }

            for (var e = g.StandbysStart[p]; e < g.StandbysStart[p + 1]; e++)
            {
                var standby = g.StandbysTargets[e];
                if (g.StandbyIsHot[e] || run.SelfState(standby) == CiState.Down)
                {
                    continue;
                }

                labels ??= new Dictionary<int, List<long>>();
                Spread(p, g.Ids[standby]);
            }
        }

        return labels;

        void Spread(int origin, long standbyId)
        {
            var stamp = run.NewStamp();
            queue.Clear();
            queue.Add(origin);
            run.SetStamp(origin, stamp);
            for (var head = 0; head < queue.Count; head++)
            {
                var x = queue[head];
                if (!labels!.TryGetValue(x, out var list))
                {
                    labels[x] = list = new List<long>(1);
                }

                list.Add(standbyId);
                if (run.Availability(x) == CiState.Recoverable)
                {
                    foreach (var d in g.DependantsOf(x))
                    {
                        Enqueue(d, run.SelfState(d) == CiState.Recoverable);
                    }

                    foreach (var c in g.ClustersOf(x))
                    {
                        Enqueue(c, run.SelfState(c) == CiState.Recoverable);
                    }
                }

                if (run.SelfState(x) == CiState.Recoverable)
                {
                    for (var e = g.PrimariesStart[x]; e < g.PrimariesStart[x + 1]; e++)
                    {
                        var p = g.PrimariesTargets[e];
                        Enqueue(p, run.SelfState(p) == CiState.Down && run.Availability(p) == CiState.Recoverable);
                    }
                }
            }

            void Enqueue(int v, bool eligible)
            {
                if (eligible && !run.IsStamped(v, stamp))
                {
                    run.SetStamp(v, stamp);
                    queue.Add(v);
                }
            }
        }
    }

    private static long[] Distinct(List<long> ids)
    {
        if (ids.Count == 1)
        {
            return [ids[0]];
        }

        var copy = ids.ToArray();
        Array.Sort(copy);
        var write = 0;
        for (var i = 0; i < copy.Length; i++)
        {
            if (i == 0 || copy[i] != copy[i - 1])
            {
                copy[write++] = copy[i];
            }
        }

        return copy[..write];
    }
}
