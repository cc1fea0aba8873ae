using HospitalOps.PromQL.Model;

namespace HospitalOps.PromQL.Evaluation;

/// <summary>Prometheus's "vector cannot contain metrics with the same labelset" checks.</summary>
internal static class DuplicateLabelSets
{
    /// <summary>
    /// True when every label set has the same metric name (or none): dropping the name then cannot make two distinct
    /// label sets equal, so the duplicate checks can be skipped.
    /// </summary>
    public static bool ShareOneMetricName<T>(List<T> series, Func<T, Labels> labels)
    {
        if (series.Count < 2)
        {
            return true;
        }

        var first = labels(series[0]).Get(Labels.MetricName);
        for (var i = 1; i < series.Count; i++)
        {
            if (!string.Equals(labels(series[i]).Get(Labels.MetricName), first, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><see cref="MergeSameLabels"/> for results whose only label change was dropping the metric name.</summary>
    public static List<StepSeries> MergeAfterNameDrop(List<StepSeries> input, List<StepSeries> output, int steps) =>
        ShareOneMetricName(input, s => s.Labels) ? output : MergeSameLabels(output, steps);

    /// <summary>Fails when two series of a result share a label set at all (Prometheus's check for range functions and negation).</summary>
    public static void RejectDuplicateLabelSets(List<StepSeries> series)
    {
        if (series.Count < 2)
        {
            return;
        }

        var seen = new HashSet<Labels>();
        foreach (var s in series)
        {
            if (!seen.Add(s.Labels))
            {
                throw Evaluator.Fail("vector cannot contain metrics with the same labelset");
            }
        }
    }

    /// <summary>
    /// Joins series whose label sets became equal (after dropping the name, relabelling, ...). Two of them present at
    /// the same step is the per-step "same labelset" error of Prometheus.
    /// </summary>
    public static List<StepSeries> MergeSameLabels(List<StepSeries> series, int steps)
    {
        if (series.Count < 2)
        {
            return series;
        }

        var index = new Dictionary<Labels, int>(series.Count);
        List<StepSeries>? merged = null;
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            if (index.TryGetValue(s.Labels, out var target))
            {
                merged ??= series.GetRange(0, i);
                var into = merged[target];
                if (ReferenceEquals(into, series[target]))
                {
                    into = new StepSeries(into.Labels, (double[])into.Values.Clone(), (bool[])into.Present.Clone());
                    merged[target] = into;
                }

                for (var step = 0; step < steps; step++)
                {
                    if (!s.Present[step])
                    {
                        continue;
                    }

                    if (into.Present[step])
                    {
                        throw Evaluator.Fail("vector cannot contain metrics with the same labelset");
                    }

                    into.Present[step] = true;
                    into.Values[step] = s.Values[step];
                }

                continue;
            }

            index[s.Labels] = merged?.Count ?? i;
            merged?.Add(s);
        }

        return merged ?? series;
    }
}
