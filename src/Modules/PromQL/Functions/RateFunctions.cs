namespace HospitalOps.PromQL.Functions;

/// <summary>rate, increase, delta (extrapolated to the window edges, as Prometheus 2.42) and irate, idelta (last two samples).</summary>
internal static class RateFunctions
{
    public static bool Rate(in RangeWindow w, out double result) => Extrapolated(w, isCounter: true, isRate: true, out result);

    public static bool Increase(in RangeWindow w, out double result) => Extrapolated(w, isCounter: true, isRate: false, out result);

    public static bool Delta(in RangeWindow w, out double result) => Extrapolated(w, isCounter: false, isRate: false, out result);

    public static bool IRate(in RangeWindow w, out double result) => Instant(w, isRate: true, out result);

    public static bool IDelta(in RangeWindow w, out double result) => Instant(w, isRate: false, out result);

    private static bool Extrapolated(in RangeWindow w, bool isCounter, bool isRate, out double result)
    {
        result = 0;
        var n = w.Values.Length;
        if (n < 2)
        {
            return false;
        }

        var v = w.Values;
        var t = w.Times;
        var value = v[n - 1] - v[0];
        if (isCounter)
        {
            // Each decrease is a counter reset: the value before it was lost and is added back.
            var last = 0.0;
            for (var i = 0; i < n; i++)
            {
                if (v[i] < last)
                {
                    value += last;
                }

                last = v[i];
            }
        }

        var durationToStart = (t[0] - w.RangeStart) / 1000.0;
        var durationToEnd = (w.RangeEnd - t[n - 1]) / 1000.0;
        var sampledInterval = (t[n - 1] - t[0]) / 1000.0;
        var averageInterval = sampledInterval / (n - 1);

        if (isCounter && value > 0 && v[0] >= 0)
        {
            // A counter cannot go below zero: do not extrapolate further back than where it would reach zero.
            var durationToZero = sampledInterval * (v[0] / value);
            if (durationToZero < durationToStart)
            {
                durationToStart = durationToZero;
            }
        }

        // Extrapolate to an edge only when a sample is expected there (within 110 % of the average spacing);
        // otherwise assume the series started or ended half an interval beyond the samples.
        var threshold = averageInterval * 1.1;
        var extrapolateTo = sampledInterval;
        extrapolateTo += durationToStart < threshold ? durationToStart : averageInterval / 2;
        extrapolateTo += durationToEnd < threshold ? durationToEnd : averageInterval / 2;

        var factor = extrapolateTo / sampledInterval;
        if (isRate)
        {
            factor /= w.RangeMs / 1000.0;
        }

        result = value * factor;
        return true;
    }

    private static bool Instant(in RangeWindow w, bool isRate, out double result)
    {
        result = 0;
        var n = w.Values.Length;
        if (n < 2)
        {
            return false;
        }

        var last = w.Values[n - 1];
        var previous = w.Values[n - 2];
        result = isRate && last < previous ? last : last - previous;
        var interval = w.Times[n - 1] - w.Times[n - 2];
        if (interval == 0)
        {
            return false;
        }

        if (isRate)
        {
            result /= interval / 1000.0;
        }

        return true;
    }
}
