using HospitalOps.Cmdb.Availability;

namespace HospitalOps.Cmdb.Tests.Availability;

/// <summary>
/// The availability rules written as plainly as possible, straight from the node and edge lists: start with
/// everything up and re-apply every rule to every node until nothing changes (Kleene iteration, which reaches the
/// least fixpoint because every rule is monotone). Slow, and independent of the engine's data structures.
/// </summary>
internal sealed class ReferenceModel
{
    private readonly List<long> _ids = new();
    private readonly Dictionary<long, List<long>> _needs = new();
    private readonly Dictionary<long, List<long>> _members = new();
    private readonly Dictionary<long, Dictionary<long, StandbyMode>> _standbys = new();
    private readonly Dictionary<long, int> _minMembers = new();

    public ReferenceModel(IEnumerable<GraphNode> nodes, IEnumerable<GraphEdge> edges)
    {
        foreach (var node in nodes)
        {
            if (_minMembers.TryAdd(node.Id, node.MinMembers))
            {
                _ids.Add(node.Id);
                _needs[node.Id] = new List<long>();
                _members[node.Id] = new List<long>();
                _standbys[node.Id] = new Dictionary<long, StandbyMode>();
            }
        }

        foreach (var edge in edges)
        {
            if (!_minMembers.ContainsKey(edge.From) || !_minMembers.ContainsKey(edge.To) || edge.From == edge.To)
            {
                continue;
            }

            switch (edge.Kind)
            {
                case EdgeKind.Needs when !_needs[edge.From].Contains(edge.To):
                    _needs[edge.From].Add(edge.To);
                    break;
                case EdgeKind.MemberOf when !_members[edge.To].Contains(edge.From):
                    _members[edge.To].Add(edge.From);
                    break;
                case EdgeKind.BacksUp:
                    var mode = edge.Mode ?? StandbyMode.Cold;
                    var existing = _standbys[edge.To];
                    existing[edge.From] = existing.TryGetValue(edge.From, out var before) && before == StandbyMode.Hot ? StandbyMode.Hot : mode;
                    break;
            }
        }
    }

    public IReadOnlyList<long> Ids => _ids;

    /// <summary>Every CI that <paramref name="root"/> depends on through needs, members and standbys, itself included.</summary>
    public HashSet<long> Closure(long root)
    {
        var seen = new HashSet<long> { root };
        var queue = new Queue<long>([root]);
        while (queue.TryDequeue(out var v))
        {
            foreach (var next in _needs[v].Concat(_members[v]).Concat(_standbys[v].Keys))
            {
                if (seen.Add(next))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return seen;
    }

    /// <summary>Each CI's own state when exactly <paramref name="failed"/> fail.</summary>
    public Dictionary<long, CiState> Evaluate(IReadOnlyCollection<long> failed)
    {
        var self = _ids.ToDictionary(id => id, _ => CiState.Up);
        var available = _ids.ToDictionary(id => id, _ => CiState.Up);
        bool changed;
        do
        {
            changed = false;
            foreach (var v in _ids)
            {
                var s = failed.Contains(v) ? CiState.Down : CiState.Up;
                foreach (var t in _needs[v])
                {
                    s = Worst(s, available[t]);
                }

                var members = _members[v];
                if (members.Count > 0)
                {
                    var required = Math.Clamp(_minMembers[v], 1, members.Count);
                    var up = members.Count(m => available[m] == CiState.Up);
                    var upOrRecoverable = members.Count(m => available[m] != CiState.Down);
                    s = Worst(s, up >= required ? CiState.Up : upOrRecoverable >= required ? CiState.Recoverable : CiState.Down);
                }

                var a = s;
                foreach (var (standby, mode) in _standbys[v])
                {
                    var cover = mode == StandbyMode.Hot ? self[standby] : Worst(self[standby], CiState.Recoverable);
                    a = Best(a, cover);
                }

                if (s != self[v] || a != available[v])
                {
                    self[v] = Worst(self[v], s);
                    available[v] = Worst(available[v], a);
                    changed = true;
                }
            }
        }
        while (changed);

        return self;
    }

    private static CiState Worst(CiState x, CiState y) => x > y ? x : y;

    private static CiState Best(CiState x, CiState y) => x < y ? x : y;
}
