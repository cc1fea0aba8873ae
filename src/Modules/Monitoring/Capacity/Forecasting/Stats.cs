namespace HospitalOps.Monitoring.Capacity.Forecasting;

internal static class Stats
{
    /// <summary>1 / Φ⁻¹(0.75): turns a median absolute deviation into a standard deviation for normal data.</summary>
    public const double MadToSigma = 1.482602218505602;

    /// <summary>Median of the values (NaN for none), by selection on a copy: O(n) on average, not a sort.</summary>
    public static double Median(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return double.NaN;
        }

        var copy = values.ToArray();
        var mid = copy.Length / 2;
        var upper = Select(copy, mid);
        if (copy.Length % 2 == 1)
        {
            return upper;
        }

        // After selecting the k-th, everything left of it is no larger, so the lower middle is their maximum.
        var lower = double.NegativeInfinity;
        for (var i = 0; i < mid; i++)
        {
            lower = Math.Max(lower, copy[i]);
        }

        return (lower + upper) / 2;
    }

    /// <summary>Hoare's selection: reorders <paramref name="a"/> so a[k] is the k-th smallest and returns it.</summary>
    private static double Select(double[] a, int k)
    {
        int left = 0, right = a.Length - 1;
        while (left < right)
        {
            var pivot = a[left + ((right - left) / 2)];
            int i = left, j = right;
            while (i <= j)
            {
                while (a[i] < pivot)
                {
                    i++;
                }

                while (a[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
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
                break;
            }
        }

        return a[k];
    }

    /// <summary>Robust standard deviation: 1.4826 × the median absolute deviation from the median.</summary>
    public static double RobustSigma(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return double.NaN;
        }

        var median = Median(values);
        var deviations = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            deviations[i] = Math.Abs(values[i] - median);
        }

        return MadToSigma * Median(deviations);
    }

    /// <summary>Lag-1 autocorrelation of residuals in time order.</summary>
    public static double Lag1Autocorrelation(ReadOnlySpan<double> residuals)
    {
        if (residuals.Length < 3)
        {
            return 0;
        }

        var mean = 0.0;
        foreach (var r in residuals)
        {
            mean += r;
        }

        mean /= residuals.Length;
        double numerator = 0, denominator = 0;
        for (var i = 0; i < residuals.Length; i++)
        {
            var d = residuals[i] - mean;
            denominator += d * d;
            if (i > 0)
            {
                numerator += d * (residuals[i - 1] - mean);
            }
        }

        return denominator > 0 ? numerator / denominator : 0;
    }

    /// <summary>Φ⁻¹(p), Acklam's rational approximation (relative error below 1.2e-9).</summary>
    public static double NormalQuantile(double p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(p, 1);
        const double PLow = 0.02425;
        if (p < PLow)
        {
            return Tail(Math.Sqrt(-2 * Math.Log(p)));
        }

        if (p > 1 - PLow)
        {
            return -Tail(Math.Sqrt(-2 * Math.Log(1 - p)));
        }

        var q = p - 0.5;
        var r = q * q;
        return (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r + 1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00) * q
            / (((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r + 6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1);

        static double Tail(double q) =>
            (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00)
            / ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q + 3.754408661907416e+00) * q + 1);
    }

    /// <summary>
    /// Student's t quantile by the Cornish–Fisher expansion around the normal quantile
    /// (Abramowitz &amp; Stegun 26.7.5); degrees of freedom below 3 are treated as 3, where the
    /// expansion is still within a few percent.
    /// </summary>
    public static double StudentQuantile(double p, double degreesOfFreedom)
    {
        var z = NormalQuantile(p);
        var v = Math.Max(3, degreesOfFreedom);
        var z2 = z * z;
        var g1 = (z2 + 1) * z / 4;
        var g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
        var g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
        var g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160;
        return z + g1 / v + g2 / (v * v) + g3 / (v * v * v) + g4 / (v * v * v * v);
    }
}
