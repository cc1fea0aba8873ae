using HospitalOps.PromQL.Ast;
using HospitalOps.PromQL.Evaluation;
using HospitalOps.PromQL.Functions;
using HospitalOps.PromQL.Model;

namespace HospitalOps.PromQL.Aggregation;

/// <summary>count_values: counts samples per distinct value, the value becoming a label of the output.</summary>
internal static class CountValues
{
    public static VectorSteps Evaluate(string label, VectorSteps input, AggregateExpr agg, StepGrid grid)
    {
        if (!LabelOps.IsValidLabelName(label))
        {
            throw Evaluator.Fail($"invalid label name \"{label}\"");
        }

        var grouping = agg.Without ? agg.Grouping : agg.Grouping.Append(label).ToList();
        var output = new Dictionary<Labels, StepSeries>();
        var ordered = new List<StepSeries>();
        foreach (var series in input.Series)
        {
            for (var step = 0; step < grid.Count; step++)
            {
                if (!series.Present[step])
                {
                    continue;
                }

                var metric = LabelOps.Set(series.Labels, label, GoFloat.Format(series.Values[step]));
                var key = agg.Without ? LabelOps.Without(metric, grouping, dropName: true) : LabelOps.Keep(metric, grouping);
                if (!output.TryGetValue(key, out var result))
                {
                    result = new StepSeries(key, grid.Count);
                    output[key] = result;
                    ordered.Add(result);
                }

                result.Present[step] = true;
                result.Values[step]++;
            }
        }

        return new VectorSteps(ordered);
    }
}
