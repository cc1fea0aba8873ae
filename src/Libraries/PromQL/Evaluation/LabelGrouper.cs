using HospitalOps.PromQL.Model;

namespace HospitalOps.PromQL.Evaluation;

/// <summary>
/// Assigns ids to the distinct projections of label sets onto a list of names: only those names (<c>by</c>, <c>on</c>)
/// or all but them and the metric name (<c>without</c>, <c>ignoring</c>). The projection is hashed in place, so a
/// label set is only built for each new id, not for each series.
/// </summary>
internal sealed class LabelGrouper(IReadOnlyList<string> names, bool keepNames)
{
    private readonly Dictionary<ulong, int> _byHash = [];
    private readonly List<Labels> _keys = [];
    private Dictionary<Labels, int>? _collisions;

    public IReadOnlyList<Labels> Keys => _keys;

    public int Count => _keys.Count;

    /// <summary>The id of the projection of <paramref name="labels"/>, registering it when new.</summary>
    public int Add(Labels labels) => Find(labels, register: true);

    /// <summary>The id of the projection, or -1 when it was never added.</summary>
    public int Find(Labels labels) => Find(labels, register: false);

    public Labels Project(Labels labels) => keepNames ? LabelOps.Keep(labels, names) : LabelOps.Without(labels, names, dropName: true);

    private int Find(Labels labels, bool register)
    {
        var hash = Hash(labels);
        if (_byHash.TryGetValue(hash, out var id))
        {
            if (SameProjection(labels, _keys[id]))
            {
                return id;
            }

            // A hash collision between different projections: compare built label sets instead.
            var key = Project(labels);
            _collisions ??= [];
            if (_collisions.TryGetValue(key, out id))
            {
                return id;
            }

            if (!register)
            {
                return -1;
            }

            id = _keys.Count;
            _keys.Add(key);
            _collisions[key] = id;
            return id;
        }

        if (!register)
        {
            return -1;
        }

        id = _keys.Count;
        _keys.Add(Project(labels));
        _byHash[hash] = id;
        return id;
    }

    private bool Included(string name)
    {
        var listed = false;
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                listed = true;
                break;
            }
        }

        return keepNames ? listed : !listed && name != Labels.MetricName;
    }

    private ulong Hash(Labels labels)
    {
        var h = 14695981039346656037UL;
        foreach (var l in labels.AsSpan())
        {
            if (!Included(l.Name))
            {
                continue;
            }

            foreach (var c in l.Name)
            {
                h = (h ^ c) * 1099511628211UL;
            }

            h = (h ^ 0xff) * 1099511628211UL;
            foreach (var c in l.Value)
            {
                h = (h ^ c) * 1099511628211UL;
            }

            h = (h ^ 0xfe) * 1099511628211UL;
        }

        return h;
    }

    private bool SameProjection(Labels labels, Labels key)
    {
        var items = key.AsSpan();
        var k = 0;
        foreach (var l in labels.AsSpan())
        {
            if (!Included(l.Name))
            {
                continue;
            }

            if (k >= items.Length || items[k] != l)
            {
                return false;
            }

            k++;
        }

        return k == items.Length;
    }
}
