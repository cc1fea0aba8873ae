namespace HospitalOps.Cmdb.Availability;

/// <summary>
/// Minimal size-2 cut sets for every node of a closure, bottom-up, in the binary view "up / not up" (a cold
/// standby never keeps a node up, so only needs, clusters and hot standbys shape these sets). New pairs appear
/// only at AND-like places: a primary with hot standbys, and a cluster that tolerates losing members; needs
/// just pass their inputs' pairs on. A pair is kept only if neither of its CIs alone takes the node down.
/// Pairs are two local indices packed into a long, smaller one high, arrays sorted, so that they merge and
/// binary-search cheaply and an unchanged set is shared rather than copied up a chain.
/// </summary>
internal sealed class PairFailures
{
    private readonly LocalClosure _closure;
    private readonly SingleFailures _singles;
    private readonly bool[] _mark;
    private readonly bool[] _mark2;
    private readonly int[] _hitCount;
    private readonly List<int> _touched = new();
    private readonly List<long[]> _parts = new();
    private readonly HashSet<long> _found = new();

    private PairFailures(LocalClosure closure, SingleFailures singles)
    {
        _closure = closure;
        _singles = singles;
        var count = closure.Count;
        _mark = new bool[count];
        _mark2 = new bool[count];
        _hitCount = new int[count];
        Self = new long[count][];
        Availability = new long[count][];
        Array.Fill(Self, []);
        Array.Fill(Availability, []);
    }

    public long[][] Self { get; }

    public long[][] Availability { get; }

    public static PairFailures Compute(LocalClosure closure, SingleFailures singles)
    {
        var result = new PairFailures(closure, singles);
        closure.Solve(result.Update);
        return result;
    }

    public static long Pack(int a, int b) => a < b ? ((long)a << 32) | (uint)b : ((long)b << 32) | (uint)a;

    public static (int A, int B) Unpack(long pair) => ((int)(pair >> 32), (int)(pair & 0xFFFFFFFF));

    public static bool ContainsPair(long[] pairs, long pair) => pairs.Length > 0 && Array.BinarySearch(pairs, pair) >= 0;

    private bool Update(int u)
    {
        var self = ComputeSelf(u);
        var changed = !self.AsSpan().SequenceEqual(Self[u]);
        Self[u] = self;
        var availability = ComputeAvailability(u);
        changed |= !availability.AsSpan().SequenceEqual(Availability[u]);
        Availability[u] = availability;
        return changed;
    }

    private long[] ComputeSelf(int u)
    {
        var closure = _closure;
        _parts.Clear();
        foreach (var t in closure.NeedsOf(u))
        {
            AddPart(Availability[t]);
        }

        var members = closure.MembersOf(u);
        if (members.Length > 0)
        {
            var tolerance = members.Length - closure.Required[u];
            if (tolerance == 0)
            {
                foreach (var m in members)
                {
                    AddPart(Availability[m]);
                }
            }
            else
            {
                AddPart(ClusterPairs(u, tolerance));
            }
        }

        return WithoutSingles(Union(), _singles.Self[u]);
    }

    private void AddPart(long[] pairs)
    {
        if (pairs.Length > 0)
        {
            _parts.Add(pairs);
        }
    }

    /// <summary>Pairs that leave more than <paramref name="tolerance"/> members of cluster u unavailable.</summary>
    private long[] ClusterPairs(int u, int tolerance)
    {
        var members = _closure.MembersOf(u);
        var availability = _singles.Availability;
        foreach (var m in members)
        {
            foreach (var k in availability[m].Keys)
            {
                if (_hitCount[k]++ == 0)
                {
                    _touched.Add(k);
                }
            }
        }

        // A CI that alone takes out more than the tolerance is a single for the cluster, never part of a minimal pair.
        var partial = new List<int>();
        foreach (var k in _touched)
        {
            if (_hitCount[k] <= tolerance)
            {
                partial.Add(k);
            }
        }

        _found.Clear();
        for (var i = 0; i < partial.Count; i++)
        {
            var a = partial[i];
            for (var j = i + 1; j < partial.Count; j++)
            {
                var b = partial[j];
                if (_hitCount[a] + _hitCount[b] > tolerance)
                {
                    var pair = Pack(a, b);
                    if (HitsCluster(members, a, b, pair, tolerance))
                    {
                        _found.Add(pair);
                    }
                }
            }
        }

        foreach (var m in members)
        {
            foreach (var pair in Availability[m])
            {
                var (a, b) = Unpack(pair);
                if (HitsCluster(members, a, b, pair, tolerance))
                {
                    _found.Add(pair);
                }
            }
        }

        foreach (var k in _touched)
        {
            _hitCount[k] = 0;
        }

        _touched.Clear();
        return Sorted(_found);
    }

    private bool HitsCluster(ReadOnlySpan<int> members, int a, int b, long pair, int tolerance)
    {
        var lost = 0;
        foreach (var m in members)
        {
            var singles = _singles.Availability[m];
            if (singles.Contains(a) || singles.Contains(b) || ContainsPair(Availability[m], pair))
            {
                if (++lost > tolerance)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The primary and all its hot standbys must be down together. A pair that does that without either CI doing it
    /// alone has one CI that downs the primary by itself (or the pair is already a pair of the primary or a standby),
    /// and the other then downs a standby the first one missed: those are the only candidates worth checking.
    /// </summary>
    private long[] ComputeAvailability(int u)
    {
        var hot = _closure.HotOf(u);
        var self = Self[u];
        if (hot.Length == 0)
        {
            return self;
        }

        var singles = _singles.Self;
        var availabilitySingles = _singles.Availability[u];
        foreach (var k in availabilitySingles.Keys)
        {
            _mark[k] = true;
        }

        var first = new List<int>();
        foreach (var k in singles[u].Keys)
        {
            if (!_mark[k])
            {
                first.Add(k);
            }
        }

        var second = new List<int>();
        foreach (var h in hot)
        {
            foreach (var k in singles[h].Keys)
            {
                if (!_mark[k] && !_mark2[k])
                {
                    _mark2[k] = true;
                    second.Add(k);
                }
            }
        }

        _found.Clear();
        foreach (var a in first)
        {
            foreach (var b in second)
            {
                if (a != b)
                {
                    var pair = Pack(a, b);
                    if (HitsAll(u, hot, a, b, pair))
                    {
                        _found.Add(pair);
                    }
                }
            }
        }

        CheckAll(u, hot, self);
        foreach (var h in hot)
        {
            CheckAll(u, hot, Self[h]);
        }

        foreach (var k in availabilitySingles.Keys)
        {
            _mark[k] = false;
        }

        foreach (var k in second)
        {
            _mark2[k] = false;
        }

        return Sorted(_found);
    }

    private void CheckAll(int u, ReadOnlySpan<int> hot, long[] candidates)
    {
        foreach (var pair in candidates)
        {
            var (a, b) = Unpack(pair);
            if (!_mark[a] && !_mark[b] && HitsAll(u, hot, a, b, pair))
            {
                _found.Add(pair);
            }
        }
    }

    private bool HitsAll(int u, ReadOnlySpan<int> hot, int a, int b, long pair)
    {
        if (!Hits(u, a, b, pair))
        {
            return false;
        }

        foreach (var h in hot)
        {
            if (!Hits(h, a, b, pair))
            {
                return false;
            }
        }

        return true;
    }

    private bool Hits(int x, int a, int b, long pair)
    {
        var singles = _singles.Self[x];
        return singles.Contains(a) || singles.Contains(b) || ContainsPair(Self[x], pair);
    }

    private long[] Union()
    {
        if (_parts.Count == 0)
        {
            return [];
        }

        var first = _parts[0];
        var allSame = true;
        var total = 0;
        foreach (var part in _parts)
        {
            allSame &= ReferenceEquals(part, first);
            total += part.Length;
        }

        if (allSame)
        {
            return first;
        }

        var merged = new long[total];
        var at = 0;
        foreach (var part in _parts)
        {
            part.CopyTo(merged, at);
            at += part.Length;
        }

        Array.Sort(merged);
        var write = 0;
        for (var i = 0; i < merged.Length; i++)
        {
            if (i == 0 || merged[i] != merged[i - 1])
            {
                merged[write++] = merged[i];
            }
        }

        return write == merged.Length ? merged : merged[..write];
    }

    private long[] WithoutSingles(long[] pairs, SingleMap singles)
    {
        if (pairs.Length == 0)
        {
            return pairs;
        }

        foreach (var k in singles.Keys)
        {
            _mark[k] = true;
        }

        var keep = 0;
        foreach (var pair in pairs)
        {
            var (a, b) = Unpack(pair);
            if (!_mark[a] && !_mark[b])
            {
                keep++;
            }
        }

        var result = pairs;
        if (keep != pairs.Length)
        {
            result = new long[keep];
            var write = 0;
            foreach (var pair in pairs)
            {
                var (a, b) = Unpack(pair);
                if (!_mark[a] && !_mark[b])
                {
                    result[write++] = pair;
                }
            }
        }

        foreach (var k in singles.Keys)
        {
            _mark[k] = false;
        }

        return result;
    }

    private static long[] Sorted(HashSet<long> pairs)
    {
        if (pairs.Count == 0)
        {
            return [];
        }

        var array = new long[pairs.Count];
        pairs.CopyTo(array);
        Array.Sort(array);
        return array;
    }
}
