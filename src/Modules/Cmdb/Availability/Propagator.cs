namespace HospitalOps.Cmdb.Availability;

/// <summary>
/// Forward propagation of a set of self-failures to the least fixpoint of the availability rules.
/// States only ever get worse (Up, Recoverable, Down), so each node changes at most twice and the work is
/// proportional to the edges around what is affected; cycles terminate for the same reason and stay up
/// unless a failure reaches them. Per-node counters (needs and members by state, standbys by state)
/// replace re-reading a node's inputs on every change, which would be quadratic for big clusters.
/// The arrays are sized to the graph once and cleared through the touched list, so a rented
/// propagator costs nothing proportional to the graph per call.
/// </summary>
internal sealed class Propagator
{
    private const byte Up = (byte)CiState.Up;
    private const byte Rec = (byte)CiState.Recoverable;
    private const byte Down = (byte)CiState.Down;

    private readonly AvailabilityGraph _graph;
    private readonly byte[] _self;
    private readonly byte[] _avail;
    private readonly bool[] _failed;
    private readonly int[] _needDown;
    private readonly int[] _needRec;
    private readonly int[] _memberDown;
    private readonly int[] _memberRec;
    private readonly int[] _hotDown;
    private readonly int[] _hotRec;
    private readonly int[] _coldDown;
    private readonly bool[] _isTouched;
    private readonly int[] _touched;
    private readonly int[] _queueNode;
    private readonly byte[] _queueOld;
    private readonly byte[] _queueNew;
    private readonly int[] _stamp;
    private readonly int[] _scope;
    private int _touchedCount;
    private int _queueHead;
    private int _queueTail;
    private int _stampGeneration;
    private int _scopeGeneration;
    private bool _scoped;

    public Propagator(AvailabilityGraph graph)
    {
        _graph = graph;
        var n = graph.NodeCount;
        _self = new byte[n];
        _avail = new byte[n];
        _failed = new bool[n];
        _needDown = new int[n];
        _needRec = new int[n];
        _memberDown = new int[n];
        _memberRec = new int[n];
        _hotDown = new int[n];
        _hotRec = new int[n];
        _coldDown = new int[n];
        _isTouched = new bool[n];
        _touched = new int[n];

        // Every node's availability changes at most twice, so the event queue never wraps.
        _queueNode = new int[(2 * n) + 1];
        _queueOld = new byte[(2 * n) + 1];
        _queueNew = new byte[(2 * n) + 1];
        _stamp = new int[n];
        _scope = new int[n];
    }

    public AvailabilityGraph Graph => _graph;

    /// <summary>Nodes whose state or counters this run changed; every node that is not up is among them.</summary>
    public ReadOnlySpan<int> Touched => _touched.AsSpan(0, _touchedCount);

    public CiState SelfState(int v) => (CiState)_self[v];

    public CiState Availability(int v) => (CiState)_avail[v];

    public bool Failed(int v) => _failed[v];

    /// <summary>
    /// Limits propagation to the given nodes until <see cref="ClearScope"/>; used to evaluate one business
    /// system on its closure only, where nothing outside can influence it.
    /// </summary>
    public void SetScope(ReadOnlySpan<int> nodes)
    {
        _scopeGeneration = NextGeneration(_scope, _scopeGeneration);
        foreach (var v in nodes)
        {
            _scope[v] = _scopeGeneration;
        }

        _scoped = true;
    }

    public void ClearScope() => _scoped = false;

    public void Fail(int v)
    {
        if (!InScope(v) || _failed[v])
        {
            return;
        }

        Touch(v);
        _failed[v] = true;
        if (_self[v] != Down)
        {
            RaiseSelf(v, Down);
        }
    }

    /// <summary>Runs the queued changes to the fixpoint. Call after the <see cref="Fail"/> calls of one scenario.</summary>
    public void Propagate()
    {
        var g = _graph;
        while (_queueHead < _queueTail)
        {
            var u = _queueNode[_queueHead];
            var old = _queueOld[_queueHead];
            var now = _queueNew[_queueHead];
            _queueHead++;

            foreach (var d in g.DependantsOf(u))
            {
                if (!InScope(d))
                {
                    continue;
                }

                Touch(d);
                Shift(_needDown, _needRec, d, old, now);
                ReevaluateSelf(d);
            }

            foreach (var c in g.ClustersOf(u))
            {
                if (!InScope(c))
                {
                    continue;
                }

                Touch(c);
                Shift(_memberDown, _memberRec, c, old, now);
                ReevaluateSelf(c);
            }
        }
    }

    /// <summary>Clears every touched node so the next scenario starts from "all up".</summary>
    public void Reset()
    {
        for (var i = 0; i < _touchedCount; i++)
        {
            var v = _touched[i];
            _self[v] = Up;
            _avail[v] = Up;
            _failed[v] = false;
            _needDown[v] = 0;
            _needRec[v] = 0;
            _memberDown[v] = 0;
            _memberRec[v] = 0;
            _hotDown[v] = 0;
            _hotRec[v] = 0;
            _coldDown[v] = 0;
            _isTouched[v] = false;
        }

        _touchedCount = 0;
        _queueHead = 0;
        _queueTail = 0;
    }

    /// <summary>A fresh mark for visited-sets built on top of this run (paths, switch labels).</summary>
    public int NewStamp()
    {
        _stampGeneration = NextGeneration(_stamp, _stampGeneration);
        return _stampGeneration;
    }

    public bool IsStamped(int v, int stamp) => _stamp[v] == stamp;

    public void SetStamp(int v, int stamp) => _stamp[v] = stamp;

    private static int NextGeneration(int[] marks, int generation)
    {
        if (generation == int.MaxValue)
        {
            Array.Clear(marks);
            return 1;
        }

        return generation + 1;
    }

    private static void Shift(int[] down, int[] rec, int v, byte old, byte now)
    {
        if (old == Rec)
        {
            rec[v]--;
        }
        else if (old == Down)
        {
            down[v]--;
        }

        if (now == Rec)
        {
            rec[v]++;
        }
        else if (now == Down)
        {
            down[v]++;
        }
    }

    private bool InScope(int v) => !_scoped || _scope[v] == _scopeGeneration;

    private void Touch(int v)
    {
        if (!_isTouched[v])
        {
            _isTouched[v] = true;
            _touched[_touchedCount++] = v;
        }
    }

    private void ReevaluateSelf(int v)
    {
        var state = _needDown[v] > 0 ? Down : _needRec[v] > 0 ? Rec : Up;
        if (state != Down)
        {
            var required = _graph.RequiredMembers[v];
            if (required > 0)
            {
                var count = _graph.MemberCount(v);
                var down = _memberDown[v];
                var up = count - down - _memberRec[v];
                var cluster = up >= required ? Up : count - down >= required ? Rec : Down;
                state = Math.Max(state, cluster);
            }
        }

        if (state > _self[v])
        {
            RaiseSelf(v, state);
        }
    }

    private void RaiseSelf(int v, byte state)
    {
        var g = _graph;
        var old = _self[v];
        _self[v] = state;
        Touch(v);

        for (var e = g.PrimariesStart[v]; e < g.PrimariesStart[v + 1]; e++)
        {
            var p = g.PrimariesTargets[e];
            if (!InScope(p))
            {
                continue;
            }

            Touch(p);
            if (g.PrimaryIsHot[e])
            {
                Shift(_hotDown, _hotRec, p, old, state);
            }
            else if (state == Down)
            {
                _coldDown[p]++;
            }

            ReevaluateAvailability(p);
        }

        ReevaluateAvailability(v);
    }

    private void ReevaluateAvailability(int v)
    {
        var self = _self[v];
        byte state;
        if (self == Up || _graph.HotCount[v] - _hotDown[v] - _hotRec[v] > 0)
        {
            state = Up;
        }
        else if (self == Rec || _hotRec[v] > 0 || _graph.ColdCount[v] - _coldDown[v] > 0)
        {
            state = Rec;
        }
        else
        {
            state = Down;
        }

        var old = _avail[v];
        if (state > old)
        {
            _avail[v] = state;
            _queueNode[_queueTail] = v;
            _queueOld[_queueTail] = old;
            _queueNew[_queueTail] = state;
            _queueTail++;
        }
    }
}
