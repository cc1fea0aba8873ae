namespace HospitalOps.Monitoring.Capacity.Forecasting;

/// <summary>
/// A line y = Intercept + Slope·x with the quantities a prediction interval needs: the robust
/// residual spread, the weighted centre of x and Σw(x − x̄)², and the effective number of
/// independent points.
/// </summary>
internal readonly record struct LineFit(double Intercept, double Slope, double Sigma, double WeightSum, double XMean, double Sxx, double EffectivePoints, int Points)
{
    public double At(double x) => Intercept + Slope * x;

    /// <summary>Standard error of the slope, widened by n / n_eff for autocorrelated residuals.</summary>
    public double SlopeStdError => Sxx > 0 ? Sigma * Math.Sqrt(Inflation / Sxx) : double.PositiveInfinity;

    /// <summary>Standard error of the line's value at x.</summary>
    public double FitStdError(double x)
    {
        var dx = x - XMean;
        return Sigma * Math.Sqrt(Inflation * (1 / WeightSum + (Sxx > 0 ? dx * dx / Sxx : 0)));
    }

    private double Inflation => EffectivePoints > 0 ? Points / EffectivePoints : 1;
}

/// <summary>
/// Huber-weighted least squares by iteratively reweighted least squares. Chosen over Theil–Sen
/// because Theil–Sen is O(n²) in pairs (a 180-day history of 5-minute rollups is 50,000 points, over a
/// billion pairs) while each reweighting pass is O(n); Huber keeps full weight for ordinary noise,
/// so with clean data it is as efficient as least squares, yet an outlier's pull is capped at
/// k·σ, and the weighted normal equations give the slope's standard error directly.
/// </summary>
internal static class RobustLine
{
    /// <summary>The usual Huber constant: 95 % efficiency under normal noise.</summary>
    private const double HuberK = 1.345;

    private const int MaxIterations = 50;

    public static LineFit Fit(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var n = x.Length;
        if (n < 2)
        {
            throw new ArgumentException("A line needs two points.", nameof(x));
        }

        var (intercept, slope) = RobustStart(x, y);
        var weights = new double[n];
        var residuals = new double[n];
        var sigma = Residuals(x, y, intercept, slope, residuals);
        double weightSum = n, xMean = 0, sxx = 0;
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            for (var i = 0; i < n; i++)
            {
                var bound = HuberK * sigma;
                var magnitude = Math.Abs(residuals[i]);
                weights[i] = magnitude <= bound ? 1 : bound / magnitude;
            }

            if (!WeightedLine(x, y, weights, out var nextIntercept, out var nextSlope, out weightSum, out xMean, out sxx))
            {
                break;
            }

            var moved = Math.Abs(nextSlope - slope) * Math.Max(1, Math.Abs(x[^1] - x[0])) + Math.Abs(nextIntercept - intercept);
            intercept = nextIntercept;
            slope = nextSlope;
            sigma = Residuals(x, y, intercept, slope, residuals);
            // A millionth of the noise is far below anything a forecast can show.
            if (moved <= 1e-6 * sigma || moved <= 1e-12 * (1 + Math.Abs(intercept)))
            {
                break;
            }
        }

        if (sxx == 0)
        {
            WeightedLine(x, y, Enumerable.Repeat(1.0, n).ToArray(), out _, out _, out weightSum, out xMean, out sxx);
        }

        var rho = Math.Clamp(Stats.Lag1Autocorrelation(residuals), 0, 0.99);
        var effective = n * (1 - rho) / (1 + rho);
        return new LineFit(intercept, slope, sigma, weightSum, xMean, sxx, effective, n);
    }

    /// <summary>
    /// Median of the slopes between points half the series apart, and the median intercept for it:
    /// an O(n) start no outlier can drag, so the reweighting begins near the answer.
    /// </summary>
    private static (double Intercept, double Slope) RobustStart(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var half = x.Length / 2;
        var slopes = new List<double>(half);
        for (var i = 0; i + half < x.Length; i++)
        {
            var dx = x[i + half] - x[i];
            if (dx > 0)
            {
                slopes.Add((y[i + half] - y[i]) / dx);
            }
        }

        var slope = slopes.Count > 0 ? Stats.Median(slopes.ToArray()) : 0;
        var offsets = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            offsets[i] = y[i] - slope * x[i];
        }

        return (Stats.Median(offsets), slope);
    }

    private static double Residuals(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double intercept, double slope, double[] residuals)
    {
        for (var i = 0; i < x.Length; i++)
        {
            residuals[i] = y[i] - (intercept + slope * x[i]);
        }

        return Stats.RobustSigma(residuals);
    }

    private static bool WeightedLine(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double[] w, out double intercept, out double slope, out double weightSum, out double xMean, out double sxx)
    {
        double sw = 0, swx = 0, swy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sw += w[i];
            swx += w[i] * x[i];
            swy += w[i] * y[i];
        }

        intercept = slope = sxx = 0;
        weightSum = sw;
        xMean = sw > 0 ? swx / sw : 0;
        if (sw <= 0)
        {
            return false;
        }

        var yMean = swy / sw;
        double sxy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var dx = x[i] - xMean;
            sxx += w[i] * dx * dx;
            sxy += w[i] * dx * (y[i] - yMean);
        }

        if (sxx <= 0)
        {
            return false;
        }

        slope = sxy / sxx;
        intercept = yMean - slope * xMean;
        return true;
    }
}
