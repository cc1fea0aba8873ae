using HospitalOps.Monitoring.Collection;

namespace HospitalOps.Monitoring.Scrape;

/// <summary>
/// Prometheus' <c>honor_labels</c>: how a scraped series' labels meet the target's labels
/// (job, instance, configured labels). Applied before the metric relabelling.
/// </summary>
internal static class HonorLabels
{
    /// <summary>
    /// honorLabels = true: a scraped label wins, target labels only fill in the missing ones.
    /// honorLabels = false: the target label wins and the scraped value moves to
    /// <c>exported_&lt;name&gt;</c> (<c>exported_exported_&lt;name&gt;</c> if that is taken too, …).
    /// An empty target value removes the label (Prometheus' rule that "" means absent).
    /// </summary>
    public static Label[] Merge(ReadOnlySpan<Label> scraped, ReadOnlySpan<Label> target, bool honorLabels)
    {
        if (target.IsEmpty)
        {
            return scraped.ToArray();
        }

        var set = new LabelSet(scraped, extra: target.Length * 2);
        if (honorLabels)
        {
            foreach (var label in target)
            {
                if (!set.Has(label.Name))
                {
                    set.Set(label.Name, label.Value);
                }
            }

            return set.ToArray();
        }

        List<Label>? conflicts = null;
        foreach (var label in target)
        {
            var existing = set.Get(label.Name);
            if (existing.Length > 0)
            {
                (conflicts ??= []).Add(new Label(label.Name, existing));
            }

            set.Set(label.Name, label.Value);
        }

        if (conflicts is not null)
        {
            // Shortest names first, as Prometheus does, so exported_ chains resolve the same way.
            foreach (var conflict in conflicts.OrderBy(c => c.Name.Length))
            {
                var name = conflict.Name;
                while (true)
                {
                    name = "exported_" + name;
                    if (!set.Has(name))
                    {
                        set.Set(name, conflict.Value);
                        break;
                    }
                }
            }
        }

        return set.ToArray();
    }
}
