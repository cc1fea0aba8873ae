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
        var s = w.Samples;
        var n = s.Length;
        if (n < 2)
        {
            return false;
        }

        var value = s[n - 1].V - s[0].V;
        if (isCounter)
        {
            // Each decrease is a counter reset: the value before it was lost and is added back.
            var last = 0.0;
            for (var i = 0; i < n; i++)
            {
                if (s[i].V < last)
                {
                    value += last;
                }

                last = s[i].V;
            }
        }

        var durationToStart = (s[0].T - w.RangeStart) / 1000.0;
        var durationToEnd = (w.RangeEnd - s[n - 1].T) / 1000.0;
        var sampledInterval = (s[n - 1].T - s[0].T) / 1000.0;
        var averageInterval = sampledInterval / (n - 1);

        if (isCounter && value > 0 && s[0].V >= 0)
        {
            // A counter cannot go below zero: do not extrapolate further back than where it would reach zero.
            var durationToZero = sampledInterval * (s[0].V / value);
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
        var s = w.Samples;
        var n = s.Length;
        if (n < 2)
        {
            return false;
        }

        var last = s[n - 1].V;
        var previous = s[n - 2].V;
        result = isRate && last < previous ? last : last - previous;
        var interval = s[n - 1].T - s[n - 2].T;
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
