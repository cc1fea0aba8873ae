using HospitalOps.PromQL.Ast;
using HospitalOps.PromQL.Evaluation;

namespace HospitalOps.PromQL.Aggregation;

/// <summary>topk/bottomk: per step and group the k largest (smallest) samples with their own labels; NaN ranks last.</summary>
internal static class TopK
{
    public static VectorSteps Evaluate(ScalarSteps k, VectorSteps input, AggregateExpr agg, StepGrid grid)
    {
        var (groupOf, groupLabels) = AggregationEvaluator.Groups(input, agg);
        var members = new List<int>[groupLabels.Count];
        for (var g = 0; g < members.Length; g++)
        {
            members[g] = [];
        }

        for (var i = 0; i < groupOf.Length; i++)
        {
            members[groupOf[i]].Add(i);
        }

        var top = agg.Op == AggregationOp.Topk;
        var selected = new bool[input.Series.Count][];
        var order = new List<int>();
        var candidates = new List<int>();
        var comparer = new ByValueAtStep(input.Series, top);
        for (var step = 0; step < grid.Count; step++)
        {
            var kf = k.Values[step];
            if (double.IsNaN(kf) || kf >= 9.2233720368547758E+18 || kf <= -9.2233720368547758E+18)
            {
                throw Evaluator.Fail("Scalar value " + Ast.Printer.FormatNumber(kf) + " overflows int64");
            }

            var count = (long)kf;
            if (count < 1)
            {
                continue;
            }

            foreach (var group in members)
            {
                candidates.Clear();
                foreach (var i in group)
                {
                    if (input.Series[i].Present[step])
                    {
                        candidates.Add(i);
                    }
                }

                SelectLikePrometheus(candidates, input, step, count, top);
                comparer.Step = step;
                candidates.Sort(comparer);
                var take = (int)Math.Min(count, candidates.Count);
                for (var j = 0; j < take; j++)
                {
                    var i = candidates[j];
                    if (selected[i] == null)
                    {
                        selected[i] = new bool[grid.Count];
                    }

                    selected[i][step] = true;
                    if (grid.Count == 1)
                    {
                        order.Add(i);
                    }
                }
            }
        }

        var output = new List<StepSeries>();
        if (grid.Count == 1)
        {
            // An instant query keeps Prometheus's order: group by group, best first.
            foreach (var i in order)
            {
                output.Add(new StepSeries(input.Series[i].Labels, input.Series[i].Values, selected[i]));
            }
        }
        else
        {
            for (var i = 0; i < selected.Length; i++)
            {
                if (selected[i] != null)
                {
                    output.Add(new StepSeries(input.Series[i].Labels, input.Series[i].Values, selected[i]));
                }
            }
        }

        return new VectorSteps(output);
    }

    /// <summary>
    /// Keeps in <paramref name="candidates"/> the k samples Prometheus keeps. Which of several equal values survive
    /// depends on its heap (Go's container/heap over the samples in input order), so the same heap is run here.
    /// </summary>
    private static void SelectLikePrometheus(List<int> candidates, VectorSteps input, int step, long k, bool top)
    {
        if (candidates.Count <= k)
        {
            return;
        }

        var heap = new List<int>((int)Math.Min(k, candidates.Count));
        double V(int i) => input.Series[heap[i]].Values[step];

        // The heap's root is the sample evicted next: the smallest for topk, the largest for bottomk; NaN first.
        bool Less(int i, int j) => double.IsNaN(V(i)) || (top ? V(i) < V(j) : V(i) > V(j));

        void Swap(int i, int j) => (heap[i], heap[j]) = (heap[j], heap[i]);

        void Up(int j)
        {
            while (true)
            {
                var i = (j - 1) / 2;
                if (i == j || !Less(j, i))
                {
                    break;
                }

                Swap(i, j);
                j = i;
            }
        }

        bool Down(int i0, int n)
        {
            var i = i0;
            while (true)
            {
                var j1 = (2 * i) + 1;
                if (j1 >= n || j1 < 0)
                {
                    break;
                }

                var j = j1;
                if (j1 + 1 < n && Less(j1 + 1, j1))
                {
                    j = j1 + 1;
                }

                if (!Less(j, i))
                {
                    break;
                }

                Swap(i, j);
                i = j;
            }

            return i > i0;
        }

        foreach (var candidate in candidates)
        {
            var v = input.Series[candidate].Values[step];
            if (heap.Count < k)
            {
                heap.Add(candidate);
                Up(heap.Count - 1);
                continue;
            }

            var root = V(0);
            if ((top ? root < v : root > v) || (double.IsNaN(root) && !double.IsNaN(v)))
            {
                heap[0] = candidate;
                if (k > 1 && !Down(0, heap.Count))
                {
                    Up(0);
                }
            }
        }

        candidates.Clear();
        candidates.AddRange(heap);
    }

    /// <summary>Orders series indexes by their value at one step, best first, NaN last, ties by input order.</summary>
    private sealed class ByValueAtStep(List<StepSeries> series, bool top) : IComparer<int>
    {
        public int Step { get; set; }

        public int Compare(int a, int b)
        {
            var c = CompareValues(series[a].Values[Step], series[b].Values[Step], top);
            return c != 0 ? c : a.CompareTo(b);
        }
    }

    private static int CompareValues(double a, double b, bool top)
    {
        if (double.IsNaN(a))
        {
            return double.IsNaN(b) ? 0 : 1;
        }

        if (double.IsNaN(b))
        {
            return -1;
        }

        return top ? b.CompareTo(a) : a.CompareTo(b);
    }
}
