namespace HospitalOps.Monitoring.History;

/// <summary>
/// The series index held in memory: every series' labels by id, and for every label pair the sorted ids of the series
/// that carry it. A selector is answered from here without touching the database. Not thread-safe by itself:
/// <see cref="SeriesIndex"/> guards it with a reader/writer lock.
/// </summary>
internal sealed class SeriesPostings
{
    private readonly Dictionary<string, Dictionary<string, PostingList>> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<long, SeriesLabels> _labels = [];

    public int Count => _labels.Count;

    /// <summary>The pool the labels of this index are parsed through.</summary>
    public StringPool Strings { get; } = new();

    public bool TryGetLabels(long id, out SeriesLabels labels) => _labels.TryGetValue(id, out labels!);

    /// <summary>Adds a series, or replaces the labels of an id that was reused after its series was removed.</summary>
    public void Add(long id, SeriesLabels labels)
    {
        if (_labels.TryGetValue(id, out var known))
        {
            if (known.Equals(labels))
            {
                return;
            }

            Remove(id);
        }

        _labels[id] = labels;
        foreach (var label in labels.WithName())
        {
            if (!_byName.TryGetValue(label.Name, out var values))
            {
                values = new Dictionary<string, PostingList>(StringComparer.Ordinal);
                _byName[label.Name] = values;
            }

            if (!values.TryGetValue(label.Value, out var list))
            {
                list = new PostingList();
                values[label.Value] = list;
            }

            list.Add(id);
        }
    }

    public void Remove(long id)
    {
        if (!_labels.Remove(id, out var labels))
        {
            return;
        }

        foreach (var label in labels.WithName())
        {
            if (_byName.TryGetValue(label.Name, out var values) && values.TryGetValue(label.Value, out var list))
            {
                list.Remove(id);
                if (list.Count == 0)
                {
                    values.Remove(label.Value);
                    if (values.Count == 0)
                    {
                        _byName.Remove(label.Name);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Ids (ascending) of the series that satisfy every matcher, at most <paramref name="limit"/>. Matchers that do not
    /// match the empty value narrow through the posting lists, the most selective first; the rest are checked on the
    /// labels of what is left. A selector made only of matchers that match the empty value selects nothing (the
    /// parser refuses it before it gets here).
    /// </summary>
    public List<(long Id, SeriesLabels Labels)> Select(IReadOnlyList<LabelMatcher> matchers, int limit)
    {
        var lists = new List<ReadOnlyMemory<long>>();
        foreach (var matcher in matchers)
        {
            if (matcher.MatchesEmpty)
            {
                continue;
            }

            var ids = Matching(matcher);
            if (ids.Length == 0)
            {
                return [];
            }

            lists.Add(ids);
        }

        if (lists.Count == 0)
        {
            return [];
        }

        lists.Sort((a, b) => a.Length.CompareTo(b.Length));
        var candidates = lists[0];
        for (var i = 1; i < lists.Count && candidates.Length > 0; i++)
        {
            candidates = Intersect(candidates.Span, lists[i].Span);
        }

        var result = new List<(long, SeriesLabels)>(Math.Min(candidates.Length, limit));
        foreach (var id in candidates.Span)
        {
            var labels = _labels[id];
            var all = true;
            foreach (var m in matchers)
            {
                if (!m.Matches(labels.Get(m.Name)))
                {
                    all = false;
                    break;
                }
            }

            if (all)
            {
                result.Add((id, labels));
                if (result.Count >= limit)
                {
                    break;
                }
            }
        }

        return result;
    }

    /// <summary>The ids carrying a value the matcher accepts; a list of the index itself when one value does (read under the lock).</summary>
    private ReadOnlyMemory<long> Matching(LabelMatcher matcher)
    {
        if (!_byName.TryGetValue(matcher.Name, out var values))
        {
            return ReadOnlyMemory<long>.Empty;
        }

        if (matcher.Kind == MatchKind.Equal)
        {
            return values.TryGetValue(matcher.Value, out var exact) ? exact.Ids : ReadOnlyMemory<long>.Empty;
        }

        PostingList? single = null;
        List<PostingList>? several = null;
        foreach (var (value, list) in values)
        {
            if (matcher.Matches(value))
            {
                if (single is null)
                {
                    single = list;
                }
                else
                {
                    (several ??= [single]).Add(list);
                }
            }
        }

        if (several is null)
        {
            return single?.Ids ?? ReadOnlyMemory<long>.Empty;
        }

        var merged = new long[several.Sum(l => l.Count)];
        var at = 0;
        foreach (var list in several)
        {
            list.CopyTo(merged, at);
            at += list.Count;
        }

        // A series carries one value per label name, so the lists are disjoint: sorting is enough.
        Array.Sort(merged);
        return merged;
    }

    private static long[] Intersect(ReadOnlySpan<long> small, ReadOnlySpan<long> large)
    {
        var result = new List<long>(small.Length);
        var j = 0;
        foreach (var id in small)
        {
            // Galloping would help very uneven sizes; a binary search per id of the smaller list does the same here.
            if (large.Length - j > 64 * (small.Length + 1))
            {
                var found = large[j..].BinarySearch(id);
                if (found >= 0)
                {
                    result.Add(id);
                    j += found + 1;
                }
                else
                {
                    j += ~found;
                }

                continue;
            }

            while (j < large.Length && large[j] < id)
            {
                j++;
            }

            if (j < large.Length && large[j] == id)
            {
                result.Add(id);
                j++;
            }
        }

        return result.ToArray();
    }

    /// <summary>A sorted, growable list of series ids.</summary>
    private sealed class PostingList
    {
        private long[] _ids = new long[2];

        public int Count { get; private set; }

        public void Add(long id)
        {
            if (Count == _ids.Length)
            {
                Array.Resize(ref _ids, _ids.Length * 2);
            }

            // Ids mostly arrive in ascending order (they are handed out that way); an older one is slotted in.
            if (Count == 0 || _ids[Count - 1] < id)
            {
                _ids[Count++] = id;
                return;
            }

            var at = Array.BinarySearch(_ids, 0, Count, id);
            if (at >= 0)
            {
                return;
            }

            at = ~at;
            Array.Copy(_ids, at, _ids, at + 1, Count - at);
            _ids[at] = id;
            Count++;
        }

        public void Remove(long id)
        {
            var at = Array.BinarySearch(_ids, 0, Count, id);
            if (at >= 0)
            {
                Array.Copy(_ids, at + 1, _ids, at, Count - at - 1);
                Count--;
            }
        }

        public ReadOnlyMemory<long> Ids => _ids.AsMemory(0, Count);

        public void CopyTo(long[] target, int at) => _ids.AsSpan(0, Count).CopyTo(target.AsSpan(at));
    }
}
