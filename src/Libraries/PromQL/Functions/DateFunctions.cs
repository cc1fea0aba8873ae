using HospitalOps.PromQL.Ast;
using HospitalOps.PromQL.Evaluation;
using HospitalOps.PromQL.Model;

namespace HospitalOps.PromQL.Functions;

/// <summary>Calendar functions in UTC: of each sample's value (Unix seconds), or of the evaluation time without argument.</summary>
internal static class DateFunctions
{
    private static readonly Dictionary<string, Func<DateTime, double>> Functions = new(StringComparer.Ordinal)
    {
        ["year"] = t => t.Year,
        ["month"] = t => t.Month,
        ["day_of_month"] = t => t.Day,
        ["day_of_year"] = t => t.DayOfYear,
        ["day_of_week"] = t => (int)t.DayOfWeek,
        ["hour"] = t => t.Hour,
        ["minute"] = t => t.Minute,
        ["days_in_month"] = t => DateTime.DaysInMonth(t.Year, t.Month),
    };

    public static bool IsDateFunction(string name) => Functions.ContainsKey(name);

    public static VectorSteps Evaluate(Evaluator ev, Call call, StepGrid grid)
    {
        var f = Functions[call.Function.Name];
        if (call.Args.Count == 0)
        {
            var values = new double[grid.Count];
            var present = new bool[grid.Count];
            for (var step = 0; step < grid.Count; step++)
            {
                values[step] = f(ToTime(grid.At(step) / 1000.0));
                present[step] = true;
            }

            return new VectorSteps([new StepSeries(Labels.Empty, values, present)]);
        }

        return MathFunctions.Elementwise(ev.EvalVector(call.Args[0], grid), v => double.IsNaN(v) || double.IsInfinity(v) ? double.NaN : f(ToTime(v)), grid);
    }

    private static DateTime ToTime(double seconds)
    {
        var s = (long)Math.Truncate(seconds);
        s = Math.Clamp(s, -62135596800L, 253402300799L);
        return DateTime.UnixEpoch.AddSeconds(s);
    }
}
