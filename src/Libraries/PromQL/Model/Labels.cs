using System.Text;

namespace HospitalOps.PromQL.Model;

public readonly record struct Label(string Name, string Value);

/// <summary>
/// A series' label set, metric name included as <c>__name__</c>, sorted by name, without empty values.
/// Immutable; equality and hash are by content.
/// </summary>
public sealed class Labels : IEquatable<Labels>
{
    public const string MetricName = "__name__";

    public static readonly Labels Empty = new([]);

    private readonly Label[] _items;
    private readonly ulong _hash;

    private Labels(Label[] sortedItems)
    {
        _items = sortedItems;
        _hash = ComputeHash(sortedItems);
    }

    public int Count => _items.Length;

    public Label this[int index] => _items[index];

    public ReadOnlySpan<Label> AsSpan() => _items;

    public ulong Hash => _hash;

    public string? Metric => Get(MetricName);

    public static Labels From(IEnumerable<Label> labels)
    {
        var items = labels.Where(l => l.Value.Length > 0).ToArray();
        Array.Sort(items, (a, b) => string.CompareOrdinal(a.Name, b.Name));
        for (var i = 1; i < items.Length; i++)
        {
            if (items[i].Name == items[i - 1].Name)
            {
                throw new ArgumentException($"duplicate label name {items[i].Name}", nameof(labels));
            }
        }

        return new Labels(items);
    }

    /// <summary>Wraps items the caller guarantees are sorted by name, unique and without empty values (the engine's hot paths).</summary>
    internal static Labels FromSortedUnchecked(Label[] sortedItems) => sortedItems.Length == 0 ? Empty : new Labels(sortedItems);

    /// <summary>Orders label sets like Prometheus's <c>labels.Compare</c>: label by label, name then value, shorter first.</summary>
    public static int Compare(Labels a, Labels b)
    {
        var n = Math.Min(a._items.Length, b._items.Length);
        for (var i = 0; i < n; i++)
        {
            var c = string.CompareOrdinal(a._items[i].Name, b._items[i].Name);
            if (c != 0)
            {
                return c;
            }

            c = string.CompareOrdinal(a._items[i].Value, b._items[i].Value);
            if (c != 0)
            {
                return c;
            }
        }

        return a._items.Length.CompareTo(b._items.Length);
    }

    public static Labels From(params (string Name, string Value)[] labels) => From(labels.Select(l => new Label(l.Name, l.Value)));

    /// <summary>The value of a label, or null when the series does not have it.</summary>
    public string? Get(string name)
    {
        var lo = 0;
        var hi = _items.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = string.CompareOrdinal(_items[mid].Name, name);
            if (c == 0)
            {
                return _items[mid].Value;
            }

            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return null;
    }

    public bool Equals(Labels? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other._hash != _hash || other._items.Length != _items.Length)
        {
            return false;
        }

        for (var i = 0; i < _items.Length; i++)
        {
            if (_items[i] != other._items[i])
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as Labels);

    public override int GetHashCode() => (int)(_hash ^ (_hash >> 32));

    /// <summary>Prometheus's text form: <c>{__name__="up", job="node"}</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("{");
        for (var i = 0; i < _items.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            sb.Append(_items[i].Name).Append("=\"")
                .Append(_items[i].Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal))
                .Append('"');
        }

        return sb.Append('}').ToString();
    }

    private static ulong ComputeHash(Label[] items)
    {
        // FNV-1a over names and values with separators; stable across processes (unlike string.GetHashCode).
        var h = 14695981039346656037UL;
        foreach (var l in items)
        {
            h = Mix(h, l.Name);
            h = (h ^ 0xff) * 1099511628211UL;
            h = Mix(h, l.Value);
            h = (h ^ 0xfe) * 1099511628211UL;
        }

        return h;
    }

    private static ulong Mix(ulong h, string s)
    {
        foreach (var c in s)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return h;
    }
}
