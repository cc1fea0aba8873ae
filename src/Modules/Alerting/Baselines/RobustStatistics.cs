namespace HospitalOps.Alerting.Baselines;

/// <summary>
/// The few statistics the baselines need, over spans so that callers can work in pooled or stack buffers.
/// Medians and MADs rather than means and standard deviations: a history holds outages, spikes and holidays the
/// calendar missed, and one of them must not move the expected band.
/// </summary>
internal static class RobustStatistics
{
    /// <summary>1.4826 × MAD estimates the standard deviation of normally distributed noise.</summary>
    public const double MadToSigma = 1.4826;

    /// <summary>The median of <paramref name="values"/>, reordering them; NaN when empty.</summary>
    public static double MedianInPlace(Span<double> values)
    {
        var (lower, upper) = Middles(values);
        return (lower + upper) / 2;
    }

    /// <summary>
    /// The median, but of an even count the middle value nearer zero instead of the mean of the two: a level shown by
    /// half the values, not one pulled there by a single wild value among two.
    /// </summary>
    public static double MedianTowardsZeroInPlace(Span<double> values)
    {
        var (lower, upper) = Middles(values);
        return Math.Abs(lower) <= Math.Abs(upper) ? lower : upper;
    }

    /// <summary>The k-th smallest value (from 0), reordering the values.</summary>
    public static double KthSmallestInPlace(Span<double> values, int k) => Select(values, k);

    // The two middle values (the same one for an odd count), reordering the values.
    private static (double Lower, double Upper) Middles(Span<double> values)
    {
        if (values.IsEmpty)
        {
            return (double.NaN, double.NaN);
        }

        var middle = values.Length / 2;
        var upper = Select(values, middle);
        if (values.Length % 2 == 1)
        {
            return (upper, upper);
        }

        // After selection everything left of the middle is ≤ it; the lower middle is their maximum.
        var lower = double.NegativeInfinity;
        foreach (var v in values[..middle])
        {
            lower = Math.Max(lower, v);
        }

        return (lower, upper);
    }

    /// <summary>The median of the values that are not NaN, using <paramref name="scratch"/> (at least as long).</summary>
    public static double MedianOfValid(ReadOnlySpan<double> values, Span<double> scratch)
    {
        var n = 0;
        foreach (var v in values)
        {
            if (!double.IsNaN(v))
            {
                scratch[n++] = v;
            }
        }

        return MedianInPlace(scratch[..n]);
    }

    /// <summary>The q-quantile (0–1) of the values that are not NaN, by linear interpolation; NaN when none.</summary>
    public static double Quantile(ReadOnlySpan<double> values, double q)
    {
        var sorted = new double[values.Length];
        var n = 0;
        foreach (var v in values)
        {
            if (!double.IsNaN(v))
            {
                sorted[n++] = v;
            }
        }

        if (n == 0)
        {
            return double.NaN;
        }

        Array.Sort(sorted, 0, n);
        var position = q * (n - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, n - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }

    /// <summary>
    /// The Mann–Kendall statistic of a monotone trend, as a standard normal score (positive: rising). NaN values are
    /// skipped. Rank-based, so a few wild points or a skewed noise do not make a trend; the variance ignores ties,
    /// which only makes the test a little conservative on series with many equal values.
    /// </summary>
    public static double MannKendallZ(ReadOnlySpan<double> values)
    {
        long s = 0;
        var n = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                continue;
            }

            n++;
            for (var j = i + 1; j < values.Length; j++)
            {
                if (!double.IsNaN(values[j]))
                {
                    s += Math.Sign(values[j] - values[i]);
                }
            }
        }

        if (n < 3)
        {
            return 0;
        }

        var variance = n * (n - 1.0) * ((2.0 * n) + 5) / 18;
        return s == 0 ? 0 : (s - Math.Sign(s)) / Math.Sqrt(variance);
    }

    // Hoare-style quickselect: the k-th smallest, with the span partitioned around it.
    private static double Select(Span<double> values, int k)
    {
        var left = 0;
        var right = values.Length - 1;
        while (left < right)
        {
            var pivot = MedianOfThree(values[left], values[left + ((right - left) / 2)], values[right]);
            var i = left;
            var j = right;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                right = j;
            }
            else if (k >= i)
            {
                left = i;
            }
            else
            {
                return values[k];
            }
        }

        return values[k];
    }

    private static double MedianOfThree(double a, double b, double c) => Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
}
