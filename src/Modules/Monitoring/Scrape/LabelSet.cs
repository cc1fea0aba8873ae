using System.Text.RegularExpressions;
using HospitalOps.Monitoring.Collection;

namespace HospitalOps.Monitoring.Scrape;

/// <summary>
/// A mutable list of labels with Prometheus' label builder rules: a missing label reads as "",
/// and setting a label to "" removes it. Order is kept; new labels are appended.
/// </summary>
internal struct LabelSet
{
    private Label[] _labels;
    private int _count;

    public LabelSet(ReadOnlySpan<Label> labels, int extra)
    {
        _labels = new Label[labels.Length + extra];
        _count = 0;
        foreach (var label in labels)
        {
            // Duplicates cannot come from the parser; keep the first if a caller passes them.
            if (!string.IsNullOrEmpty(label.Value) && IndexOf(label.Name) < 0)
            {
                _labels[_count++] = label;
            }
        }
    }

    public readonly int Count => _count;

    public readonly string Get(string name)
    {
        var i = IndexOf(name);
        return i < 0 ? "" : _labels[i].Value;
    }

    public readonly bool Has(string name) => IndexOf(name) >= 0;

    public void Set(string name, string value)
    {
        var i = IndexOf(name);
        if (value.Length == 0)
        {
            if (i >= 0)
            {
                RemoveAt(i);
            }

            return;
        }

        if (i >= 0)
        {
            _labels[i] = new Label(name, value);
            return;
        }

        if (_count == _labels.Length)
        {
            Array.Resize(ref _labels, _labels.Length * 2 + 4);
        }

        _labels[_count++] = new Label(name, value);
    }

    /// <summary>Removes the labels whose name matches (<paramref name="remove"/>) or does not match (!<paramref name="remove"/>).</summary>
    public void RemoveWhere(Regex nameRegex, bool remove)
    {
        var kept = 0;
        for (var i = 0; i < _count; i++)
        {
            if (nameRegex.IsMatch(_labels[i].Name) != remove)
            {
                _labels[kept++] = _labels[i];
            }
        }

        Array.Clear(_labels, kept, _count - kept);
        _count = kept;
    }

    public readonly Label[] Snapshot() => _labels.AsSpan(0, _count).ToArray();

    public readonly Label[] ToArray() => _labels.AsSpan(0, _count).ToArray();

    private readonly int IndexOf(string name)
    {
        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(_labels[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private void RemoveAt(int index)
    {
        Array.Copy(_labels, index + 1, _labels, index, _count - index - 1);
        _labels[--_count] = default;
    }
}
