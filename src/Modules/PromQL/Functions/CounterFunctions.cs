namespace HospitalOps.PromQL.Functions;

/// <summary>changes() and resets(): counts over consecutive sample pairs in the window.</summary>
internal static class CounterFunctions
{
    public static bool Changes(in RangeWindow w, out double result)
    {
        var changes = 0;
        var v = w.Values;
        for (var i = 1; i < v.Length; i++)
        {
            if (v[i] != v[i - 1] && !(double.IsNaN(v[i]) && double.IsNaN(v[i - 1])))
            {
                changes++;
            }
        }

        result = changes;
        return true;
    }

    public static bool Resets(in RangeWindow w, out double result)
    {
        var resets = 0;
        var v = w.Values;
        for (var i = 1; i < v.Length; i++)
        {
            if (v[i] < v[i - 1])
            {
                resets++;
            }
        }

        result = resets;
        return true;
    }
}
