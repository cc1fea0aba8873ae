using HospitalOps.PromQL.Model;

namespace HospitalOps.PromQL.Evaluation;

/// <summary>Label-set transformations the engine applies once per series (never per step).</summary>
internal static class LabelOps
{
    public static Labels DropMetricName(Labels labels)
    {
        var span = labels.AsSpan();
        var idx = IndexOf(span, Labels.MetricName);
        if (idx < 0)
        {
            return labels;
        }

        var items = new Label[span.Length - 1];
        span[..idx].CopyTo(items);
        span[(idx + 1)..].CopyTo(items.AsSpan(idx));
        return Labels.FromSortedUnchecked(items);
    }

    /// <summary>Only the named labels (the <c>by</c>/<c>on</c> side).</summary>
    public static Labels Keep(Labels labels, IReadOnlyCollection<string> names)
    {
        var span = labels.AsSpan();
        var items = new List<Label>(Math.Min(names.Count, span.Length));
        foreach (var l in span)
        {
            if (Contains(names, l.Name))
            {
                items.Add(l);
            }
        }

        return items.Count == span.Length ? labels : Labels.FromSortedUnchecked([.. items]);
    }

    /// <summary>All labels but the named ones, optionally also without the metric name (the <c>without</c>/<c>ignoring</c> side).</summary>
    public static Labels Without(Labels labels, IReadOnlyCollection<string> names, bool dropName)
    {
        var span = labels.AsSpan();
        var items = new List<Label>(span.Length);
        foreach (var l in span)
        {
            if (!Contains(names, l.Name) && !(dropName && l.Name == Labels.MetricName))
            {
                items.Add(l);
            }
        }

        return items.Count == span.Length ? labels : Labels.FromSortedUnchecked([.. items]);
    }

    /// <summary>Sets (or with an empty value removes) one label.</summary>
    public static Labels Set(Labels labels, string name, string value)
    {
        var span = labels.AsSpan();
        var items = new List<Label>(span.Length + 1);
        var done = false;
        foreach (var l in span)
        {
            var c = string.CompareOrdinal(l.Name, name);
            if (c == 0)
            {
                done = true;
                if (value.Length > 0)
                {
                    items.Add(new Label(name, value));
                }

                continue;
            }

            if (c > 0 && !done)
            {
                done = true;
                if (value.Length > 0)
                {
                    items.Add(new Label(name, value));
                }
            }

            items.Add(l);
        }

        if (!done && value.Length > 0)
        {
            items.Add(new Label(name, value));
        }

        return Labels.FromSortedUnchecked([.. items]);
    }

    public static bool IsValidLabelName(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static int IndexOf(ReadOnlySpan<Label> span, string name)
    {
        for (var i = 0; i < span.Length; i++)
        {
            if (span[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool Contains(IReadOnlyCollection<string> names, string name)
    {
        foreach (var n in names)
        {
            if (n == name)
            {
                return true;
            }
        }

        return false;
    }
}
