using HospitalOps.PromQL.Evaluation;

namespace HospitalOps.PromQL.Functions;

/// <summary>sort() and sort_desc(): order only means something for an instant query; NaN goes last either way.</summary>
internal static class SortFunctions
{
    public static VectorSteps Sort(VectorSteps input, StepGrid grid, bool descending)
    {
        if (grid.Count != 1)
        {
            return input;
        }

        var sorted = input.Series.Where(s => s.Present[0]).ToList();
        sorted.Sort((a, b) => Compare(a.Values[0], b.Values[0], descending));
        return new VectorSteps(sorted);
    }

    private static int Compare(double a, double b, bool descending)
    {
        if (double.IsNaN(a))
        {
            return double.IsNaN(b) ? 0 : 1;
        }

        if (double.IsNaN(b))
        {
            return -1;
        }

        return descending ? b.CompareTo(a) : a.CompareTo(b);
    }
}
