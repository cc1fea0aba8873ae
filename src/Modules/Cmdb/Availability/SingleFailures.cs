namespace HospitalOps.Cmdb.Availability;

/// <summary>
/// Size-1 cut sets for every node of a closure at once, bottom-up: a node's map is derived from its inputs'
/// maps with the same rules the propagator applies to states, pointwise per component. Strongly connected
/// components are iterated from "nothing fails it" until stable, which gives the same least fixpoint as
/// failing each component on its own, at the cost of the map sizes instead of one propagation per component.
/// </summary>
internal sealed class SingleFailures
{
    private const byte Up = (byte)CiState.Up;
    private const byte Rec = (byte)CiState.Recoverable;
    private const byte Down = (byte)CiState.Down;

    private readonly LocalClosure _closure;
    private readonly byte[] _acc;
    private readonly int[] _down;
    private readonly int[] _rec;
    private readonly List<int> _touched = new();
    private readonly List<int> _clusterTouched = new();
    private readonly List<int> _keys = new();
    private readonly List<byte> _states = new();

    private SingleFailures(LocalClosure closure)
    {
        _closure = closure;
        var count = closure.Count;
        _acc = new byte[count];
        _down = new int[count];
        _rec = new int[count];
        Self = new SingleMap[count];
        Availability = new SingleMap[count];
        Array.Fill(Self, SingleMap.Empty);
        Array.Fill(Availability, SingleMap.Empty);
    }

    /// <summary>What each single failure does to the node itself.</summary>
    public SingleMap[] Self { get; }

    /// <summary>What each single failure does to the node as its dependants see it (after hot and cold standbys).</summary>
    public SingleMap[] Availability { get; }

    public static SingleFailures Compute(LocalClosure closure)
    {
        var result = new SingleFailures(closure);
        closure.Solve(result.Update);
        return result;
    }

    private bool Update(int u)
    {
        var self = ComputeSelf(u);
        var changed = !self.SameAs(Self[u]);
        Self[u] = self;
        var availability = ComputeAvailability(u);
        changed |= !availability.SameAs(Availability[u]);
        Availability[u] = availability;
        return changed;
    }

    private SingleMap ComputeSelf(int u)
    {
        var closure = _closure;
        foreach (var t in closure.NeedsOf(u))
        {
            var map = Availability[t];
            for (var i = 0; i < map.Keys.Length; i++)
            {
                Raise(map.Keys[i], map.States[i]);
            }
        }

        var members = closure.MembersOf(u);
        if (members.Length > 0)
        {
            foreach (var m in members)
            {
                var map = Availability[m];
                for (var i = 0; i < map.Keys.Length; i++)
                {
                    var k = map.Keys[i];
                    if (_down[k] == 0 && _rec[k] == 0)
                    {
                        _clusterTouched.Add(k);
                    }

                    if (map.States[i] == Down)
                    {
                        _down[k]++;
                    }
                    else
                    {
                        _rec[k]++;
                    }
                }
            }

            var count = members.Length;
            var required = closure.Required[u];
            foreach (var k in _clusterTouched)
            {
                var up = count - _down[k] - _rec[k];
                var state = up >= required ? Up : count - _down[k] >= required ? Rec : Down;
                if (state != Up)
                {
                    Raise(k, state);
                }

                _down[k] = 0;
                _rec[k] = 0;
            }

            _clusterTouched.Clear();
        }

        Raise(u, Down);

        _touched.Sort();
        var keys = new int[_touched.Count];
        var states = new byte[_touched.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            var k = _touched[i];
            keys[i] = k;
            states[i] = _acc[k];
            _acc[k] = Up;
        }

        _touched.Clear();
        return new SingleMap(keys, states);
    }

    private void Raise(int k, byte state)
    {
        var current = _acc[k];
        if (current == Up)
        {
            _touched.Add(k);
        }

        if (state > current)
        {
            _acc[k] = state;
        }
    }

    private SingleMap ComputeAvailability(int u)
    {
        var closure = _closure;
        var hot = closure.HotOf(u);
        var cold = closure.ColdOf(u);
        var self = Self[u];
        if (hot.Length == 0 && cold.Length == 0)
        {
            return self;
        }

        _keys.Clear();
        _states.Clear();
        for (var i = 0; i < self.Keys.Length; i++)
        {
            var k = self.Keys[i];
            var best = self.States[i];
            foreach (var h in hot)
            {
                best = Math.Min(best, Self[h].StateOf(k));
                if (best == Up)
                {
                    break;
                }
            }

            if (best == Down)
            {
                // A cold standby that still runs turns "down" into "recoverable by switching".
                foreach (var c in cold)
                {
                    best = Math.Min(best, Math.Max(Self[c].StateOf(k), Rec));
                }
            }

            if (best != Up)
            {
                _keys.Add(k);
                _states.Add(best);
            }
        }

        return new SingleMap(_keys.ToArray(), _states.ToArray());
    }
}
