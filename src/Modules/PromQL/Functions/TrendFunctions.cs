using HospitalOps.PromQL.Evaluation;

namespace HospitalOps.PromQL.Functions;

/// <summary>deriv(), predict_linear() (least-squares line) and holt_winters() (double exponential smoothing).</summary>
internal static class TrendFunctions
{
    public static bool Deriv(in RangeWindow w, out double result)
    {
        result = 0;
        if (w.Values.Length < 2)
        {
            return false;
        }

        // x is measured from the first sample to keep the sums small and precise.
        (result, _) = LinearRegression(w.Times, w.Values, w.Times[0]);
        return true;
    }

    public static bool PredictLinear(in RangeWindow w, out double result)
    {
        result = 0;
        if (w.Values.Length < 2)
        {
            return false;
        }

        var (slope, intercept) = LinearRegression(w.Times, w.Values, w.StepTime);
        result = (slope * w.Arg1) + intercept;
        return true;
    }

    public static bool HoltWinters(in RangeWindow w, out double result)
    {
        result = 0;
        var sf = w.Arg1;
        var tf = w.Arg2;
        if (sf <= 0 || sf >= 1)
        {
            throw Evaluator.Fail("invalid smoothing factor. Expected: 0 < sf < 1, got: " + sf.ToString("F6", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (tf <= 0 || tf >= 1)
        {
            throw Evaluator.Fail("invalid trend factor. Expected: 0 < tf < 1, got: " + tf.ToString("F6", System.Globalization.CultureInfo.InvariantCulture));
        }

        var v = w.Values;
        if (v.Length < 2)
        {
            return false;
        }

        double s0 = 0;
        var s1 = v[0];
        var b = v[1] - v[0];
        for (var i = 1; i < v.Length; i++)
        {
            var x = sf * v[i];
            if (i > 1)
            {
                b = (tf * (s1 - s0)) + ((1 - tf) * b);
            }

            var y = (1 - sf) * (s1 + b);
            s0 = s1;
            s1 = x + y;
        }

        result = s1;
        return true;
    }

    private static (double Slope, double Intercept) LinearRegression(ReadOnlySpan<long> times, ReadOnlySpan<double> values, long interceptTime)
    {
        double n = 0, sumX = 0, sumY = 0, sumXY = 0, sumX2 = 0;
        var initY = values[0];
        var constY = true;
        for (var i = 0; i < values.Length; i++)
        {
            if (constY && i > 0 && values[i] != initY)
            {
                constY = false;
            }

            n++;
            var x = (times[i] - interceptTime) / 1e3;
            sumX += x;
            sumY += values[i];
            sumXY += x * values[i];
            sumX2 += x * x;
        }

        if (constY)
        {
            return double.IsInfinity(initY) ? (double.NaN, double.NaN) : (0, initY);
        }

        var covXY = sumXY - (sumX * sumY / n);
        var varX = sumX2 - (sumX * sumX / n);
        var slope = covXY / varX;
        var intercept = (sumY / n) - (slope * sumX / n);
        return (slope, intercept);
    }
}
