using HospitalOps.PromQL.Model;

namespace HospitalOps.PromQL.Functions;

/// <summary>The *_over_time functions: a statistic of the samples in each window.</summary>
internal static class OverTimeFunctions
{
    [ThreadStatic]
    private static double[]? _sortBuffer;

    public static bool Avg(in RangeWindow w, out double result)
    {
        // Incremental mean (as Prometheus 2.42), which does not overflow where a plain sum would.
        double mean = 0, count = 0, c = 0;
        foreach (var sample in w.Samples)
        {
            var v = sample.V;
            count++;
            if (double.IsInfinity(mean))
            {
                if (double.IsInfinity(v) && (mean > 0) == (v > 0))
                {
                    continue;
                }

                if (!double.IsInfinity(v) && !double.IsNaN(v))
                {
                    continue;
                }
            }

            (mean, c) = KahanSumInc((v / count) - (mean / count), mean, c);
        }

        result = double.IsInfinity(mean) ? mean : mean + c;
        return true;
    }

    public static bool Sum(in RangeWindow w, out double result)
    {
        var sum = 0.0;
        foreach (var sample in w.Samples)
        {
            sum += sample.V;
        }

        result = sum;
        return true;
    }

    public static bool Count(in RangeWindow w, out double result)
    {
        result = w.Samples.Length;
        return true;
    }

    public static bool Min(in RangeWindow w, out double result)
    {
        var min = w.Samples[0].V;
        foreach (var sample in w.Samples)
        {
            var v = sample.V;
            if (v < min || double.IsNaN(min))
            {
                min = v;
            }
        }

        result = min;
        return true;
    }

    public static bool Max(in RangeWindow w, out double result)
    {
        var max = w.Samples[0].V;
        foreach (var sample in w.Samples)
        {
            var v = sample.V;
            if (v > max || double.IsNaN(max))
            {
                max = v;
            }
        }

        result = max;
        return true;
    }

    public static bool Last(in RangeWindow w, out double result)
    {
        result = w.Samples[^1].V;
        return true;
    }

    public static bool Present(in RangeWindow w, out double result)
    {
        result = 1;
        return true;
    }

    public static bool Stdvar(in RangeWindow w, out double result)
    {
        result = Variance(w.Samples);
        return true;
    }

    public static bool Stddev(in RangeWindow w, out double result)
    {
        result = Math.Sqrt(Variance(w.Samples));
        return true;
    }

    public static bool Quantile(in RangeWindow w, out double result)
    {
        var n = w.Samples.Length;
        if (_sortBuffer == null || _sortBuffer.Length < n)
        {
            _sortBuffer = new double[Math.Max(n, 64)];
        }

        var buffer = _sortBuffer.AsSpan(0, n);
        for (var i = 0; i < n; i++)
        {
            buffer[i] = w.Samples[i].V;
        }

        result = QuantileOf(w.Arg1, buffer);
        return true;
    }

    /// <summary>Prometheus's quantile: linear interpolation between the closest ranks; sorts <paramref name="values"/> in place.</summary>
    public static double QuantileOf(double q, Span<double> values)
    {
        if (values.Length == 0 || double.IsNaN(q))
        {
            return double.NaN;
        }

        if (q < 0)
        {
            return double.NegativeInfinity;
        }

        if (q > 1)
        {
            return double.PositiveInfinity;
        }

        // double's default ordering puts NaN first, as Prometheus's sort does here.
        values.Sort();
        var n = (double)values.Length;
        var rank = q * (n - 1);
        var lower = Math.Max(0, Math.Floor(rank));
        var upper = Math.Min(n - 1, lower + 1);
        var weight = rank - Math.Floor(rank);
        return (values[(int)lower] * (1 - weight)) + (values[(int)upper] * weight);
    }

    private static double Variance(ReadOnlySpan<Sample> samples)
    {
        double count = 0, mean = 0, aux = 0;
        foreach (var sample in samples)
        {
            var v = sample.V;
            count++;
            var delta = v - mean;
            mean += delta / count;
            aux += delta * (v - mean);
        }

        return aux / count;
    }

    private static (double Sum, double C) KahanSumInc(double inc, double sum, double c)
    {
        var t = sum + inc;
        if (Math.Abs(sum) >= Math.Abs(inc))
        {
            c += (sum - t) + inc;
        }
        else
        {
            c += (inc - t) + sum;
        }

        return (t, c);
    }
}
