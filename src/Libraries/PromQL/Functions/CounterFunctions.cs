namespace HospitalOps.PromQL.Functions;

/// <summary>changes() and resets(): counts over consecutive sample pairs in the window.</summary>
internal static class CounterFunctions
{
    public static bool Changes(in RangeWindow w, out double result)
    {
        var changes = 0;
        var v = w.Samples;
        for (var i = 1; i < v.Length; i++)
        {
            if (v[i].V != v[i - 1].V && !(double.IsNaN(v[i].V) && double.IsNaN(v[i - 1].V)))
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
        var v = w.Samples;
        for (var i = 1; i < v.Length; i++)
        {
            if (v[i].V < v[i - 1].V)
            {
                resets++;
            }
        }

        result = resets;
        return true;
    }
}
