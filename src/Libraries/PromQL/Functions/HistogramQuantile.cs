using HospitalOps.PromQL.Evaluation;
using HospitalOps.PromQL.Model;

namespace HospitalOps.PromQL.Functions;

/// <summary>histogram_quantile() over classic buckets (series with an <c>le</c> label), as Prometheus 2.42 computes it.</summary>
internal static class HistogramQuantile
{
    public static VectorSteps Evaluate(ScalarSteps q, VectorSteps input, StepGrid grid)
    {
        // Group buckets by all labels except le (the name stays part of the group, so two histograms of different
        // names but equal labels collide in the output, as in Prometheus).
        var groups = new Dictionary<Labels, int>();
        var groupLabels = new List<Labels>();
        var members = new List<List<(int Series, double UpperBound)>>();
        for (var i = 0; i < input.Series.Count; i++)
        {
            var labels = input.Series[i].Labels;
            if (!GoFloat.TryParse(labels.Get("le"), out var upperBound))
            {
                continue;
            }

            var key = LabelOps.Without(labels, ["le"], dropName: false);
            if (!groups.TryGetValue(key, out var g))
            {
                g = groupLabels.Count;
                groups[key] = g;
                groupLabels.Add(LabelOps.DropMetricName(key));
                members.Add([]);
            }

            members[g].Add((i, upperBound));
        }

        var output = new List<StepSeries>(groupLabels.Count);
        var buckets = new List<(double UpperBound, double Count)>();
        for (var g = 0; g < groupLabels.Count; g++)
        {
            var result = new StepSeries(groupLabels[g], grid.Count);
            for (var step = 0; step < grid.Count; step++)
            {
                buckets.Clear();
                foreach (var (series, upperBound) in members[g])
                {
                    var s = input.Series[series];
                    if (s.Present[step])
                    {
                        buckets.Add((upperBound, s.Values[step]));
                    }
                }

                if (buckets.Count == 0)
                {
                    continue;
                }

                result.Present[step] = true;
                result.Values[step] = BucketQuantile(q.Values[step], buckets);
            }

            output.Add(result);
        }

        return new VectorSteps(DuplicateLabelSets.MergeSameLabels(output, grid.Count));
    }

    private static double BucketQuantile(double q, List<(double UpperBound, double Count)> buckets)
    {
        if (double.IsNaN(q))
        {
            return double.NaN;
        }

        if (q < 0)
        {
            return double.NegativeInfinity;
        }

        if (q > 1)
        {
            return double.PositiveInfinity;
        }

        buckets.Sort((a, b) => a.UpperBound.CompareTo(b.UpperBound));
        if (!double.IsPositiveInfinity(buckets[^1].UpperBound))
        {
            return double.NaN;
        }

        // Buckets with the same upper bound (e.g. "1" and "1.0") are added up.
        var n = 0;
        for (var i = 1; i < buckets.Count; i++)
        {
            if (buckets[i].UpperBound == buckets[n].UpperBound)
            {
                buckets[n] = (buckets[n].UpperBound, buckets[n].Count + buckets[i].Count);
            }
            else
            {
                buckets[++n] = buckets[i];
            }
        }

        buckets.RemoveRange(n + 1, buckets.Count - n - 1);

        // Scrape races can make cumulative counts decrease; treat them as flat.
        var max = double.NegativeInfinity;
        for (var i = 0; i < buckets.Count; i++)
        {
            if (buckets[i].Count > max)
            {
                max = buckets[i].Count;
            }
            else if (buckets[i].Count < max)
            {
                buckets[i] = (buckets[i].UpperBound, max);
            }
        }

        if (buckets.Count < 2)
        {
            return double.NaN;
        }

        var observations = buckets[^1].Count;
        if (observations == 0)
        {
            return double.NaN;
        }

        var rank = q * observations;
        var b = buckets.Count - 1;
        for (var i = 0; i < buckets.Count - 1; i++)
        {
            if (buckets[i].Count >= rank)
            {
                b = i;
                break;
            }
        }

        if (b == buckets.Count - 1)
        {
            return buckets[^2].UpperBound;
        }

        if (b == 0 && buckets[0].UpperBound <= 0)
        {
            return buckets[0].UpperBound;
        }

        var bucketStart = 0.0;
        var bucketEnd = buckets[b].UpperBound;
        var count = buckets[b].Count;
        if (b > 0)
        {
            bucketStart = buckets[b - 1].UpperBound;
            count -= buckets[b - 1].Count;
            rank -= buckets[b - 1].Count;
        }

        return bucketStart + ((bucketEnd - bucketStart) * (rank / count));
    }
}
