using HospitalOps.PromQL.Ast;
using HospitalOps.PromQL.Evaluation;
using HospitalOps.PromQL.Model;

namespace HospitalOps.PromQL.Binary;

/// <summary>and, or, unless: per step, which samples of each side survive given the match signatures present on the other.</summary>
internal static class SetOperations
{
    public static VectorSteps Evaluate(BinaryExpr b, VectorSteps lhs, VectorSteps rhs, StepGrid grid)
    {
        var matching = b.Matching!;
        var signatures = new LabelGrouper(matching.MatchingLabels, keepNames: matching.On);
        var lSig = lhs.Series.Select(s => signatures.Add(s.Labels)).ToArray();
        var rSig = rhs.Series.Select(s => signatures.Add(s.Labels)).ToArray();
        var seenAtStep = new int[signatures.Count];
        var stamp = 0;

        var leftOut = lhs.Series.Select(s => new StepSeries(s.Labels, s.Values, new bool[grid.Count])).ToList();
        var rightOut = b.Op == BinaryOp.Or ? rhs.Series.Select(s => new StepSeries(s.Labels, s.Values, new bool[grid.Count])).ToList() : [];
        for (var step = 0; step < grid.Count; step++)
        {
            stamp++;
            if (b.Op == BinaryOp.Or)
            {
                for (var i = 0; i < lhs.Series.Count; i++)
                {
                    if (lhs.Series[i].Present[step])
                    {
                        leftOut[i].Present[step] = true;
                        seenAtStep[lSig[i]] = stamp;
                    }
                }

                for (var j = 0; j < rhs.Series.Count; j++)
                {
                    if (rhs.Series[j].Present[step] && seenAtStep[rSig[j]] != stamp)
                    {
                        rightOut[j].Present[step] = true;
                    }
                }

                continue;
            }

            for (var j = 0; j < rhs.Series.Count; j++)
            {
                if (rhs.Series[j].Present[step])
                {
                    seenAtStep[rSig[j]] = stamp;
                }
            }

            var wantMatch = b.Op == BinaryOp.And;
            for (var i = 0; i < lhs.Series.Count; i++)
            {
                if (lhs.Series[i].Present[step] && (seenAtStep[lSig[i]] == stamp) == wantMatch)
                {
                    leftOut[i].Present[step] = true;
                }
            }
        }

        var output = new List<StepSeries>(leftOut.Count + rightOut.Count);
        output.AddRange(leftOut.Where(s => s.Any()));
        output.AddRange(rightOut.Where(s => s.Any()));
        return new VectorSteps(DuplicateLabelSets.MergeSameLabels(output, grid.Count));
    }
}
