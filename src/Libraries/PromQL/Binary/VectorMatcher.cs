using HospitalOps.PromQL.Ast;
using HospitalOps.PromQL.Evaluation;
using HospitalOps.PromQL.Model;

namespace HospitalOps.PromQL.Binary;

/// <summary>
/// Arithmetic and comparisons between two vectors: one-to-one, many-to-one (group_left) or one-to-many (group_right).
/// Signatures and candidate pairs are computed once; per step only presence decides which pair produces a sample,
/// and the duplicate checks of Prometheus run per step as there.
/// </summary>
internal static class VectorMatcher
{
    public static VectorSteps Evaluate(BinaryExpr b, VectorSteps lhs, VectorSteps rhs, StepGrid grid)
    {
        var matching = b.Matching!;
        var card = matching.Card;
        var swap = card == MatchCardinality.OneToMany;

        // "many" is the side whose series each yield an output; "one" is the side that must be unique per signature.
        var many = swap ? rhs.Series : lhs.Series;
        var one = swap ? lhs.Series : rhs.Series;

        var signatures = new LabelGrouper(matching.MatchingLabels, keepNames: matching.On);
        var oneSig = new int[one.Count];
        var oneBySig = new List<List<int>>();
        for (var j = 0; j < one.Count; j++)
        {
            var id = signatures.Add(one[j].Labels);
            if (id == oneBySig.Count)
            {
                oneBySig.Add([]);
            }

            oneSig[j] = id;
            oneBySig[id].Add(j);
        }

        // Candidate partners of each "many" series and the output series of each pair (pairs with equal labels share one).
        var manySig = new int[many.Count];
        var manyPerSig = new int[oneBySig.Count];
        var partnerOutputs = new int[many.Count][];
        var outputIndex = new Dictionary<Labels, int>();
        var outputs = new List<StepSeries>();
        var outputSig = new List<int>();
        var dropName = Arithmetic.DropsMetricName(b.Op);
        var sharedOutputs = false;
        for (var i = 0; i < many.Count; i++)
        {
            var id = signatures.Find(many[i].Labels);
            manySig[i] = id;
            if (id < 0)
            {
                continue;
            }

            manyPerSig[id]++;
            var partners = oneBySig[id];
            var outs = new int[partners.Count];
            for (var p = 0; p < partners.Count; p++)
            {
                var labels = ResultLabels(many[i].Labels, one[partners[p]].Labels, matching, dropName, b.ReturnBool);
                if (outputIndex.TryGetValue(labels, out var o))
                {
                    sharedOutputs = true;
                }
                else
                {
                    o = outputs.Count;
                    outputIndex[labels] = o;
                    outputs.Add(new StepSeries(labels, grid.Count));
                    outputSig.Add(id);
                }

                outs[p] = o;
            }

            partnerOutputs[i] = outs;
        }

        if (!sharedOutputs && oneBySig.TrueForAll(l => l.Count == 1) && (card != MatchCardinality.OneToOne || Array.TrueForAll(manyPerSig, n => n <= 1)))
        {
            // Every pair is fixed and no two can collide at any step: compute pair by pair over all steps.
            for (var i = 0; i < many.Count; i++)
            {
                if (manySig[i] >= 0)
                {
                    ComputePair(b, many[i], one[oneBySig[manySig[i]][0]], outputs[partnerOutputs[i][0]], swap, grid.Count);
                }
            }

            return new VectorSteps(outputs.Where(o => o.Any()).ToList());
        }

        var oneAtStep = new int[signatures.Count];
        var oneOwner = new int[signatures.Count];
        var manyMatchedAtStep = new int[signatures.Count];
        var writtenAtStep = new int[outputs.Count];
        for (var step = 0; step < grid.Count; step++)
        {
            var stamp = step + 1;
            for (var j = 0; j < one.Count; j++)
            {
                if (!one[j].Present[step])
                {
                    continue;
                }

                var s = oneSig[j];
                if (oneAtStep[s] == stamp)
                {
                    var matched = matching.On ? LabelOps.Keep(one[j].Labels, matching.MatchingLabels) : LabelOps.Without(one[j].Labels, matching.MatchingLabels, dropName: false);
                    throw Evaluator.Fail(
                        $"found duplicate series for the match group {matched} on the {(swap ? "left" : "right")} hand-side of the operation: " +
                        $"[{one[j].Labels}, {one[oneOwner[s]].Labels}];many-to-many matching not allowed: matching labels must be unique on one side");
                }

                oneAtStep[s] = stamp;
                oneOwner[s] = j;
            }

            for (var i = 0; i < many.Count; i++)
            {
                var s = manySig[i];
                if (s < 0 || !many[i].Present[step] || oneAtStep[s] != stamp)
                {
                    continue;
                }

                var j = oneOwner[s];
                var vl = many[i].Values[step];
                var vr = one[j].Values[step];
                if (swap)
                {
                    (vl, vr) = (vr, vl);
                }

                var value = Arithmetic.Apply(b.Op, vl, vr, out var keep);
                if (b.ReturnBool)
                {
                    value = keep ? 1 : 0;
                }
                else if (!keep)
                {
                    continue;
                }

                if (card == MatchCardinality.OneToOne)
                {
                    if (manyMatchedAtStep[s] == stamp)
                    {
                        throw Evaluator.Fail("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
                    }

                    manyMatchedAtStep[s] = stamp;
                }

                var o = partnerOutputs[i][oneBySig[s].IndexOf(j)];
                if (writtenAtStep[o] == stamp)
                {
                    throw Evaluator.Fail(card != MatchCardinality.OneToOne && outputSig[o] == s
                        ? "multiple matches for labels: grouping labels must ensure unique matches"
                        : "vector cannot contain metrics with the same labelset");
                }

                writtenAtStep[o] = stamp;
                outputs[o].Values[step] = value;
                outputs[o].Present[step] = true;
            }
        }

        return new VectorSteps(outputs.Where(o => o.Any()).ToList());
    }

    private static void ComputePair(BinaryExpr b, StepSeries many, StepSeries one, StepSeries output, bool swap, int steps)
    {
        var op = b.Op;
        for (var step = 0; step < steps; step++)
        {
            if (!many.Present[step] || !one.Present[step])
            {
                continue;
            }

            var vl = swap ? one.Values[step] : many.Values[step];
            var vr = swap ? many.Values[step] : one.Values[step];
            var value = Arithmetic.Apply(op, vl, vr, out var keep);
            if (b.ReturnBool)
            {
                value = keep ? 1 : 0;
            }
            else if (!keep)
            {
                continue;
            }

            output.Values[step] = value;
            output.Present[step] = true;
        }
    }

    private static Labels ResultLabels(Labels many, Labels one, VectorMatching matching, bool dropName, bool returnBool)
    {
        var labels = dropName || returnBool ? LabelOps.DropMetricName(many) : many;
        if (matching.Card == MatchCardinality.OneToOne)
        {
            labels = matching.On ? LabelOps.Keep(labels, matching.MatchingLabels) : LabelOps.Without(labels, matching.MatchingLabels, dropName: false);
        }

        foreach (var name in matching.Include)
        {
            labels = LabelOps.Set(labels, name, one.Get(name) ?? string.Empty);
        }

        return labels;
    }
}
